"""Reading order on two-column resumes: each column comes out whole, top to bottom, never
interleaved line by line with the column beside it.

The anchors below were read off the rendered pages (which column a line sits in, and its
vertical order there), not off the extractor's output. Each anchor is matched, case-sensitively,
as a substring of one extracted line, searching forward from the previous anchor of its column.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from resume_worker.core.models import Block, ExtractedText
from resume_worker.stages.extract_text import extract_text
from resume_worker.stages.validate_file import FileLimits, validate_file
from tests.e2e import SAMPLES, shared_dir


@dataclass(frozen=True)
class Page:
    """What one page shows: full-width header lines, then two columns side by side."""

    number: int
    main: tuple[str, ...]
    sidebar: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    # Consecutive line pairs of one column (a wrapped line and its continuation).
    wrapped: tuple[tuple[str, str], ...] = ()


LAYOUTS: dict[str, tuple[Page, ...]] = {
    # Chromium export, main column left, "STRENGTHS ... FOCUS AREAS" sidebar right; the main
    # column continues on page 2 without a sidebar.
    "en/ocv-chromium-two-column-sidebar.pdf": (
        Page(
            1,
            header=("Jamie Rivera", "Software Engineering Leader", "jamie.rivera@example.com"),
            main=(
                "SUMMARY",
                "Engineering leader with experience managing",
                "EXPERIENCE",
                "Northwind Systems - Customer Experience Engineering",
                "04/2021 - Present",
                "Raised Android Play Store rating",
                "Globex Assistant, Assistant on Living-Room TV",
                "Improved cold-start latency",
                "Cloud Networking, Books, Accessibility",
                "Initech / Vandelay",
                "Contoso",
                "06/2003 - 03/2004",
                "Self Employed",
                "Fabrikam Languages",
            ),
            sidebar=(
                "STRENGTHS",
                "Leadership",
                "Led diverse teams across global sites",
                "Innovation and Entrepreneurship",
                "SKILLS",
                "Highly Scalable",
                "JavaScript/TypeScript",
                "ACHIEVEMENTS",
                "Improved Yield",
                "FOCUS AREAS",
                "Interviewing",
                "Roadmaps & Presentations",
                "20% Projects",
                "coverage.",
            ),
            wrapped=(("Manage user-facing sign-up", "Android, and iOS."),),
        ),
        Page(
            2,
            main=("12/2000 - 05/2003", "Umbrella ICN", "EDUCATION", "State University"),
        ),
    ),
    # WeasyPrint export: contact/skills/education/awards sidebar left, experience right.
    "en/ocv-weasyprint-two-column.pdf": (
        Page(
            1,
            header=("Jane Smith", "Backend Engineer"),
            main=(
                "EXPERIENCE",
                "Acme Corp — Senior Software Engineer",
                "Jan 2022 – Present",
                "Led migration of three core microservices",
                "Owned the cross-service authentication library",
                "Globex Corporation — Software Engineer",
                "Built an event-driven data pipeline",
                "Initech — Junior Engineer",
                "Migrated legacy monolith routes",
                "PROJECTS",
                "opentrace — Distributed Tracing Library",
                "Adopted by six startups",
            ),
            sidebar=(
                "CONTACT",
                "jane.smith@example.com",
                "(312) 555-0123",
                "github.com/janesmith",
                "SKILLS",
                "Go, Rust, Python, TypeScript",
                "gRPC, Kafka, GraphQL",
                "EDUCATION",
                "Springfield State University",
                "B.S. Computer Science, 2017",
                "AWARDS",
                "Acme Innovation Prize, 2023",
            ),
            wrapped=(
                ("Linux, eBPF, performance", "profiling"),
                ("Led migration of three core microservices", "cutting p99 latency"),
                ("Globex Engineering Excellence,", "2021"),
            ),
        ),
    ),
    # Resume-matcher template: summary/experience/projects left, education/skills/links right.
    "en/rmatcher-two-column.pdf": (
        Page(
            1,
            header=("JOHN DOE", "SENIOR SOFTWARE ENGINEER", "john.doe@email.com"),
            main=(
                "SUMMARY",
                "Senior Software Engineer with 5+ years",
                "that scale.",
                "EXPERIENCE",
                "Stripe • San Francisco, CA",
                "Designed and implemented real-time fraud detection",
                "Figma • San Francisco, CA",
                "Notion • San Francisco, CA",
                "strategic Redis caching layers",
                "PROJECTS",
                "DevFlow",
                "Real-time Transit Prediction App",
                "optimization capabilities",
            ),
            sidebar=(
                "EDUCATION",
                "UC Berkeley",
                "Bachelor of Science, Computer Science",
                "SKILLS",
                "Elasticsearch",
                "Docker Kubernetes Terraform",
                "Cloud-native Development",
                "PagerDuty",
                "LINKS",
            ),
            wrapped=(("Senior Software Engineer with 5+ years", "building scalable backend"),),
        ),
    ),
}

# The repository's own two-column sample (no ../shared needed): sidebar left, name in the main
# column on the right, drawn so the content stream alternates between the columns line by line.
SAMPLE_LAYOUT = (
    Page(
        1,
        main=(
            "Casey Lindqvist",
            "Senior Product Designer",
            "PROFILE",
            "EXPERIENCE",
            "Senior Product Designer, Airbnb",
            "Run monthly usability testing sessions",
            "Product Designer, Etsy",
            "Junior UX Designer, Nike",
            "EDUCATION",
            "Rhode Island School of Design",
            "BFA, Graphic Design",
        ),
        sidebar=(
            "CONTACT",
            "casey.lindqvist@example.com",
            "(503) 555-0129",
            "SKILLS",
            "Figma",
            "Usability Testing",
            "CSS",
            "LANGUAGES",
            "Swedish (conversational)",
        ),
        wrapped=(("Product designer with ten years", "booking flows"),),
    ),
)


def extracted(path: Path) -> ExtractedText:
    data = path.read_bytes()
    return extract_text(validate_file(data, extension=path.suffix, limits=FileLimits()))


def page_lines(text: ExtractedText, page: int) -> list[str]:
    """The non-empty lines of one page, in the order the extractor emitted them."""
    blocks = [block.text for block in text.blocks if block.page == page]
    return [line.strip() for block in blocks for line in block.split("\n") if line.strip()]


def positions(lines: list[str], anchors: tuple[str, ...], where: str) -> list[int]:
    """Index of each anchor's line, each searched after the previous one (so in order)."""
    found: list[int] = []
    start = 0
    for anchor in anchors:
        index = next((i for i in range(start, len(lines)) if anchor in lines[i]), None)
        assert index is not None, f"{where}: {anchor!r} missing or out of order"
        found.append(index)
        start = index + 1
    return found


