"""Properties of the PDF reading-order geometry, independent of any PDF file."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from resume_worker.stages.extract_text.pdf_layout import Run, join_spaced_letters, reading_lines

placements = st.lists(
    st.tuples(
        st.floats(min_value=0, max_value=560),
        st.floats(min_value=0, max_value=800),
        st.integers(min_value=1, max_value=40),
        st.sampled_from([8.0, 10.0, 12.0, 18.0]),
    ),
    max_size=120,
)


def runs_from(spec: list[tuple[float, float, int, float]]) -> list[Run]:
    return [
        Run(x, x + width * size * 0.5, y, y + size * 1.2, [f"t{i}"])
        for i, (x, y, width, size) in enumerate(spec)
    ]


@settings(max_examples=300, deadline=None)
@given(placements)
def test_every_run_is_read_exactly_once(spec: list[tuple[float, float, int, float]]) -> None:
    """Whatever the layout, each run's text appears once in the lines, none lost or repeated."""
    lines = reading_lines(runs_from(spec))
    tokens = sorted(token for line in lines for token in line.split())
    assert tokens == sorted(f"t{i}" for i in range(len(spec)))


def test_absurdly_wide_pages_are_handled() -> None:
    """A page millions of points wide is binned coarsely instead of allocating per point."""
    left = [Run(0.0, 50.0, 700.0 - 12 * i, 712.0 - 12 * i, [f"left{i}"]) for i in range(10)]
    right = [Run(5e6, 5e6 + 50, 690.0 - 17 * i, 702.0 - 17 * i, [f"right{i}"]) for i in range(8)]
    runs = left + right
    lines = reading_lines(runs)
    assert lines == [f"left{i}" for i in range(10)] + [f"right{i}" for i in range(8)]


def test_letter_spaced_runs_close_up_with_word_breaks() -> None:
    """Evenly spaced single letters join; a wider gap stays a space."""
    run = Run(0, 100, 0, 10, list("A B C D E"), [3.0, 3.0, 9.0, 3.0])
    join_spaced_letters(run)
    assert run.text == "ABC DE"


def test_a_section_title_in_the_margin_is_a_cell_of_its_own() -> None:
    """`Work` set large in a left margin, 1 em before the body text on its baseline, is split
    from it by a tab; the same gap between words of one size stays a space."""
    title = Run(124.0, 175.0, 400.0, 420.5, ["Work"])
    body = Run(196.0, 252.0, 401.0, 417.4, ["Growth Marketer"])
    assert reading_lines([title, body]) == ["Work\tGrowth Marketer"]
    same_size = Run(196.0, 252.0, 400.0, 420.5, ["Growth Marketer"])
    assert reading_lines([title, same_size]) == ["Work Growth Marketer"]
