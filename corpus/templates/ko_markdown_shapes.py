"""The Markdown of each Korean developer resume shape: what it prints and in which order.

Each shape returns a `Page`: its lines, the careers in the order printed, and the links, birth
date and name forms it printed, so the template's `Shown` and gold say exactly that."""

from __future__ import annotations

import random
from dataclasses import dataclass

from corpus.korean import birth_forms
from corpus.records import TODAY, Career, Persona
from corpus.templates.ko_markdown_parts import (
    INTROS,
    LOCATIONS,
    OUTCOMES,
    Company,
    Dates,
    blog,
    companies,
    dates_for,
    duration,
    length,
    projects_at,
    school_line,
    skill_lines,
    stack,
    with_scheme,
)


@dataclass(frozen=True)
class Page:
    """A shape's Markdown and what it printed beyond the persona's plain record."""

    lines: list[str]
    careers: tuple[Career, ...]  # in the order printed
    links: tuple[str, ...] = ()
    birth: str | None = None
    name_forms: tuple[str, ...] = ()


def _total(p: Persona) -> str:
    return length(p.experience_months)


def _labels(mixed: bool) -> dict[str, str]:
    if mixed:
        return {"about": "About", "career": "Work Experience", "skills": "Skills",
                "school": "Education", "role": "Role", "duty": "Responsibilities",
                "stack": "Tech Stack", "certs": "Certificates"}  # fmt: skip
    return {"about": "자기소개", "career": "경력", "skills": "기술스택", "school": "학력",
            "role": "직책", "duty": "담당 업무", "stack": "기술스택",
            "certs": "자격증"}  # fmt: skip


def _project_lines(
    company: Company, p: Persona, rng: random.Random, dates: Dates, stack: str
) -> list[str]:
    lines: list[str] = []
    for project in projects_at(company, p, rng):
        span = dates.range(project.start, project.end, project.end is None)
        lines += [f"#### {project.name} ({span})", ""]
        lines += [f"- {outcome}" for outcome in project.outcomes]
        lines += [f"- **{stack}**: {', '.join(project.tech)}", ""]
    return lines


def company_heading(p: Persona, rng: random.Random) -> Page:
    """`### (주)가나다 (2019.03 ~ 현재)`, the role(s) under it, then project blocks."""
    mixed, words = p.language == "mixed", _labels(p.language == "mixed")
    dates = dates_for(rng, mixed)
    github, site = with_scheme(p.links[0]), blog(p, rng)
    korean_labels = rng.random() < 0.5 and not mixed
    email, phone = ("이메일", "연락처") if korean_labels else ("Email", "Phone")
    headline = f"**{p.headline}**" + (f" · {_total(p)}" if p.careers else "")
    lines = [f"# {p.name}", "", headline, "", f"- {email}: {p.emails[0]}",
             f"- {phone}: {p.phones[0]}", f"- GitHub: {github}", f"- Blog: {site}", ""]  # fmt: skip
    lines += [f"## {words['about']}", "", f"{p.summary} {rng.choice(INTROS)}", ""]
    if p.careers:
        lines += [f"## {words['career']}", ""]
    for company in companies(p.careers):
        lines += [f"### {company.name} ({dates.company(company)})", ""]
        if len(company.roles) == 1:
            role = company.newest
            lines += [f"- {words['role']}: {role.position}"]
            lines += [f"- {words['duty']}: {role.duty}"] if role.duty else []
        else:
            lines += [f"- {role.position} ({dates.of(role)})" for role in company.roles]
        lines += ["", *_project_lines(company, p, rng, dates, words["stack"])]
    lines += [f"## {words['skills']}", "", *skill_lines(p.skills, rng), ""]
    lines += [f"## {words['school']}", ""] + [f"- {school_line(s, dates)}" for s in p.education]
    if p.military and not mixed:
        lines += ["", "## 병역", "", f"- {p.military}"]
    return Page(lines, p.careers, links=(github, site))


def location_role(p: Persona, rng: random.Random) -> Page:
    """`**(주)가나다, 경기 성남시 - 서버 개발**`, the dates and length, duties and projects."""
    mixed, words = p.language == "mixed", _labels(p.language == "mixed")
    dates = dates_for(rng, mixed)
    github, site = p.links[0], blog(p, rng).removeprefix("https://")
    lines = [f"# {p.name}", "", p.headline, ""]
    lines += [f"✉ {p.emails[0]} · ☎ {p.phones[0]} · GitHub [{github}]({with_scheme(github)})"
              f" · Blog [{site}]({with_scheme(site)})", ""]  # fmt: skip
    if p.careers:
        lines += [f"## {words['career']}", ""]
    as_heading = rng.random() < 0.5
    places = {c.company: rng.choice(LOCATIONS) for c in p.careers}
    for career in p.careers:
        title = f"{career.company}, {places[career.company]} - {career.position}"
        lines += [f"### {title}" if as_heading else f"**{title}**", ""]
        span = f"{dates.of(career)} ({duration(career.start or '', career.end)})"
        lines += [f"*{span}*", ""]
        lines += [f"- {career.duty}"] if career.duty else []
        for outcome in rng.sample(OUTCOMES, 2):
            lines.append("- " + outcome.format(n=rng.randint(15, 60), k=rng.randint(2, 30), m=2))
        tech = rng.sample(stack(p), min(len(stack(p)), 3))
        lines += [f"- **{words['stack']}**: {', '.join(tech)}", ""]
    lines += _side_projects(p, dates)
    lines += [f"## {words['skills']}", "", *skill_lines(p.skills, rng), ""]
    lines += [f"## {words['school']}", ""] + [f"- {school_line(s, dates)}" for s in p.education]
    lines += ["", f"## {words['about']}", "", p.summary, "", rng.choice(INTROS)]
    return Page(lines, p.careers, links=(github, site))


