"""Offline assets for JSON Resume themes: the CDN stylesheets, Google Fonts and icon fonts a theme's
HTML links, rewritten to the copies npm vendored in corpus/node_modules (corpus/package.json), so
Chromium prints what the theme's users saw without a request leaving the machine."""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image, ImageDraw

from corpus.photos import Photo, png

# CDN stylesheets and font folders -> the same package from npm (a path under node_modules).
CDN_FILES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?:https?:)?//[^\"')]*font-awesome/4\.[27]\.0/css/font-awesome\.min\.css"),
     "font-awesome/css/font-awesome.min.css"),
    (re.compile(r"(?:https?:)?//[^\"')]*font-awesome/5\.14\.0/css/all\.min\.css"),
     "@fortawesome/fontawesome-free/css/all.min.css"),
    (re.compile(r"(?:https?:)?//[^\"')]*font-awesome/6\.4\.2/css/all\.min\.css"),
     "fontawesome-free-6/css/all.min.css"),
    (re.compile(r"(?:https?:)?//[^\"')]*bootstrap/3\.\d\.\d/css/bootstrap\.min\.css"),
     "bootstrap/dist/css/bootstrap.min.css"),
    (re.compile(r"(?:https?:)?//[^\"')]*octicons/2\.0\.2/octicons\.min\.css"),
     "octicons/octicons/octicons.css"),
    (re.compile(r"(?:https?:)?//unpkg\.com/jsonresume-theme-elegant@[\d.]+/"),
     "jsonresume-theme-elegant/"),
)  # fmt: skip
GOOGLE_CSS = re.compile(r"(?:https?:)?//fonts\.googleapis\.com/css\?family=([^\"')]+)")
FONTSOURCE = {
    "lato": "lato",
    "open sans": "open-sans",
    "merriweather": "merriweather",
    "roboto": "roboto",
    "josefin sans": "josefin-sans",
}
FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")
GSTATIC = re.compile(
    r"url\((?:https?:)?//fonts\.gstatic\.com/[^)]+\)\s*format\(['\"]?truetype['\"]?\)"
)
EXTERNAL_SCRIPT = re.compile(
    r"<script[^>]*\bsrc=[\"'](?:https?:)?//[^\"']+[\"'][^>]*>\s*</script>", re.I
)
# Elegant loads Lato through Google's WebFont loader, a script that inserts another script.
WEBFONT_LOADER = re.compile(
    r"<script>\s*WebFontConfig\s*=\s*\{\s*google:\s*\{\s*families:\s*\[\s*'([^']+)'.*?</script>",
    re.S,
)
# A CDN link's integrity hash and CORS mode: a file:// stylesheet fails both checks.
SUBRESOURCE_CHECKS = re.compile(
    r"\s(?:integrity|crossorigin|referrerpolicy)=(?:\"[^\"]*\"|'[^']*'|\S+)"
)
# An empty link (a Mustache field the resume lacks) points at the page itself, and Chromium would
# print the scratch folder's file:// path into the PDF as its target.
EMPTY_HREF = re.compile(r"\shref=(?:\"\"|'')")
GRAVATAR = re.compile(r"(?:https?:)?(?://|&#x2F;&#x2F;)[a-z.]*gravatar\.com[^\"']*")
# A resource still pointing off the machine after the rewrite (anchors are not resources).
REMOTE = re.compile(
    r"<(?:link|script|img)\b[^>]*\b(?:src|href)=[\"'](?:https?:)?//[^\"']+|url\(['\"]?(?:https?:)?//",
    re.I,
)


def _fontsource_css(node_modules: Path, family_spec: str) -> list[Path]:
    """`Lato:300,400,700` or `Roboto:400,700,400italic` -> the vendored @fontsource CSS files."""
    family, _, weights = family_spec.replace("+", " ").partition(":")
    slug = FONTSOURCE.get(family.strip().lower())
    if slug is None:
        raise ValueError(f"no vendored font for Google Fonts family {family!r}")
    files = []
    for weight in (weights.split(":")[0] or "400").split(","):
        italic = weight.endswith(("italic", "i"))
        number = re.sub(r"\D", "", weight) or "400"
        path = node_modules / "@fontsource" / slug / f"{number}{'-italic' if italic else ''}.css"
        if path.is_file():
            files.append(path)
    return files


