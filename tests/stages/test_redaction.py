"""Redaction of stored text: the analyst's values, the document's structure and the PII
vocabulary's patterns."""

from __future__ import annotations

from resume_worker.stages.redaction import KnownPii, redact


def test_redact_removes_pii_but_keeps_dates_and_companies() -> None:
    """Names (even letter-spaced), phones in any format, emails, resident numbers and labelled
    birth dates are replaced; career dates and company names stay."""
    text = (
        "김 민 준\n연락처 010.1234.5678 / +82 10-1234-5678 / minjun@example.com\n"
        "생년월일: 1994.09.16 주민등록번호 940916-1234567\n"
        "2019.03 ~ 2021.02 카카오 백엔드 개발자\nTel (312) 555-0123"
    )
    out = redact(text, KnownPii(names=("김민준",), phones=("010-1234-5678", "(312) 555-0123")))
    for secret in ("김", "1234", "minjun", "1994.09.16", "940916", "555-0123"):
        assert secret not in out
    assert "2019.03 ~ 2021.02 카카오 백엔드 개발자" in out


def test_redact_names_only_as_whole_words() -> None:
    """A Latin name never matches inside another word; a Hangul name matches wherever it stands."""
    out = redact(
        "Bui builds things. BUI leads. 김민준은 개발자다. 지원자김민준",
        KnownPii(names=("Bui", "김민준")),
    )
    assert out == "[NAME] builds things. [NAME] leads. [NAME]은 개발자다. 지원자[NAME]"


def test_redact_labelled_values_in_table_rows() -> None:
    """Form tables come out as "label | value | label | value" lines: a birth date or an address
        after its label cell is redacted even when the analyst did not find it; so is the gender (PII
    like the rest), and a line without labels stays."""
    text = (
        "성명 | 홍길동 | 생년월일 | 1990.05.21\n"
        "주소 | 서울특별시 강남구 테헤란로 123, 4층 | 성별 | 남\n"
        "Date of Birth | May 21, 1990\n"
        "Address: 221B Baker Street, London\n"
        "경력사항 | 카카오 2019.03 - 현재"
    )
    out = redact(text)
    for secret in ("1990.05.21", "테헤란로", "May 21, 1990", "Baker Street"):
        assert secret not in out
    assert "생년월일 | [BIRTHDATE]" in out
    assert "| 성별 | [PII]" in out
    assert "카카오 2019.03 - 현재" in out


def test_address_words_in_prose_are_kept() -> None:
    """ "address" and "주소" without a label separator are ordinary words, not a labelled value."""
    text = "Built tools to address the needs of recruiters. 이메일 주소를 검증하는 기능 개발"
    assert redact(text) == text


def test_names_the_analyst_missed_are_found_by_structure() -> None:
    """A name in the first heading, a name cell, a signature or a self-introduction is redacted
    wherever it stands, with no help from the analyst."""
    cases = {
        "# 홍길동 이력서\n백엔드 개발자\n저 홍길동은 성실합니다.": "홍길동",
        "Jane Doe\nSoftware Engineer\nJane Doe led the platform team.": "Jane",
        "이력서 - 박 서 연\n경력사항\n박서연 드림": "서연",
        "성명: 최민호 (崔敏浩)\n최민호는 3년차 개발자입니다": "민호",
        "자기소개\n저는 윤하늘입니다. 윤하늘은 개발을 좋아합니다.": "하늘",
        "위 기재 사항은 사실과 다름이 없습니다.\n지원자 강 다 인 (인)\n강다인": "다인",
        "About me\nMy name is Lucas Moreau and I build APIs.": "Moreau",
    }
    for text, secret in cases.items():
        out = redact(text)
        assert secret not in out, out
        assert "[NAME]" in out


def test_hanja_and_romanised_forms_of_a_known_name() -> None:
    """The analyst's Hangul name also takes its romanised spellings and the Hanja beside it."""
    text = "김민준(金旼俊)\nMinjun Kim · KIM MIN-JUN · Kim, Min Jun\n김 민 준"
    out = redact(text, KnownPii(names=("김민준",)))
    assert out.count("[NAME]") == 6, out
    for secret in ("金", "Minjun", "MIN-JUN", "Min Jun", "민"):
        assert secret not in out


def test_third_parties_in_family_tables_and_references() -> None:
    """Family members (a 가족사항 table's 성명 and 생년월일 columns) and referees are redacted;
    their relations and occupations stay."""
    text = (
        "가족사항\n관계 | 성명 | 생년월일 | 직업\n부 | 홍판서 | 1960.01.01 | 회사원\n"
        "모 | 김춘섬 | 1962.02.02 | 주부\n"
        "References\nDr. Alan Grant, Professor, Montana State University\n"
        "추천인: 이몽룡 교수\n"
        "Experience\nAcme Corp | Backend Engineer"
    )
    out = redact(text)
    for secret in ("홍판서", "김춘섬", "1960.01.01", "1962", "Alan Grant", "이몽룡"):
        assert secret not in out, out
    for kept in ("관계 | 성명 | 생년월일 | 직업", "회사원", "Acme Corp | Backend Engineer"):
        assert kept in out


def test_birth_dates_in_every_form() -> None:
    """Labelled or not, Korean or English: an exact birth date goes, a career date stays."""
    lines = [
        "생년월일 1990.05.21",
        "생일: 5월 21일 1990",
        "출생 | 1990년 5월 21일",
        "1990.05.21생",
        "남,1990년5월21일(만35세)",
        "1990년 5월 21일 (만 35세)",
        "DOB: 21/05/1990",
        "Date of birth: May 21, 1990",
        "Born on 21 May 1990",
        "Birthday | 1990-05-21",
    ]
    for line in lines:
        out = redact(line)
        assert "21" not in out, (line, out)
    assert redact("2019.03.01 ~ 2021.02.28 카카오") == "2019.03.01 ~ 2021.02.28 카카오"


def test_addresses_links_and_handles() -> None:
    """Labelled and unlabelled street addresses, personal links and labelled handles go;
    skills that look like domains (Node.js, Socket.io) stay."""
    text = (
        "현주소: 경기도 성남시 분당구 판교역로 235, 101동 1203호\n"
        "서울특별시 마포구 성암로 12 거주\n"
        "1600 Amphitheatre Parkway, Mountain View\n"
        "GitHub: janedoe-dev | Blog: https://janedoe.tistory.com/\n"
        "linkedin.com/in/jane-doe · jane.github.io · velog.io/@jane\n"
        "Skills: Node.js, Socket.io, Vue.js, ASP.NET"
    )
    out = redact(text)
    for secret in ("판교역로", "1203", "성암로", "Amphitheatre", "janedoe", "jane-doe", "@jane"):
        assert secret not in out, out
    assert "jane.github" not in out
    assert "Skills: Node.js, Socket.io, Vue.js, ASP.NET" in out
