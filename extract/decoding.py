"""Bytes → str for HTML pages, and the input checks that come before parsing.

Order of evidence: byte-order mark, then strict UTF-8 (valid UTF-8 is UTF-8,
whatever a template declares), then the charset the page declares in its first
bytes (``<meta charset>``, ``http-equiv`` Content-Type, XML declaration), then
windows-1252 when it reads as Western text, then statistical detection. A
declared charset that does not decode the bytes is ignored (CMS templates often
claim UTF-8 for Latin-1 data).
"""
from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

# Where a page's charset declaration may appear; the HTML spec looks at 1024 bytes,
# real pages put long <head> preambles first, so look a little further.
_DECLARATION_WINDOW = 4096
_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.\-]+)""",
    re.IGNORECASE,
)
# The WHATWG encoding standard decodes these labels as windows-1252: browsers do,
# so pages written for browsers rely on it (curly quotes in "iso-8859-1" pages).
_BROWSER_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252",
                    "us-ascii": "cp1252", "ascii": "cp1252", "iso-8859-9": "cp1254"}
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
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


def declared_charset(data: bytes) -> str | None:
    """The charset the page declares in its first bytes, as a Python codec name."""
    match = _DECLARED_CHARSET.search(data[:_DECLARATION_WINDOW])
    if not match:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii").lower()
    label = _BROWSER_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_html(data: bytes) -> str:
    """Decode the bytes of an HTML page; raises ``UndecodableInput`` for binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace")
    if looks_binary(data):
        raise UndecodableInput("binary payload, not an HTML document")
    # Bytes that are valid UTF-8 are UTF-8 whatever the page declares: non-ASCII
    # text in another encoding almost never forms valid UTF-8 sequences.
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data)
    if declared and declared not in ("utf-8", "utf-16-le", "utf-16-be", "utf-16"):
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass
    western = data.decode("cp1252", errors="replace")
    if _reads_as_western(western):
        return western
    guess = from_bytes(data[:65536]).best()
    return data.decode(guess.encoding, errors="replace") if guess is not None else western


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
