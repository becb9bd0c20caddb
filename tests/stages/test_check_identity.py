"""The one-person check: two resumes in one file are refused; near-misses are not."""

from __future__ import annotations

import asyncio

import pytest

from resume_worker.core.errors import ErrorCode, PermanentError
from resume_worker.core.models import ExtractedText, Usage
from resume_worker.core.ports.analyst import IdentityVote
from resume_worker.stages.check_identity import check_identity
from tests.rules_docs import doc


def _refused(text: object) -> bool:
    try:
        asyncio.run(check_identity(text))  # type: ignore[arg-type]
    except PermanentError as exc:
        assert exc.code is ErrorCode.MULTI_IDENTITY
        assert "@" not in exc.message and "010" not in exc.message
        return True
    return False


def _english(name: str, email: str, phone: str) -> str:
    return (
        f"{name}\n{email} · {phone}\nExperience\nEngineer, Contoso (2019 – Present)\n"
        "Education\nB.S. in Physics, State University\nSkills\nPython, SQL"
    )


def test_two_resumes_across_a_page_break_are_refused() -> None:
    """A second person's header and sections after the first resume -> MULTI_IDENTITY."""
    text = doc(
        _english("Avery Collins", "avery@example.com", "(617) 555-0131"),
        _english("Morgan Blake", "morgan@example.com", "(206) 555-0177"),
        page_breaks=(1,),
    )
    assert _refused(text)


def test_two_resumes_joined_without_a_break_are_refused() -> None:
    """The same, with no page break between the two resumes."""
    korean = (
        "권태윤\n보안 엔지니어 | taeyun@example.com | 010-0000-4680\n"
        "경력\n안랩 / 선임 / 2018.02 ~ 현재\n학력\n고려대학교"
    )
    text = doc(korean, _english("Riley Chen", "riley@example.com", "+1 (415) 555-0166"))
    assert _refused(text)


def test_two_table_forms_with_different_birth_dates_are_refused() -> None:
    """Two 이력서 forms: different 성명 and 생년월일 values -> MULTI_IDENTITY."""

    def form(name: str, birth: str) -> list[tuple[str, ...]]:
        return [("성    명", name), ("생년월일", birth)]

    text = doc("이 력 서", form("신가은", "1995.04.12"), "이 력 서", form("조민재", "1990.11.30"))
    assert _refused(text)


@pytest.mark.parametrize(
    "tail",
    [
        "References\nDr. Alex Turner, Director of Engineering\n"
        "alex.turner@example.com · (303) 555-0148\n"
        "Priya Raman, IT Manager\npriya.raman@example.com · (720) 555-0190",
        "추천인\n김교수 (지도교수) prof.kim@example.ac.kr 02-000-0000",
        "Experience\nOffice: 02-3456-7890 (회사 대표전화)",
    ],
)
def test_referees_and_office_contacts_are_not_a_second_person(tail: str) -> None:
    """Contacts of referees, professors or an office do not make a second identity."""
    text = doc(_english("Casey Morgan", "casey@example.com", "(303) 555-0112"), tail)
    assert not _refused(text)


def test_professor_on_a_cover_page_is_not_a_second_person() -> None:
    """A cover page naming a professor and the student, then the student's form, is one person."""
    text = doc(
        "기말 과제: 이력서 작성\n담당교수 : 문정석 교수님\n이      름 : 배지아",
        "이 력 서",
        [("성명", "배지아"), ("생년월일", "2002.08.19"), ("휴대폰", "010-0000-5791")],
        "위 기재 사항은 사실과 다름이 없습니다.\n지원자  배지아  (인)",
    )
    assert not _refused(text)


def test_personal_and_work_contacts_in_one_header_are_one_person() -> None:
    """Two e-mails and two phones in the header, and a title repeated on page 2, are fine."""
    text = doc(
        "Jane Smith\njane@example.com | jane.smith@work.example | (312) 555-0123 | 010-0000-1111",
        "Experience\nEngineer, Globex (2019 – Present)\nSkills\nGo",
        "Resume\nEducation\nB.S., State University",
        page_breaks=(2,),
    )
    assert not _refused(text)


