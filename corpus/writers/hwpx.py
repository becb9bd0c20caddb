"""HWPX (OWPML) packages of paragraphs, tables with merged and shaded cells, page breaks and
pictures, laid out as Hangul writes a package: `mimetype` first and stored, then version.xml,
Contents/header.xml, Contents/section0.xml (hp:p paragraphs of hp:run/hp:t; hp:tbl tables of
hp:tr/hp:tc cells, each an hp:subList with hp:cellAddr/hp:cellSpan/hp:cellSz; hp:pic pictures
whose bytes are BinData parts listed in Contents/content.hpf), Preview/PrvText.txt,
settings.xml and META-INF/. Entry timestamps are fixed, so the same document gives the same
bytes. Used by the corpus's Korean forms and by samples/build_samples.py."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from corpus.writers.form import HWPUNIT_PER_MM, Cell, Picture, Row, placed, row_heights
from corpus.writers.hwpx_parts import (
    ALIGN,
    CHAR_SHAPES,
    DECL,
    MANIFEST,
    XMLNS,
    container_xml,
    content_hpf,
    header_xml,
    settings_xml,
    text_of,
    version_xml,
)

__all__ = ["Cell", "HwpxDocument", "Picture", "text_of"]

ZIP_TIME = (2025, 11, 20, 9, 0, 0)
# A4 in HWPUNIT (1/7200 inch) and the body width left by 20 mm side margins.
PAGE_WIDTH, PAGE_HEIGHT, SIDE_MARGIN = 59528, 84188, 5669
BODY_WIDTH = PAGE_WIDTH - 2 * SIDE_MARGIN
ROW_HEIGHT_MM = 1800 / HWPUNIT_PER_MM
HWPUNIT_PER_PIXEL = 75  # 7200 per inch at 96 pixels per inch
_IDENTITY = 'e1="1" e2="0" e3="0" e4="0" e5="1" e6="0"'


def _run(text: str, char: int) -> str:
    """One run; tabs and line breaks inside the text become OWPML's inline marks."""
    lines = []
    for line in text.split("\n"):
        lines.append("<hp:tab/>".join(escape(part) for part in line.split("\t")))
    return f'<hp:run charPrIDRef="{char}"><hp:t>{"<hp:lineBreak/>".join(lines)}</hp:t></hp:run>'


def _paragraph(inner: str, align: int = 0, page_break: bool = False) -> str:
    return (
        f'<hp:p id="0" paraPrIDRef="{align}" styleIDRef="0" pageBreak="{int(page_break)}" '
        f'columnBreak="0" merged="0">{inner}</hp:p>'
    )


