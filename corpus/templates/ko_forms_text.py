"""The free text of a Korean 이력서 form: the 자기소개(서) under its usual headings, and the
closing pledge with the date and the applicant's name before the seal mark (인)."""

from __future__ import annotations

import random

from corpus.records import TODAY, Persona

SUBJECTS = {
    "backend": "서버 개발", "frontend": "웹 프론트엔드 개발", "data": "데이터 엔지니어링",
    "ml": "머신러닝", "design": "프로덕트 디자인", "finance": "재무회계",
    "marketing": "디지털 마케팅",
}  # fmt: skip
GROWTH = (
    "맞벌이 부모님 밑에서 자라며 스스로 계획을 세우고 지키는 습관을 들였습니다. 중학교 때부터 "
    "매일 공부 일지를 쓰며 작은 목표를 하나씩 이루는 즐거움을 알게 되었습니다.",
    "어릴 때부터 무엇이든 직접 뜯어보고 다시 조립해 보는 것을 좋아했습니다. 그 호기심이 "
    "{subject} 분야로 이어졌고, 대학에서는 동아리 활동으로 실제 서비스를 만들어 보았습니다.",
    "가족 모두가 책을 좋아하는 집에서 자라 꾸준히 읽고 정리하는 습관이 몸에 배었습니다. "
    "지금도 배운 내용을 글로 정리하며 제 것으로 만들고 있습니다.",
)
CHARACTER = (
    "저의 장점은 맡은 일을 끝까지 책임지는 끈기입니다. 반면 한 가지 일에 지나치게 몰두하는 "
    "편이라, 일정표를 만들어 우선순위를 자주 점검하며 보완하고 있습니다.",
    "꼼꼼하고 차분한 성격으로 실수가 적다는 평가를 받아 왔습니다. 다만 결정을 내리기 전에 "
    "오래 고민하는 단점이 있어, 기한을 먼저 정하고 판단하는 연습을 하고 있습니다.",
    "사람들과 어울리며 의견을 모으는 일을 잘합니다. 때로는 거절을 어려워하는 점이 단점이어서 "
    "업무 범위를 분명히 나누고 소통하려고 노력합니다.",
)
MOTIVE = (
    "{years}년 동안 {subject} 업무를 하며 쌓은 경험을 더 큰 무대에서 펼치고 싶어 지원했습니다.",
    "귀사의 서비스를 오래 써 온 사용자로서, 그 뒤에서 {subject}을(를) 맡아 더 나은 경험을 "
    "만들고 싶어 지원하게 되었습니다.",
    "{subject} 분야에서 꾸준히 성장하는 귀사의 문화에 공감하여 지원하게 되었습니다.",
)
PLAN = (
    "입사 후에는 빠르게 업무를 익혀 팀에 보탬이 되고, 3년 안에 {subject} 분야의 믿을 만한 "
    "실무자가 되겠습니다.",
    "배움을 멈추지 않고 동료와 함께 성장하는 구성원이 되겠습니다. 맡은 일에서 작은 개선을 "
    "꾸준히 쌓아 회사의 성과로 이어지게 하겠습니다.",
)
PLEDGES = (
    "위 기재 사항은 사실과 다름이 없습니다.",
    "위에 기재한 사항은 사실과 틀림이 없습니다.",
    "상기 기재 사항은 사실과 다름없음을 확인합니다.",
)
SIGNATURES = ("지원자 : {name} (인)", "지원자  {name}  (인)", "성명 : {name} (인)",
              "작성자 {name} (서명)")  # fmt: skip


def self_introduction(persona: Persona, rng: random.Random) -> list[tuple[str, str]]:
    """(heading, paragraph) pairs: 성장과정, 성격의 장단점, 지원동기 and, often, 입사 후 포부."""
    years = max(1, persona.experience_months // 12)
    subject = SUBJECTS.get(persona.field, "직무")
    values = {"subject": subject, "years": years}
    motive = MOTIVE[1:] if not persona.careers else MOTIVE
    pairs = [
        ("성장과정", rng.choice(GROWTH)),
        ("성격의 장단점", rng.choice(CHARACTER)),
        ("지원동기", rng.choice(motive)),
    ]
    if rng.random() < 0.7:
        pairs.append(("입사 후 포부", rng.choice(PLAN)))
    return [(heading, text.format(**values)) for heading, text in pairs]


def closing(name: str, rng: random.Random) -> tuple[str, str, str]:
    """The pledge, the date of the day the form is signed, and the signature line."""
    date = rng.choice(
        (
            f"{TODAY.year}년 {TODAY.month}월 {TODAY.day}일",
            f"{TODAY.year}. {TODAY.month:02d}. {TODAY.day:02d}.",
            f"{TODAY.year}년 {TODAY.month:02d}월 {TODAY.day:02d}일",
        )
    )
    return rng.choice(PLEDGES), date, rng.choice(SIGNATURES).format(name=name)
