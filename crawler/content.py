"""What a response body is: content type, binary sniffing, charset.

Pure functions over bytes and header values; no I/O. Which codec a body is in
is decided by ``extract.decoding.detect_charset``, the one implementation the
extractor uses too.
"""
from __future__ import annotations

import codecs

from extract.decoding import codec_name, detect_charset

__all__ = ["HTML_TYPES", "codec_name", "decode_body", "detect_charset", "looks_binary", "parse_content_type"]

HTML_TYPES = ("text/html", "application/xhtml+xml")

# Magic numbers of formats that are sometimes served as text/html by mistake.
_BINARY_SIGNATURES = (
    b"%PDF-", b"PK\x03\x04", b"\x89PNG", b"GIF87a", b"GIF89a", b"\xff\xd8\xff",
    b"\xd0\xcf\x11\xe0", b"\x1f\x8b", b"BZh", b"7z\xbc\xaf", b"Rar!", b"\x00\x00\x01\x00",
    b"OggS", b"ID3", b"fLaC", b"RIFF", b"\x1a\x45\xdf\xa3", b"wOFF", b"wOF2",
)
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_SNIFF_BYTES = 4096


def parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    """(media type in lower case, charset parameter) of a Content-Type header."""
    if not value:
        return None, None
    media, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'") or None
    return media.strip().lower() or None, charset


def looks_binary(body: bytes) -> bool:
    """True when the body is a known binary format or mostly control bytes."""
    head = body[:_SNIFF_BYTES]
    if head.startswith(_BOMS):
        return False
    if head.lstrip().startswith(_BINARY_SIGNATURES) or head.startswith(_BINARY_SIGNATURES):
        return True
    if not head:
        return False
    control = sum(1 for b in head if b < 9 or 13 < b < 32 and b != 27)
    return control / len(head) > 0.05


def decode_body(body: bytes, charset: str | None) -> tuple[str, str]:
    """(text, codec used) with the codec found at fetch time, or one detected now;
    never raises: undecodable bytes become U+FFFD."""
    codec = codec_name(charset) or detect_charset(body)
    return body.decode(codec, errors="replace"), codec