def test_office_phone_then_a_second_experience_section_is_one_person() -> None:
    """An office number inside a career entry followed by 경력기술서 is not a second person."""
    text = doc(
        "홍길동\nhong@example.com · 010-0000-1111",
        "경력\n카카오 2019.03 ~ 현재\n사무실 02-6718-0000",
        "경력기술서\n결제 서버를 개발했습니다.",
    )
    assert not _refused(text)


def test_family_table_is_not_a_second_person() -> None:
    """A 가족사항 table (성명 column, birth dates) names relatives, not a second candidate."""
    text = doc(
        [("성명", "홍길동"), ("생년월일", "1990.01.01"), ("이메일", "hong@example.com")],
        "가족사항",
        [("관계", "성명", "생년월일", "직업"), ("부", "홍판서", "1960.02.02", "자영업")],
        "경력\n카카오 2019.03 ~ 현재",
    )
    assert not _refused(text)


def test_second_page_opening_with_another_person_is_refused() -> None:
    """Page 2 opening with a new name and a new e-mail is a second resume, even without sections."""
    text = doc(
        _english("Avery Collins", "avery@example.com", "(617) 555-0131"),
        "Morgan Blake\nmorgan@example.com · (206) 555-0177\nFront-end engineer",
        page_breaks=(1,),
    )
    assert _refused(text)


class _Voter:
    """An identity voter with a fixed answer that counts its calls (the real one is tested
    against the loopback server in tests/adapters/test_llm_analyst.py)."""

    def __init__(self, one_person: bool | None) -> None:
        self.one_person = one_person
        self.calls = 0

    async def vote(self, text: ExtractedText) -> IdentityVote:
        self.calls += 1
        return IdentityVote(self.one_person, Usage(calls=1, input_tokens=10, cost=0.001))


ONE_PERSON = doc(_english("Casey Morgan", "casey@example.com", "(303) 555-0112"))


def test_the_vote_refuses_what_the_rules_let_through() -> None:
    """A "two people" vote on a document the rules accept -> MULTI_IDENTITY."""
    with pytest.raises(PermanentError) as caught:
        asyncio.run(check_identity(ONE_PERSON, voter=_Voter(False)))
    assert caught.value.code is ErrorCode.MULTI_IDENTITY


@pytest.mark.parametrize("answer", [True, None])
def test_a_yes_or_an_abstention_passes_and_reports_its_cost(answer: bool | None) -> None:
    """One person or no opinion: the document goes on; the vote's usage is returned."""
    usage = asyncio.run(check_identity(ONE_PERSON, voter=_Voter(answer)))
    assert usage == Usage(calls=1, input_tokens=10, cost=0.001)


def test_rules_decide_first_and_no_voter_means_no_vote() -> None:
    """A clear two-person document is refused without asking; without a voter nothing is spent."""
    voter = _Voter(True)
    two = doc(
        _english("Avery Collins", "avery@example.com", "(617) 555-0131"),
        _english("Morgan Blake", "morgan@example.com", "(206) 555-0177"),
        page_breaks=(1,),
    )
    with pytest.raises(PermanentError):
        asyncio.run(check_identity(two, voter=voter))
    assert voter.calls == 0
    assert asyncio.run(check_identity(ONE_PERSON)) is None


def test_a_signed_form_names_its_person_once() -> None:
    """성명(한글) at the top and `성명 : 홍길동 (인)` under the closing are one person."""
    text = doc(
        "입 사 지 원 서",
        [("성명(한글)", "성현연", "성명(한자)", "成賢延"), ("휴대전화", "010-0410-1620")],
        "경력사항",
        [("기간", "회사명"), ("2023-12 ~ 재직 중", "누리커머스")],
        "상기 기재 사항은 사실과 다름없음을 확인합니다.\n성명 : 성현연 (인)",
    )
    assert not _refused(text)


def test_a_phone_then_an_email_below_it_are_one_contact_block() -> None:
    """Contacts read after the sections (a sidebar printed late) are the candidate's own when
    they are one block: its e-mail is not a second person even if a section then repeats."""
    text = doc(
        "Experience\nEngineer, Contoso (2019 – Present)\nSkills\nPython",
        "휴대폰 010-0225-2772\n이메일 houjoo72@example.net\n주소 부산광역시",
        "직무 역량\n정산 배치 개발",
    )
    assert not _refused(text)