def _side_projects(p: Persona, dates: Dates) -> list[str]:
    if not p.projects:
        return []
    lines = ["## 개인 프로젝트", ""]
    for project in p.projects:
        lines += [f"**{project.name}** ({dates.range(project.start, project.end, False)})", ""]
        lines += [f"- {project.description}", f"- 사용 기술: {', '.join(project.tech)}", ""]
    return lines


def english_headings(p: Persona, rng: random.Random) -> Page:
    """English headings over Korean content: a contact table, `### 회사 — Position` per role."""
    dates = dates_for(rng, True)
    linked = [with_scheme(link) for link in p.links]
    lines = [f"# {p.name} ({p.name_roman})", "", f"**{p.headline}**", ""]
    labels = ("Email", "Phone", "GitHub", "LinkedIn")
    values = (p.emails[0], p.phones[0], *linked)
    lines += ["| Contact | |", "|---|---|"]
    lines += [f"| {label} | {value} |" for label, value in zip(labels, values, strict=False)]
    lines.append("")
    lines += ["## About Me", "", p.summary, "", rng.choice(INTROS), ""]
    if p.careers:
        lines += ["## Experience", ""]
    for career in p.careers:
        place = rng.choice(LOCATIONS).split()[0]
        lines += [
            f"### {career.company} — {career.position}",
            "",
            f"`{dates.of(career)}` · {place}",
        ]
        lines += ["", f"- {career.duty}"] if career.duty else [""]
        for outcome in rng.sample(OUTCOMES, rng.randint(1, 2)):
            lines.append("- " + outcome.format(n=rng.randint(15, 60), k=rng.randint(2, 30), m=3))
        lines.append("")
    split = max(1, len(p.skills) // 2)
    lines += ["## Skills", "", f"- **Main**: {', '.join(p.skills[:split])}"]
    lines += [f"- **Familiar**: {', '.join(p.skills[split:])}"] if p.skills[split:] else []
    lines += ["", "## Education", ""]
    lines += [f"- {school_line(school, dates)}" for school in p.education]
    if p.certificates:
        lines += ["", "## Certificates", ""]
        lines += [f"- {name} ({dates.day(when)})" for name, when in p.certificates]
    return Page(lines, p.careers, links=tuple(linked), name_forms=(p.name_roman or "",))


def summary_table(p: Persona, rng: random.Random) -> Page:
    """A 경력 요약 table, then each job in detail; some list the oldest job first."""
    mixed = p.language == "mixed"
    dates = dates_for(rng, mixed)
    careers = tuple(reversed(p.careers)) if rng.random() < 0.35 else p.careers
    github = with_scheme(p.links[0])
    birth = rng.choice(birth_forms(p.birth, TODAY)[:4]) if p.birth and rng.random() < 0.5 else None
    title = rng.choice((f"# {p.name}", f"# 이력서 - {p.name}", f"# {p.name} | {p.headline}"))
    lines = [title, "", "## 인적사항", "", f"- 이름: {p.name}"]
    lines += [f"- 생년월일: {birth}"] if birth else []
    lines += [f"- 이메일: {p.emails[0]}", f"- 휴대폰: {p.phones[0]}", f"- GitHub: {github}", ""]
    if careers:
        lines += [f"## 경력 요약 (총 {_total(p)})", "", "| 회사 | 기간 | 직무 |", "|---|---|---|"]
        lines += [f"| {c.company} | {dates.of(c)} | {c.position} |" for c in careers]
        lines += ["", "## 경력 상세", ""]
    for company in companies(careers):
        lines += [f"### {company.name}", ""]
        for role in company.roles:
            lines += [f"**{role.position}** · {dates.of(role)}", ""]
        lines += [f"- {company.newest.duty}", ""] if company.newest.duty else []
        lines += _project_lines(company, p, rng, dates, "기술스택")
    split = max(1, (len(p.skills) + 1) // 2)
    lines += [
        "## 기술",
        "",
        "| 구분 | 기술 |",
        "|---|---|",
        f"| 주력 | {', '.join(p.skills[:split])} |",
    ]
    lines += [f"| 경험 | {', '.join(p.skills[split:])} |"] if p.skills[split:] else []
    lines += ["", "## 학력", "", "| 학교 | 전공 | 학위 | 기간 |", "|---|---|---|---|"]
    for s in p.education:
        span = dates.range(s.start or "", s.end, False)
        lines.append(f"| {s.school} | {s.major or '-'} | {s.degree or '-'} | {span} |")
    lines += ["", "## 자기소개", "", p.summary, rng.choice(INTROS)]
    return Page(lines, careers, links=(github,), birth=birth)
