"""Korean Markdown to DOCX the way developers convert their README resumes: pandoc's GitHub
Markdown reader with a reference DOCX whose styles name a Nanum font, so Word and LibreOffice
lay Hangul out in it rather than in whatever the machine falls back to."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from corpus.templates import Context
from corpus.templates.word_office import SOURCE_DATE_EPOCH, fixed_docx

# pandoc's default reference names theme fonts (Calibri/Cambria through the theme), which have
# no Hangul; its code style names Consolas.
_THEME_FONTS = re.compile(r'<w:rFonts w:asciiTheme="(minor|major)[^"]*"[^>]*/>')
_CODE_FONTS = '<w:rFonts w:ascii="Consolas" w:hAnsi="Consolas" />'
_LANGUAGE = re.compile(r'<w:lang w:val="en-US" w:eastAsia="en-US" w:bidi="ar-SA" />')
_BODY_SIZE = re.compile(r'(<w:rPrDefault>\s*<w:rPr>.*?)<w:sz w:val="24" />\s*<w:szCs w:val="24" />',
                        re.DOTALL)  # fmt: skip
_TITLE_COLOR = re.compile(r'<w:color w:val="[0-9A-F]{6}" w:themeColor="accent1"[^>]*/>')


def _fonts(family: str) -> str:
    return (
        f'<w:rFonts w:ascii="{family}" w:eastAsia="{family}" w:hAnsi="{family}" w:cs="{family}" />'
    )


def _styles(xml: str, body: str, heading: str, color: str) -> str:
    """pandoc's styles with Nanum fonts, Korean as the East-Asian language, a 10.5 pt body and
    one accent colour for headings."""
    xml = _THEME_FONTS.sub(lambda m: _fonts(heading if m.group(1) == "major" else body), xml)
    xml = xml.replace(_CODE_FONTS, _fonts("NanumGothicCoding"))
    xml = _LANGUAGE.sub('<w:lang w:val="en-US" w:eastAsia="ko-KR" w:bidi="ar-SA" />', xml)
    xml = _BODY_SIZE.sub(r'\g<1><w:sz w:val="21" /><w:szCs w:val="21" />', xml)
    return _TITLE_COLOR.sub(f'<w:color w:val="{color}" />', xml)


def reference_docx(context: Context, body: str, heading: str, color: str) -> Path:
    """A reference DOCX built from pandoc's own default, its styles rewritten (cached per build)."""
    key = f"ko-markdown-reference-{body}-{heading}-{color}"
    if key in context.cache:
        return Path(context.cache[key])
    default = subprocess.run(
        ["pandoc", "--print-default-data-file", "reference.docx"], capture_output=True, check=True
    ).stdout

    def styles(xml: bytes) -> bytes:
        return _styles(xml.decode("utf-8"), body, heading, color).encode("utf-8")

    path = context.work / "pandoc" / f"{key}.docx"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(fixed_docx(default, {"word/styles.xml": styles}))
    context.cache[key] = str(path)
    return path


def markdown_to_docx(markdown: str, reference: Path) -> bytes:
    """`pandoc -f gfm -t docx --reference-doc`, dated the corpus's day (SOURCE_DATE_EPOCH)."""
    environment = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    done = subprocess.run(
        ["pandoc", "-f", "gfm", "-t", "docx", f"--reference-doc={reference}", "-o", "-"],
        input=markdown.encode("utf-8"),
        capture_output=True,
        check=True,
        env=environment,
        timeout=120,
    )
    return fixed_docx(done.stdout)