def test_a_second_person_after_the_first_ones_footer_contacts_is_refused() -> None:
    """The first resume ends with its contacts; the next page is another person's form whose
    phone comes a line before their e-mail: one new block after the first person's."""
    text = doc(
        "Sophia Reed\nStaff Engineer\nExperience\n2020 – 2023 Engineer, Redstone Labs\n"
        "Education\n2015 – 2019 Physics, Harwick College\n312-555-0176 • sreed@example.net",
        "이력서\n이름 백재지\n성별 남 휴대폰 010-0241-6393\n이메일 jaejibaek6@example.net\n"
        "학력사항\n2013.03 ~ 2017.02 누리대학교\n경력사항\n2018.11 ~ 2021.01 (주)미리내에듀",
        page_breaks=(1,),
    )
    assert _refused(text)


def test_a_second_resume_read_into_the_first_ones_references_is_refused() -> None:
    """A page that opens with a name and a new e-mail below it, inside the first resume's
    References, followed by a section the first resume had: a second resume."""
    text = doc(
        "Ava Brien\n+1 206 555 0191 · abrien@example.org\nWork History\nML Engineer, Contoso, "
        "2019 – 2022\nReferences\nKwame Dubois • Former manager\n(206) 555-0158",
        "허현준\n서버 개발자\n• Email: hyeonjunheo37@mail.example.com\n자기소개\n서버 개발자입니다."
        "\n경력\n누리건설(주) (2025. 04 ~ 현재)",
        page_breaks=(1,),
    )
    assert _refused(text)


def test_a_referee_on_a_new_page_is_not_a_second_person() -> None:
    """References that go on over a page break: a name and an e-mail at the page's top, and no
    resume section after them."""
    text = doc(
        _english("Avery Collins", "avery@example.com", "(617) 555-0131")
        + "\nReferences\nKwame Dubois • Former manager",
        "Jordan Tanaka\njordan.tanaka@example.org\nFormer team lead, Pinecrest Media",
        page_breaks=(1,),
    )
    assert not _refused(text)


EN1 = "Avery Collins\navery@example.com | (617) 555-0131\n\nExperience\nEngineer, Contoso, 2019 – Present\n\nEducation\nB.S. Physics, State University, 2014 – 2018\n\nSkills\nPython, SQL"
EN2 = "Morgan Blake\nmorgan@example.com | (206) 555-0177\n\nExperience\nDesigner, Fabrikam, 2018 – 2022\n\nEducation\nB.A. Art, City College, 2012 – 2016\n\nSkills\nFigma"
KO1 = "홍길동\nhong@example.com\n010-1234-5678\n\n경력\n(주)가람 2019.03 ~ 현재 백엔드 개발자\n\n학력\n한빛대학교 2012.03 ~ 2016.02\n\n기술 스택\nJava, Spring"
KO2 = "이 력 서\n\n성명 | 김민준\n생년월일 | 1992.05.01\n연락처 | 010-9876-5432\n이메일 | minjun@example.com\n\n학력사항\n2011.03 ~ 2015.02 누리대학교\n\n경력사항\n2015.03 ~ 2020.12 라온상사 대리"
MULTI = [
    ("en+en page", (EN1, EN2), (1,)),
    ("en+en midpage", (EN1 + "\n" + EN2,), ()),
    ("ko+en page", (KO1, EN2), (1,)),
    ("en+ko page", (EN1, KO2), (1,)),
    ("ko+ko page", (KO1, KO2), (1,)),
    ("ko+ko mid", (KO1 + "\n" + KO2,), ()),
    ("en+ko mid", (EN1 + "\n" + KO2,), ()),
]
SINGLE = [
    (
        "projects with contacts",
        EN1
        + "\n\nProjects\nOpen-source maintainer, github.com/avery/tool, 2020 – Present\nContact the project: tool@example.org\nClient portal for Fabrikam, 2021\n\nExperience\nIntern, Contoso, 2017 – 2018",
    ),
    (
        "work and personal emails",
        "Avery Collins\navery@example.com\nWork: avery.collins@contoso.com | (617) 555-0131\n\nExperience\nEngineer, Contoso, 2019 – Present\n\nEducation\nState University, 2014 – 2018",
    ),
    (
        "footer contacts repeated on page 2",
        "Avery Collins\navery@example.com | (617) 555-0131\n\nExperience\nEngineer, Contoso, 2019 – Present\n\nAvery Collins · avery@example.com · page 2\n\nExperience (continued)\nIntern, Fabrikam, 2017 – 2018\n\nEducation\nState University, 2014 – 2018",
    ),
    (
        "ko form + 경력기술서",
        KO2
        + "\n\n경력기술서\n\n라온상사 (2015.03 ~ 2020.12)\n담당업무: 영업 관리\n\n가족사항\n관계 | 성명 | 연락처\n부 | 김철수 | 010-1111-2222",
    ),
    (
        "references",
        EN1
        + "\n\nReferences\nDr. Jane Roe, Professor, State University\njane.roe@state.edu | (617) 555-0199\nJohn Poe, Manager, Contoso\njohn.poe@contoso.com",
    ),
]


