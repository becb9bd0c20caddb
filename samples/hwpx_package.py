"""Writes small HWPX (OWPML) packages for the sample resumes, and reads their text back.

Only what the samples need, laid out as Hangul writes a package: `mimetype` first and stored,
then version.xml, Contents/header.xml (fonts, character and paragraph shapes, border fills),
Contents/section0.xml (hp:p paragraphs of hp:run/hp:t; hp:tbl tables of hp:tr/hp:tc cells, each
cell an hp:subList with hp:cellAddr/hp:cellSpan/hp:cellSz), Contents/content.hpf (manifest and
spine), Preview/PrvText.txt, settings.xml and META-INF/. Entry timestamps are fixed, so the same
document gives the same bytes.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree

ZIP_TIME = (2025, 11, 20, 9, 0, 0)
_HP = "http://www.hancom.co.kr/hwpml/2011/paragraph"
_NAMESPACES = {
    "ha": "http://www.hancom.co.kr/hwpml/2011/app",
    "hp": _HP,
    "hs": "http://www.hancom.co.kr/hwpml/2011/section",
    "hc": "http://www.hancom.co.kr/hwpml/2011/core",
    "hh": "http://www.hancom.co.kr/hwpml/2011/head",
    "hpf": "http://www.hancom.co.kr/schema/2011/hpf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "opf": "http://www.idpf.org/2007/opf/",
}
_XMLNS = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in _NAMESPACES.items())
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>'
_LANGS = ("hangul", "latin", "hanja", "japanese", "other", "symbol", "user")

# A4 in HWPUNIT (1/7200 inch) and the body width left by 20 mm side margins.
PAGE_WIDTH, PAGE_HEIGHT, SIDE_MARGIN = 59528, 84188, 5669
BODY_WIDTH = PAGE_WIDTH - 2 * SIDE_MARGIN

# Character shapes (id: height in 1/100 pt, bold), paragraph shapes (id: alignment) and border
# fills (1: none, 2: grid, 3: shaded grid) that header.xml defines and the section refers to.
CHAR_SHAPES = {"normal": (0, 1000, False), "bold": (1, 1000, True), "title": (2, 2000, True)}
CHAR_SHAPES["heading"] = (3, 1200, True)
ALIGN = {"justify": 0, "center": 1, "right": 2}


@dataclass(frozen=True)
class Cell:
    """A table cell that spans more than one row or column (a plain str spans one of each)."""

    text: str
    rows: int = 1
    cols: int = 1


def _run(text: str, char: int) -> str:
    """One run; tabs and line breaks inside the text become OWPML's inline marks."""
    lines = []
    for line in text.split("\n"):
        lines.append("<hp:tab/>".join(escape(part) for part in line.split("\t")))
    return f'<hp:run charPrIDRef="{char}"><hp:t>{"<hp:lineBreak/>".join(lines)}</hp:t></hp:run>'


def _paragraph(inner: str, align: int = 0) -> str:
    return (
        f'<hp:p id="0" paraPrIDRef="{align}" styleIDRef="0" pageBreak="0" columnBreak="0" '
        f'merged="0">{inner}</hp:p>'
    )


