"""The fixed parts of an HWPX package (OWPML): header.xml with fonts, character and paragraph
shapes and border fills, version.xml, settings.xml, Contents/content.hpf (manifest and spine,
with the BinData images), META-INF; and a reader of a package's section text that does not
depend on resume-worker."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

HP = "http://www.hancom.co.kr/hwpml/2011/paragraph"
NAMESPACES = {
    "ha": "http://www.hancom.co.kr/hwpml/2011/app",
    "hp": HP,
    "hs": "http://www.hancom.co.kr/hwpml/2011/section",
    "hc": "http://www.hancom.co.kr/hwpml/2011/core",
    "hh": "http://www.hancom.co.kr/hwpml/2011/head",
    "hpf": "http://www.hancom.co.kr/schema/2011/hpf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "opf": "http://www.idpf.org/2007/opf/",
}
XMLNS = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items())
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>'
_LANGS = ("hangul", "latin", "hanja", "japanese", "other", "symbol", "user")

# Character shapes (id: height in 1/100 pt, bold), paragraph shapes (id: alignment) and border
# fills (1: none, 2: grid, 3: shaded grid) that header.xml defines and the section refers to.
CHAR_SHAPES = {"normal": (0, 1000, False), "bold": (1, 1000, True), "title": (2, 2000, True)}
CHAR_SHAPES["heading"] = (3, 1200, True)
ALIGN = {"justify": 0, "center": 1, "right": 2}
MANIFEST = '<odf:manifest xmlns:odf="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>'


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


def header_xml() -> str:
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
        f'{DECL}<hh:head {XMLNS} version="1.4" secCnt="1">'
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


def version_xml() -> str:
    return (
        f'{DECL}<hv:HCFVersion xmlns:hv="http://www.hancom.co.kr/hwpml/2011/version" '
        'tagetApplication="WORDPROCESSOR" major="5" minor="1" micro="0" buildNumber="1" os="1" '
        'xmlVersion="1.4" application="Hancom Office Hangul" appVersion="11, 0, 0, 0"/>'
    )


def settings_xml() -> str:
    return (
        f'{DECL}<ha:HWPApplicationSetting xmlns:ha="{NAMESPACES["ha"]}">'
        '<ha:CaretPosition listIDRef="0" paraIDRef="0" pos="0"/></ha:HWPApplicationSetting>'
    )


def content_hpf(title: str, creator: str, images: list[tuple[str, str, str]]) -> str:
    """The package file: metadata, the manifest (header, section, settings, and each image as
    (id, part name, media type), embedded), and the spine."""
    items = "".join(
        f"<opf:item id={quoteattr(ident)} href={quoteattr(href)} "
        f'media-type="{media}" isEmbeded="1"/>'
        for ident, href, media in images
    )
    return (
        f'{DECL}<opf:package {XMLNS} version="" unique-identifier="" id="">'
        f"<opf:metadata><opf:title>{escape(title)}</opf:title><opf:language>ko</opf:language>"
        f'<opf:meta name="creator" content="text">{escape(creator)}</opf:meta>'
        "</opf:metadata><opf:manifest>"
        '<opf:item id="header" href="Contents/header.xml" media-type="application/xml"/>'
        '<opf:item id="section0" href="Contents/section0.xml" media-type="application/xml"/>'
        f'<opf:item id="settings" href="settings.xml" media-type="application/xml"/>{items}'
        '</opf:manifest><opf:spine><opf:itemref idref="header" linear="yes"/>'
        '<opf:itemref idref="section0" linear="yes"/></opf:spine></opf:package>'
    )


def container_xml() -> str:
    return (
        f'{DECL}<ocf:container xmlns:ocf="urn:oasis:names:tc:opendocument:xmlns:container" '
        f'xmlns:hpf="{NAMESPACES["hpf"]}"><ocf:rootfiles><ocf:rootfile '
        'full-path="Contents/content.hpf" media-type="application/hwpml-package+xml"/>'
        "</ocf:rootfiles></ocf:container>"
    )


def text_of(source: Path | bytes) -> str:
    """The section text, read independently of resume-worker: one line per hp:p paragraph
    (a cell's paragraphs included), hp:tab as a tab and hp:lineBreak as a newline."""
    data = source if isinstance(source, bytes) else source.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("Contents/section0.xml"))
    marks = {f"{{{HP}}}tab": "\t", f"{{{HP}}}lineBreak": "\n"}
    lines = []
    for paragraph in root.iter(f"{{{HP}}}p"):
        pieces = []
        for run in paragraph.iterchildren(f"{{{HP}}}run"):
            for t in run.iterchildren(f"{{{HP}}}t"):
                pieces.append(t.text or "")
                for mark in t:
                    pieces += [marks.get(str(mark.tag), ""), mark.tail or ""]
        lines.append("".join(pieces))
    return "\n".join(lines)