@pytest.mark.parametrize(
    ("parts", "breaks"), [(p, b) for _, p, b in MULTI], ids=[n for n, _, _ in MULTI]
)
def test_two_resumes_in_any_order_of_languages_and_joins(
    parts: tuple[str, ...], breaks: tuple[int, ...]
) -> None:
    """English and Korean resumes and forms, two of them joined at a page break or mid-page."""
    assert _refused(doc(*parts, page_breaks=breaks))


@pytest.mark.parametrize("text", [t for _, t in SINGLE], ids=[n for n, _ in SINGLE])
def test_one_resume_with_other_contacts_in_it(text: str) -> None:
    """A project's contact e-mail before a second experience section, work and personal
    contacts, contacts repeated in a page-2 header, a form with its 경력기술서 and 가족사항,
    referees: one person."""
    assert not _refused(doc(*text.split("\n\n")))


FOOT_A = "Avery Collins\nSenior Engineer\n\nExperience\nEngineer, Contoso, 2019 – Present\n\nEducation\nB.S. Physics, State University, 2014 – 2018\n\nContact\navery@example.com\n(617) 555-0131"
FOOT_B = "Morgan Blake\nDesigner\n\nExperience\nDesigner, Fabrikam, 2018 – 2022\n\nEducation\nB.A. Art, City College, 2012 – 2016\n\nContact\nmorgan@example.com\n(206) 555-0177"
FOOT_KA = "홍길동\n백엔드 개발자\n\n경력\n(주)가람 2019.03 ~ 현재\n\n학력\n한빛대학교 2012.03 ~ 2016.02\n\n연락처\nhong@example.com\n010-1234-5678"
FOOT_KB = "김민준\n디자이너\n\n경력\n라온상사 2015.03 ~ 2020.12\n\n학력\n누리대학교 2011.03 ~ 2015.02\n\n연락처\nminjun@example.com\n010-9876-5432"
FOOTER_MULTI = [
    ("footer contacts en", (FOOT_A, FOOT_B), (1,)),
    ("footer contacts ko", (FOOT_KA, FOOT_KB), (1,)),
    ("footer mixed", (FOOT_A, FOOT_KB), (1,)),
    ("footer midpage", (FOOT_A + "\n" + FOOT_B,), ()),
]


@pytest.mark.parametrize(
    ("parts", "breaks"), [(p, b) for _, p, b in FOOTER_MULTI], ids=[n for n, _, _ in FOOTER_MULTI]
)
def test_two_resumes_that_put_their_contacts_last(
    parts: tuple[str, ...], breaks: tuple[int, ...]
) -> None:
    """Each resume ends with its e-mail and phone: a section seen again between the two
    blocks is a second resume."""
    assert _refused(doc(*parts, page_breaks=breaks))


def test_a_page_that_opens_with_another_name_its_title_and_a_new_email_is_refused() -> None:
    """The e-mail two lines under a page-top name (a title line between) is that person's."""
    text = doc(
        _english("Avery Collins", "avery@example.com", "(617) 555-0131"),
        "Morgan Blake\nProduct Designer\nmorgan@example.com\nSummary\nDesigner of apps.",
        page_breaks=(1,),
    )
    assert _refused(text)
