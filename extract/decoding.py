"""Bytes → str for HTML pages, and the input checks that come before parsing.

One decision for the whole project: the crawler names the codec of each body
with ``detect_charset`` (given the HTTP header's charset) and ``decode_html``
decodes raw bytes given to ``presskb extract`` with the same rules.

Order of evidence: byte-order mark; then strict UTF-8 (valid UTF-8 with
non-ASCII bytes is UTF-8, whatever the header or a template declares; pure
ASCII keeps the declared name); then the charset the header declares, then the
one the page declares in its first bytes (``<meta charset>``, ``http-equiv``
Content-Type, XML declaration), each only when it decodes the bytes (CMS
templates often claim UTF-8 for Latin-1 data); then windows-1252 when it reads
as Western text; then statistical detection.
"""
from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

# Where a page's charset declaration may appear; the HTML spec looks at 1024 bytes,
# real pages put long <head> preambles first, so look a little further.
_DECLARATION_WINDOW = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([a-zA-Z0-9_.\-]+)""", re.I)
# The WHATWG encoding standard decodes these as windows-1252 (and latin5 as
# windows-1254): browsers do, so pages written for browsers rely on it (curly
# quotes and € in "iso-8859-1" pages would otherwise be C1 control characters).
_BROWSER_ALIASES = {"ascii": "cp1252", "iso8859-1": "cp1252", "iso8859-9": "cp1254"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Without a byte-order mark these declarations are wrong: UTF-16 text would be
# full of NUL bytes, and the crawler refuses such bodies as binary.
_NEEDS_BOM = ("utf-16", "utf-32")
# How much of the body statistical detection reads.
_DETECTION_BYTES = 65536
# Signatures of common non-HTML payloads served under HTML URLs.
_BINARY_SIGNATURES = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04",
                      b"\x1f\x8b", b"\x00\x00\x01\x00", b"RIFF", b"\x7fELF")


class UndecodableInput(ValueError):
    """The bytes are not a text document (binary payload or no usable encoding)."""


def looks_binary(sample: bytes | str) -> bool:
    """True when the start of a payload is clearly not text: a known file signature,
    NUL bytes, or a high share of control characters."""
    if isinstance(sample, str):
        head = sample[:2048]
        controls = sum(1 for ch in head if ord(ch) < 32 and ch not in "\t\n\r\f")
        return "\x00" in head or controls > len(head) * 0.05
    head = sample[:2048]
    if head.startswith(_BINARY_SIGNATURES):
        return True
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return b"\x00" in head or controls > len(head) * 0.05


def codec_name(label: str | None) -> str | None:
    """Python codec name for a charset label as browsers read it, or None when
    Python does not know the label."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    return _BROWSER_ALIASES.get(name, name)


def declared_charset(data: bytes) -> str | None:
    """The charset the page declares in its first bytes (XML declaration or meta
    tag), as a Python codec name."""
    head = data[:_DECLARATION_WINDOW]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return codec_name(match.group(1).decode("ascii")) if match else None


def bom_codec(data: bytes) -> str | None:
    """The codec a byte-order mark names (it strips the mark), or None."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def detect_charset(data: bytes, header_charset: str | None = None) -> str:
    """Codec for the bytes of a page, given the charset of its HTTP header if
    any (see the module docstring for the order of evidence). Never fails:
    windows-1252 when nothing else fits."""
    bom = bom_codec(data)
    if bom:
        return bom
    declared = [name for name in (codec_name(header_charset), declared_charset(data))
                if name and not name.startswith(_NEEDS_BOM)]
    if _is_utf8(data):
        # Non-ASCII text in another encoding almost never forms valid UTF-8.
        return declared[0] if declared and data.isascii() else "utf-8"
    for name in declared:
        if name != "utf-8" and _decodes(data, name):
            return name
    if _reads_as_western(data.decode("cp1252", errors="replace")):
        return "cp1252"
    best = from_bytes(data[:_DETECTION_BYTES]).best()
    return (codec_name(best.encoding) if best else None) or "cp1252"


def decode_html(data: bytes) -> str:
    """Decode the bytes of an HTML page; raises ``UndecodableInput`` for binary data.
    Bytes the codec cannot read become U+FFFD."""
    if not bom_codec(data) and looks_binary(data):
        raise UndecodableInput("binary payload, not an HTML document")
    return data.decode(detect_charset(data), errors="replace")


def _decodes(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte sequence cut by a size cap at the very end is still UTF-8.
        return exc.start >= len(data) - 3 and exc.reason == "unexpected end of data"
    return True


# Non-ASCII characters that Western European text (EN/DE/FR/ES/IT...) is made of:
# Latin letters with diacritics and typographic punctuation.
_WESTERN_PUNCTUATION = set("€–—‘’‚“”„…«»‹›°§©®™·•×÷¡¿ ")


def _reads_as_western(text: str) -> bool:
    """True when the non-ASCII characters of a windows-1252 reading are Latin
    letters and typographic punctuation, as in real Western text; a page in
    another single-byte code page reads as symbol soup instead. Statistical
    detectors misjudge short Latin samples (German "Größe" reads as Arabic), so
    this reading is tried first."""
    non_ascii = [ch for ch in text if ord(ch) > 127]
    if not non_ascii:
        return True
    plausible = sum(1 for ch in non_ascii
                    if (ch.isalpha() and ord(ch) < 0x250) or ch in _WESTERN_PUNCTUATION)
    letters = sum(1 for ch in text if ch.isalpha())
    accented = sum(1 for ch in non_ascii if ch.isalpha())
    # Accented letters are a minority in Western text; Cyrillic read as
    # windows-1252 is nothing but accented letters.
    return plausible >= 0.9 * len(non_ascii) and accented <= 0.3 * letters
