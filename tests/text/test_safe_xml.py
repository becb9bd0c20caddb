"""Tests for hardened XML parsing: DTDs and entities are refused, never expanded or fetched."""

from __future__ import annotations

import pytest

from resume_worker.text.safe_xml import UnsafeXmlError, local_name, parse_xml


def test_plain_xml_parses() -> None:
    """Namespaced XML without a DTD parses and exposes local names."""
    root = parse_xml(b'<w:document xmlns:w="urn:w"><w:body/></w:document>')
    assert local_name(root) == "document" and local_name(root[0]) == "body"


@pytest.mark.parametrize(
    "document",
    [
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "c">]><a>&b;</a>',
        b'<!doctype a SYSTEM "http://example.invalid/a.dtd"><a/>',
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
    ],
)
def test_dtds_and_entities_are_refused(document: bytes) -> None:
    """Any DOCTYPE or ENTITY declaration is refused before parsing."""
    with pytest.raises(UnsafeXmlError):
        parse_xml(document)


def test_dtd_hidden_by_utf16_is_refused_after_parsing() -> None:
    """A UTF-16 document slips past the byte scan but its DOCTYPE is caught on the tree."""
    document = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE a [<!ENTITY b "c">]><a>&b;</a>'
    with pytest.raises(UnsafeXmlError):
        parse_xml(document.encode("utf-16"))


def test_malformed_xml_is_refused() -> None:
    """XML that is not well-formed raises UnsafeXmlError."""
    with pytest.raises(UnsafeXmlError):
        parse_xml(b"<a><b></a>")
