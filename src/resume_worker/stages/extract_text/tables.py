"""Table cells of every format become one block shape: a table block, or for a layout table the
blocks inside its cells, so DOCX, HWPX and HWP tables reach analysis alike."""

from __future__ import annotations

from resume_worker.core.models import Block

# A cell holding this many blocks is a page region (a sidebar, a main column), not a value: the
# table only lays the page out, and its cells are read as text in row order.
_LAYOUT_CELL_BLOCKS = 6

Cell = list[Block]


def table_blocks(rows: list[list[Cell]]) -> list[Block]:
    """Return one table block whose rows hold each cell's text (blank rows dropped), or the
    cells' own blocks, row by row and left to right, when the table is only a layout."""
    if any(_filled(cell) >= _LAYOUT_CELL_BLOCKS for row in rows for cell in row):
        return [block for row in rows for cell in row for block in cell if block.text.strip()]
    texts: list[tuple[str, ...]] = []
    for row in rows:
        cells = tuple("\n".join(b.text for b in cell if b.text.strip()) for cell in row)
        if any(cells):
            texts.append(cells)
    if not texts:
        return []
    return [Block("table", "\n".join(" | ".join(row) for row in texts), rows=tuple(texts))]


def _filled(cell: Cell) -> int:
    return sum(1 for block in cell if block.text.strip())