class HwpxDocument:
    """A one-section HWPX document built paragraph by paragraph and table by table."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.body: list[str] = []
        self.preview: list[str] = []
        self._tables = 0

    def paragraph(self, text: str = "", *, shape: str = "normal", align: str = "justify") -> None:
        """Add a paragraph; "\\t" and "\\n" in `text` become hp:tab and hp:lineBreak marks."""
        inner = _run(text, CHAR_SHAPES[shape][0]) if text else '<hp:run charPrIDRef="0"/>'
        self.body.append(_paragraph(inner, ALIGN[align]))
        self.preview.append(text.replace("\t", " "))

    def table(
        self, rows: list[list[str | Cell | None]], widths: list[int], *, header_rows: int = 1
    ) -> None:
        """Add a table anchored in its own paragraph; None marks a cell covered by a span."""
        columns = [BODY_WIDTH * w // sum(widths) for w in widths]
        self._tables += 1
        trs = []
        for r, row in enumerate(rows):
            cells, c = [], 0
            for value in row:
                if value is None:
                    c += 1
                    continue
                cell = value if isinstance(value, Cell) else Cell(value)
                cells.append(self._cell(cell, r, c, sum(columns[c : c + cell.cols]), header_rows))
                self.preview.append(cell.text)
                c += cell.cols
            trs.append(f"<hp:tr>{''.join(cells)}</hp:tr>")
        height = 1800 * len(rows)
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
            f"{''.join(trs)}</hp:tbl>"
        )
        self.body.append(_paragraph(f'<hp:run charPrIDRef="0">{table}<hp:t/></hp:run>'))

    @staticmethod
    def _cell(cell: Cell, row: int, col: int, width: int, header_rows: int) -> str:
        header = row < header_rows
        char = CHAR_SHAPES["bold" if header else "normal"][0]
        paragraphs = "".join(
            _paragraph(_run(line, char), ALIGN["center" if header else "justify"])
            for line in cell.text.split("\n")
        )
        return (
            f'<hp:tc name="" header="{int(header)}" hasMargin="0" protect="0" editable="0" '
            f'dirty="0" borderFillIDRef="{3 if header else 2}">'
            '<hp:subList id="" textDirection="HORIZONTAL" lineWrap="BREAK" vertAlign="CENTER" '
            'linkListIDRef="0" linkListNextIDRef="0" textWidth="0" textHeight="0" '
            f'hasTextRef="0" hasNumRef="0">{paragraphs}</hp:subList>'
            f'<hp:cellAddr colAddr="{col}" rowAddr="{row}"/>'
            f'<hp:cellSpan colSpan="{cell.cols}" rowSpan="{cell.rows}"/>'
            f'<hp:cellSz width="{width}" height="{1800 * cell.rows}"/>'
            '<hp:cellMargin left="510" right="510" top="141" bottom="141"/></hp:tc>'
        )

    def save(self, path: Path) -> None:
        """Write the package with `mimetype` first and stored, every entry at a fixed time."""
        with zipfile.ZipFile(path, "w") as archive:
            for name, text in self._parts():
                info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
                info.compress_type = (
                    zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
                )
                archive.writestr(info, text.encode("utf-8"))

    def _parts(self) -> list[tuple[str, str]]:
        preview = "\r\n".join(self.preview)[:1024]
        return [
            ("mimetype", "application/hwp+zip"),
            ("version.xml", _version_xml()),
            ("Contents/header.xml", _header_xml()),
            ("Contents/section0.xml", self._section_xml()),
            ("Preview/PrvText.txt", preview),
            ("settings.xml", _settings_xml()),
            ("Contents/content.hpf", _content_hpf(self.title)),
            ("META-INF/container.xml", _container_xml()),
            ("META-INF/manifest.xml", _DECL + _MANIFEST),
        ]

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
        return f"{_DECL}<hs:sec {_XMLNS}>{''.join(body)}</hs:sec>"


def _lang_attributes(value: int) -> str:
    return " ".join(f'{lang}="{value}"' for lang in _LANGS)


def _char_shape(shape_id: int, height: int, bold: bool) -> str:
    return (
        f'<hh:charPr id="{shape_id}" height="{height}" textColor="#000000" shadeColor="none" '
        'useFontSpace="0" useKerning="0" symMark="NONE" borderFillIDRef="1">'
        f"<hh:fontRef {_lang_attributes(0)}/><hh:ratio {_lang_attributes(100)}/>"
        f"<hh:spacing {_lang_attributes(0)}/><hh:relSz {_lang_attributes(100)}/>"
        f"<hh:offset {_lang_attributes(0)}/>{'<hh:bold/>' if bold else ''}"
        '<hh:underline type="NONE" shape="SOLID" color="#000000"/></hh:charPr>'
    )


def _para_shape(shape_id: int, align: str) -> str:
    return (
        f'<hh:paraPr id="{shape_id}" tabPrIDRef="0" condense="0" fontLineHeight="0" '
        f'snapToGrid="1"><hh:align horizontal="{align.upper()}" vertical="BASELINE"/>'
        '<hh:lineSpacing type="PERCENT" value="160" unit="HWPUNIT"/></hh:paraPr>'
    )


def _border_fill(fill_id: int, line: str, shaded: bool) -> str:
    sides = "".join(
        f'<hh:{side} type="{line}" width="0.12 mm" color="#000000"/>'
        for side in ("leftBorder", "rightBorder", "topBorder", "bottomBorder")
    )
    brush = (
        '<hc:fillBrush><hc:winBrush faceColor="#E8E8E8" hatchColor="#999999" alpha="0"/>'
        "</hc:fillBrush>"
        if shaded
        else ""
    )
    return f'<hh:borderFill id="{fill_id}" threeD="0" shadow="0">{sides}{brush}</hh:borderFill>'


def _header_xml() -> str:
    fonts = "".join(
        f'<hh:fontface lang="{lang.upper()}" fontCnt="1"><hh:font id="0" face="함초롬돋움" '
        'type="TTF" isEmbedded="0"/></hh:fontface>'
        for lang in _LANGS
    )
    chars = "".join(_char_shape(*shape) for shape in CHAR_SHAPES.values())
    paras = "".join(_para_shape(shape_id, align) for align, shape_id in ALIGN.items())
    fills = _border_fill(1, "NONE", False) + _border_fill(2, "SOLID", False)
    fills += _border_fill(3, "SOLID", True)
    return (
        f'{_DECL}<hh:head {_XMLNS} version="1.4" secCnt="1">'
        '<hh:beginNum page="1" footnote="1" endnote="1" pic="1" tbl="1" equation="1"/>'
        f'<hh:refList><hh:fontfaces itemCnt="{len(_LANGS)}">{fonts}</hh:fontfaces>'
        f'<hh:borderFills itemCnt="3">{fills}</hh:borderFills>'
        f'<hh:charProperties itemCnt="{len(CHAR_SHAPES)}">{chars}</hh:charProperties>'
        '<hh:tabProperties itemCnt="1"><hh:tabPr id="0" autoTabLeft="0" autoTabRight="0"/>'
        f'</hh:tabProperties><hh:paraProperties itemCnt="{len(ALIGN)}">{paras}'
        '</hh:paraProperties><hh:styles itemCnt="1"><hh:style id="0" type="PARA" name="바탕글" '
        'engName="Normal" paraPrIDRef="0" charPrIDRef="0" nextStyleIDRef="0" langID="1042" '
        'lockForm="0"/></hh:styles></hh:refList></hh:head>'
    )


def _version_xml() -> str:
    return (
        f'{_DECL}<hv:HCFVersion xmlns:hv="http://www.hancom.co.kr/hwpml/2011/version" '
        'tagetApplication="WORDPROCESSOR" major="5" minor="1" micro="0" buildNumber="1" os="1" '
        'xmlVersion="1.4" application="Hancom Office Hangul" appVersion="11, 0, 0, 0"/>'
    )


def _settings_xml() -> str:
    return (
        f'{_DECL}<ha:HWPApplicationSetting xmlns:ha="{_NAMESPACES["ha"]}">'
        '<ha:CaretPosition listIDRef="0" paraIDRef="0" pos="0"/></ha:HWPApplicationSetting>'
    )


def _content_hpf(title: str) -> str:
    return (
        f'{_DECL}<opf:package {_XMLNS} version="" unique-identifier="" id="">'
        f"<opf:metadata><opf:title>{escape(title)}</opf:title><opf:language>ko</opf:language>"
        '<opf:meta name="creator" content="text">samples/build_samples.py</opf:meta>'
        "</opf:metadata><opf:manifest>"
        '<opf:item id="header" href="Contents/header.xml" media-type="application/xml"/>'
        '<opf:item id="section0" href="Contents/section0.xml" media-type="application/xml"/>'
        '<opf:item id="settings" href="settings.xml" media-type="application/xml"/>'
        '</opf:manifest><opf:spine><opf:itemref idref="header" linear="yes"/>'
        '<opf:itemref idref="section0" linear="yes"/></opf:spine></opf:package>'
    )


def _container_xml() -> str:
    return (
        f'{_DECL}<ocf:container xmlns:ocf="urn:oasis:names:tc:opendocument:xmlns:container" '
        f'xmlns:hpf="{_NAMESPACES["hpf"]}"><ocf:rootfiles><ocf:rootfile '
        'full-path="Contents/content.hpf" media-type="application/hwpml-package+xml"/>'
        "</ocf:rootfiles></ocf:container>"
    )


_MANIFEST = '<odf:manifest xmlns:odf="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>'


def text_of(path: Path) -> str:
    """The section text, read independently of resume-worker: one line per hp:p paragraph
    (a cell's paragraphs included), hp:tab as a tab and hp:lineBreak as a newline."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("Contents/section0.xml"))
    marks = {f"{{{_HP}}}tab": "\t", f"{{{_HP}}}lineBreak": "\n"}
    lines = []
    for paragraph in root.iter(f"{{{_HP}}}p"):
        pieces = []
        for run in paragraph.iterchildren(f"{{{_HP}}}run"):
            for t in run.iterchildren(f"{{{_HP}}}t"):
                pieces.append(t.text or "")
                for mark in t:
                    pieces += [marks.get(str(mark.tag), ""), mark.tail or ""]
        lines.append("".join(pieces))
    return "\n".join(lines)