def google_fonts_css(node_modules: Path, query: str) -> str:
    """The CSS a Google Fonts `css?family=A:400,700|B` URL stood for, as @imports of local files."""
    query = query.replace("&amp;", "&").split("&")[0]
    families = [spec for spec in re.split(r"\||%7C", query) if spec]
    imports = [
        f'@import url("{path.resolve().as_uri()}");'
        for spec in families
        for path in _fontsource_css(node_modules, spec)
    ]
    return "\n".join(imports) + "\n"


def _local_font_face(node_modules: Path, block: str) -> str:
    """An @font-face pointing at fonts.gstatic.com TTFs -> the same face from @fontsource."""
    if "gstatic" not in block:
        return block
    family = re.search(r"font-family:\s*['\"]?([^;'\"]+)", block)
    weight = re.search(r"font-weight:\s*(\d+)", block)
    style = re.search(r"font-style:\s*(\w+)", block)
    if not family:
        return block
    slug = FONTSOURCE.get(family.group(1).strip().lower())
    if slug is None:
        raise ValueError(f"no vendored font for {family.group(1)!r}")
    name = f"{slug}-latin-{weight.group(1) if weight else '400'}-"
    name += "italic" if style and style.group(1) == "italic" else "normal"
    path = node_modules / "@fontsource" / slug / "files" / f"{name}.woff2"
    local = f'url("{path.resolve().as_uri()}") format("woff2")'
    return GSTATIC.sub(lambda _: local, block)


def offline_html(html: str, node_modules: Path, folder: Path, avatar: str) -> str:
    """The theme's HTML with every CDN asset replaced by its vendored copy, Google Fonts CSS
    written beside the page, and Gravatar's default avatar (themes draw one from the e-mail's
    hash) replaced by `avatar`, a local picture. Raises when something remote is left."""
    html = GRAVATAR.sub(lambda _: avatar, html)
    html = SUBRESOURCE_CHECKS.sub("", html)
    html = EMPTY_HREF.sub("", html)
    for pattern, local in CDN_FILES:
        target = (node_modules / local).resolve().as_uri() + ("/" if local.endswith("/") else "")
        html = pattern.sub(target.replace("\\", "\\\\"), html)
    html = _google_fonts(html, node_modules, folder)
    html = FONT_FACE.sub(lambda face: _local_font_face(node_modules, face.group(0)), html)
    html = WEBFONT_LOADER.sub(lambda m: _webfont_links(node_modules, folder, m.group(1)), html)
    html = EXTERNAL_SCRIPT.sub("", html)
    leftover = REMOTE.search(html)
    if leftover:
        raise ValueError(f"a remote asset is left in the page: {leftover.group(0)[:160]}")
    return html


def _google_fonts(html: str, node_modules: Path, folder: Path) -> str:
    """Each Google Fonts stylesheet URL -> a local CSS file importing the @fontsource faces."""
    for number, query in enumerate(sorted(set(GOOGLE_CSS.findall(html)))):
        css = folder / f"google-fonts-{number}.css"
        css.write_text(google_fonts_css(node_modules, query), encoding="utf-8")
        remote = re.compile(r"(?:https?:)?//fonts\.googleapis\.com/css\?family=" + re.escape(query))
        html = remote.sub(css.resolve().as_uri().replace("\\", "\\\\"), html)
    return html


def _webfont_links(node_modules: Path, folder: Path, families: str) -> str:
    css = folder / "webfont-loader.css"
    css.write_text(google_fonts_css(node_modules, families), encoding="utf-8")
    return f'<link rel="stylesheet" href="{css.resolve().as_uri()}">'


def avatar_placeholder() -> Photo:
    """Gravatar's default "mystery person" (a grey head and shoulders), which elegant and kwan
    show when the resume has no picture: a decoy of no face, not the candidate's photo."""
    image = Image.new("RGB", (200, 200), (221, 221, 221))
    draw = ImageDraw.Draw(image)
    draw.ellipse((62, 30, 138, 106), fill=(170, 170, 170))
    draw.ellipse((25, 118, 175, 268), fill=(170, 170, 170))
    return png(image, "no-face")