class HwpxDocument:
    """A one-section HWPX document built paragraph by paragraph and table by table."""

    def __init__(self, title: str, *, creator: str = "corpus/writers/hwpx.py") -> None:
        self.title = title
        self.creator = creator
        self.body: list[str] = []
        self.preview: list[str] = []
        self.images: list[Picture] = []
        self._tables = 0

    def paragraph(
        self, text: str = "", *, shape: str = "normal", align: str = "justify",
        page_break: bool = False, picture: Picture | None = None,
    ) -> None:  # fmt: skip
        """Add a paragraph; "\\t" and "\\n" in `text` become hp:tab and hp:lineBreak marks;
        a picture stands at its end, as a character."""
        inner = _run(text, CHAR_SHAPES[shape][0]) if text else '<hp:run charPrIDRef="0"/>'
        if picture is not None:
            inner += self._picture_run(picture)
        self.body.append(_paragraph(inner, ALIGN[align], page_break))
        self.preview.append(text.replace("\t", " "))

    def table(self, rows: Sequence[Row], widths: Sequence[int], *, header_rows: int = 1) -> None:
        """Add a table anchored in its own paragraph; None marks a cell covered by a span."""
        columns = [BODY_WIDTH * w // sum(widths) for w in widths]
        heights = [round(mm * HWPUNIT_PER_MM) for mm in row_heights(rows, ROW_HEIGHT_MM)]
        self._tables += 1
        trs: list[list[str]] = [[] for _ in rows]
        for r, c, cell in placed(rows):
            size = (sum(columns[c : c + cell.cols]), sum(heights[r : r + cell.rows]))
            trs[r].append(self._cell(cell, r, c, size, r < header_rows or cell.label))
            self.preview.append(cell.text)
        body = "".join(f"<hp:tr>{''.join(cells)}</hp:tr>" for cells in trs)
        height = sum(heights)
        table = (
            f'<hp:tbl id="{1000 + self._tables}" zOrder="0" numberingType="TABLE" '
            'textWrap="TOP_AND_BOTTOM" textFlow="BOTH_SIDES" lock="0" dropcapstyle="None" '
            f'pageBreak="CELL" repeatHeader="1" rowCnt="{len(rows)}" colCnt="{len(widths)}" '
            'cellSpacing="0" borderFillIDRef="2" noAdjust="0">'
            f'<hp:sz width="{sum(columns)}" widthRelTo="ABSOLUTE" height="{height}" '
            'heightRelTo="ABSOLUTE" protect="0"/>'
            '<hp:pos treatAsChar="1" affectLSpacing="0" flowWithText="1" allowOverlap="0" '
            'holdAnchorAndSO="0" vertRelTo="PARA" horzRelTo="PARA" vertAlign="TOP" '
            'horzAlign="LEFT" vertOffset="0" horzOffset="0"/>'
            '<hp:outMargin left="283" right="283" top="283" bottom="283"/>'
            '<hp:inMargin left="510" right="510" top="141" bottom="141"/>'
            f"{body}</hp:tbl>"
        )
        self.body.append(_paragraph(f'<hp:run charPrIDRef="0">{table}<hp:t/></hp:run>'))

    def _cell(self, cell: Cell, row: int, col: int, size: tuple[int, int], header: bool) -> str:
        char = CHAR_SHAPES["bold" if header else "normal"][0]
        align = ALIGN["center" if header else "justify"]
        paragraphs = "".join(_paragraph(_run(line, char), align) for line in cell.text.split("\n"))
        if cell.picture is not None:
            picture = _paragraph(self._picture_run(cell.picture), ALIGN["center"])
            paragraphs = picture + (paragraphs if cell.text else "")
        return (
            f'<hp:tc name="" header="{int(header)}" hasMargin="0" protect="0" editable="0" '
            f'dirty="0" borderFillIDRef="{3 if header else 2}">'
            '<hp:subList id="" textDirection="HORIZONTAL" lineWrap="BREAK" vertAlign="CENTER" '
            'linkListIDRef="0" linkListNextIDRef="0" textWidth="0" textHeight="0" '
            f'hasTextRef="0" hasNumRef="0">{paragraphs}</hp:subList>'
            f'<hp:cellAddr colAddr="{col}" rowAddr="{row}"/>'
            f'<hp:cellSpan colSpan="{cell.cols}" rowSpan="{cell.rows}"/>'
            f'<hp:cellSz width="{size[0]}" height="{size[1]}"/>'
            '<hp:cellMargin left="510" right="510" top="141" bottom="141"/></hp:tc>'
        )

    def _picture_run(self, picture: Picture) -> str:
        """An hp:pic treated as a character, showing the BinData item it adds to the package."""
        self.images.append(picture)
        number = len(self.images)
        width, height = picture.hwpunits
        ow, oh = (side * HWPUNIT_PER_PIXEL for side in picture.pixels)
        scale = f'e1="{width / ow:.6f}" e2="0" e3="0" e4="0" e5="{height / oh:.6f}" e6="0"'
        return (
            f'<hp:run charPrIDRef="0"><hp:pic id="{2000 + number}" zOrder="{number}" '
            'numberingType="PICTURE" textWrap="TOP_AND_BOTTOM" textFlow="BOTH_SIDES" lock="0" '
            f'dropcapstyle="None" href="" groupLevel="0" instid="{3000 + number}" reverse="0">'
            f'<hp:offset x="0" y="0"/><hp:orgSz width="{ow}" height="{oh}"/>'
            f'<hp:curSz width="{width}" height="{height}"/><hp:flip horizontal="0" vertical="0"/>'
            f'<hp:rotationInfo angle="0" centerX="{width // 2}" centerY="{height // 2}" '
            f'rotateimage="1"/><hp:renderingInfo><hc:transMatrix {_IDENTITY}/>'
            f"<hc:scaMatrix {scale}/><hc:rotMatrix {_IDENTITY}/></hp:renderingInfo>"
            f'<hc:img binaryItemIDRef="image{number}" bright="0" contrast="0" effect="REAL_PIC" '
            f'alpha="0"/><hp:imgRect><hc:pt0 x="0" y="0"/><hc:pt1 x="{ow}" y="0"/>'
            f'<hc:pt2 x="{ow}" y="{oh}"/><hc:pt3 x="0" y="{oh}"/></hp:imgRect>'
            f'<hp:imgClip left="0" right="{ow}" top="0" bottom="{oh}"/>'
            '<hp:inMargin left="0" right="0" top="0" bottom="0"/>'
            f'<hp:imgDim dimwidth="{ow}" dimheight="{oh}"/><hp:effects/>'
            f'<hp:sz width="{width}" widthRelTo="ABSOLUTE" height="{height}" '
            'heightRelTo="ABSOLUTE" protect="0"/><hp:pos treatAsChar="1" affectLSpacing="0" '
            'flowWithText="1" allowOverlap="0" holdAnchorAndSO="0" vertRelTo="PARA" '
            'horzRelTo="PARA" vertAlign="TOP" horzAlign="LEFT" vertOffset="0" horzOffset="0"/>'
            '<hp:outMargin left="0" right="0" top="0" bottom="0"/></hp:pic><hp:t/></hp:run>'
        )

    def save(self, path: Path) -> None:
        path.write_bytes(self.to_bytes())

    def to_bytes(self) -> bytes:
        """The package with `mimetype` first and stored, every entry at a fixed time."""
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            for name, data in self._parts():
                info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
                info.compress_type = (
                    zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
                )
                archive.writestr(info, data)
        return out.getvalue()

    def _parts(self) -> list[tuple[str, bytes]]:
        preview = "\r\n".join(self.preview)[:1024]
        section = self._section_xml()
        images = [
            (f"image{n}", f"BinData/image{n}.{p.extension}", p.media_type)
            for n, p in enumerate(self.images, start=1)
        ]
        texts = [
            ("mimetype", "application/hwp+zip"),
            ("version.xml", version_xml()),
            ("Contents/header.xml", header_xml()),
            ("Contents/section0.xml", section),
            ("Preview/PrvText.txt", preview),
            ("settings.xml", settings_xml()),
            ("Contents/content.hpf", content_hpf(self.title, self.creator, images)),
            ("META-INF/container.xml", container_xml()),
            ("META-INF/manifest.xml", DECL + MANIFEST),
        ]
        parts = [(name, text.encode("utf-8")) for name, text in texts]
        return parts + [(href, p.data) for (_, href, _), p in zip(images, self.images, strict=True)]

    def _section_xml(self) -> str:
        """The body, with the page setup (hp:secPr) in the first run as Hangul stores it."""
        page = (
            '<hp:run charPrIDRef="0"><hp:secPr id="" textDirection="HORIZONTAL" '
            'spaceColumns="1134" tabStop="8000" outlineShapeIDRef="0" memoShapeIDRef="0" '
            'textVerticalWidthHead="0" masterPageCnt="0">'
            f'<hp:pagePr landscape="WIDELY" width="{PAGE_WIDTH}" height="{PAGE_HEIGHT}" '
            f'gutterType="LEFT_ONLY"><hp:margin header="4251" footer="2834" gutter="0" '
            f'left="{SIDE_MARGIN}" right="{SIDE_MARGIN}" top="4251" bottom="4251"/></hp:pagePr>'
            '</hp:secPr><hp:ctrl><hp:colPr id="" type="NEWSPAPER" layout="LEFT" colCount="1" '
            'sameSz="1" sameGap="0"/></hp:ctrl></hp:run>'
        )
        body = list(self.body) or [_paragraph('<hp:run charPrIDRef="0"/>')]
        at = body[0].index("<hp:run")
        body[0] = body[0][:at] + page + body[0][at:]
        return f"{DECL}<hs:sec {XMLNS}>{''.join(body)}</hs:sec>"