def assert_page_order(text: ExtractedText, page: Page, where: str) -> None:
    lines = page_lines(text, page.number)
    main = positions(lines, page.main, f"{where} main column")
    sidebar = positions(lines, page.sidebar, f"{where} sidebar")
    header = positions(lines, page.header, f"{where} header")
    for index in sidebar:
        assert not main[0] < index < main[-1], f"{where}: {lines[index]!r} inside the main column"
    for index in main:
        if sidebar:
            inside = sidebar[0] < index < sidebar[-1]
            assert not inside, f"{where}: {lines[index]!r} inside the sidebar"
    if header:
        assert header[-1] < min(main + sidebar), f"{where}: header lines after the columns"
    for anchor in page.sidebar:
        crossed = [line for line in lines if anchor in line and any(m in line for m in page.main)]
        assert not crossed, f"{where}: a line joins both columns: {crossed[0]!r}"
    for first, second in page.wrapped:
        at = positions(lines, (first,), where)[0]
        assert second in lines[at + 1], f"{where}: {first!r} is not followed by {second!r}"


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_two_column_dev_files_read_column_by_column(name: str) -> None:
    """Every line of the main column comes in order and contiguously; the sidebar likewise."""
    text = extracted(shared_dir("eval", "dev") / name)
    for page in LAYOUTS[name]:
        assert_page_order(text, page, f"{name} p{page.number}")


def test_two_column_sample_reads_column_by_column() -> None:
    """The committed two-column sample, whose content stream alternates columns, reads whole."""
    text = extracted(SAMPLES / "en-two-column.pdf")
    for page in SAMPLE_LAYOUT:
        assert_page_order(text, page, f"en-two-column.pdf p{page.number}")


def test_the_order_check_catches_interleaved_columns() -> None:
    """A text read across the columns row by row fails the check (the check can fail)."""
    rows = [
        "Casey Lindqvist",
        "CONTACT",
        "Senior Product Designer",
        "casey.lindqvist@example.com",
    ]
    interleaved = ExtractedText.from_blocks(
        [Block("paragraph", "\n".join(rows), 1)], format="pdf", page_count=1
    )
    page = Page(1, main=("Casey Lindqvist", "Senior Product Designer"), sidebar=rows[1::2])
    with pytest.raises(AssertionError):
        assert_page_order(interleaved, page, "interleaved")
