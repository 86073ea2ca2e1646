"""What a response body is: content type, binary sniffing, charset.

Pure functions over bytes and header values; no I/O.
"""
from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

HTML_TYPES = ("text/html", "application/xhtml+xml")

# Magic numbers of formats that are sometimes served as text/html by mistake.
_BINARY_SIGNATURES = (
    b"%PDF-", b"PK\x03\x04", b"\x89PNG", b"GIF87a", b"GIF89a", b"\xff\xd8\xff",
    b"\xd0\xcf\x11\xe0", b"\x1f\x8b", b"BZh", b"7z\xbc\xaf", b"Rar!", b"\x00\x00\x01\x00",
    b"OggS", b"ID3", b"fLaC", b"RIFF", b"\x1a\x45\xdf\xa3", b"wOFF", b"wOF2",
)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([a-zA-Z0-9_.\-]+)""", re.I)
# The WHATWG encoding standard decodes these labels as windows-1252; so do we,
# otherwise „German quotes“ and € on such pages come out as C1 control chars.
_AS_WINDOWS_1252 = {"ascii", "latin-1", "iso8859-1", "iso-8859-1", "us-ascii", "cp819"}
_SNIFF_BYTES = 4096
# Single-byte Latin-script code pages that detection confuses with windows-1252.
_LATIN_LOOKALIKES = re.compile(
    r"^(cp125[023478]|iso8859-([1-49]|1[03-6])|mac-(latin2|roman|turkish|iceland|croatian|romanian)|cp(437|850|852|858))$"
)


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


def codec_name(label: str | None) -> str | None:
    """Python codec name for a charset label, or None when Python does not know it."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    return "cp1252" if name in _AS_WINDOWS_1252 or label.lower() in _AS_WINDOWS_1252 else name


def looks_binary(body: bytes) -> bool:
    """True when the body is a known binary format or mostly control bytes."""
    head = body[:_SNIFF_BYTES]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    if head.lstrip().startswith(_BINARY_SIGNATURES) or head.startswith(_BINARY_SIGNATURES):
        return True
    if not head:
        return False
    control = sum(1 for b in head if b < 9 or 13 < b < 32 and b != 27)
    return control / len(head) > 0.05


def declared_charset(body: bytes) -> str | None:
    """Charset declared inside the document (meta tag or XML declaration)."""
    head = body[:_SNIFF_BYTES]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return codec_name(match.group(1).decode("ascii")) if match else None


def detect_charset(body: bytes, header_charset: str | None = None) -> str:
    """Codec for the body: BOM, then header, then in-document declaration, then
    strict UTF-8, then statistical detection. A declared UTF-8 that does not
    decode is treated as undeclared (a common misconfiguration)."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    for declared in (codec_name(header_charset), declared_charset(body)):
        if declared and (declared != "utf-8" or _is_utf8(body)):
            return declared
    if _is_utf8(body):
        return "utf-8"
    best = from_bytes(body[:200_000]).best()
    guess = codec_name(best.encoding) if best else None
    if guess is None or _LATIN_LOOKALIKES.match(guess) and _decodes(body, "cp1252"):
        # Detection cannot tell Central from Western European single-byte text
        # apart reliably; our sources are English, German and French.
        return "cp1252"
    return guess


def decode_body(body: bytes, charset: str | None) -> tuple[str, str]:
    """(text, codec used); never raises: undecodable bytes become U+FFFD."""
    codec = codec_name(charset) or detect_charset(body)
    return body.decode(codec, errors="replace"), codec


def _decodes(body: bytes, codec: str) -> bool:
    try:
        body.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte sequence cut by a size cap at the very end is still UTF-8.
        return exc.start >= len(body) - 3 and exc.reason == "unexpected end of data"
    return True
