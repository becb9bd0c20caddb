"""Hardened XML parsing for untrusted document parts: no DTD, entities, network or huge trees."""

from __future__ import annotations

import re

from lxml import etree

# Office Open XML and OWPML parts never carry a document type declaration, so any DTD is refused
# outright instead of being parsed: that closes entity expansion ("billion laughs") and external
# entities (XXE) before libxml2 sees them.
_DTD_MARKER = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


class UnsafeXmlError(ValueError):
    """The XML declares a DTD or entities, or is not well-formed; it is never expanded."""


def _parser() -> etree.XMLParser:
    # A fresh parser per call: lxml parsers keep state and must not be shared across threads.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )


def parse_xml(data: bytes) -> etree._Element:
    """Parse one XML document from bytes and return its root element.

    Raises UnsafeXmlError when the document has a DTD or entity declarations (checked on the raw
    bytes and again on the parsed tree, which also covers UTF-16 documents) or is malformed.
    """
    if _DTD_MARKER.search(data):
        raise UnsafeXmlError("XML with a DTD or entity declarations is refused")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise UnsafeXmlError("XML is not well-formed") from exc
    if root.getroottree().docinfo.internalDTD is not None:
        raise UnsafeXmlError("XML with a DTD or entity declarations is refused")
    return root


def local_name(element: etree._Element) -> str:
    """Return an element's tag without its namespace ("{ns}p" -> "p"); "" for non-elements."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]
