"""Bytes to text: BOMs, declared charsets, detection for the rest; binary data refused."""

from __future__ import annotations

import codecs

from storyline.errors import UnreadableInput

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


# Tie-break order for detected encodings: the ones most pages without a charset really use.
_PREFERRED = (
    "cp1252",
    "latin_1",
    "iso8859_15",
    "cp1251",
    "koi8_r",
    "cp1250",
    "iso8859_2",
    "cp1253",
    "cp1254",
    "cp1256",
    "shift_jis",
    "gb18030",
    "big5",
    "euc_kr",
)


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 4 KiB: not text."""
    head = data[:4096]
    if not head:
        return False
    if any(head.startswith(b) for b, _ in _BOMS[1:]):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls / len(head) > 0.05


def _mostly_ascii_cp1252(data: bytes) -> str | None:
    """Decode as windows-1252 when that works and few letters are non-ASCII.

    Pages without a charset that are not UTF-8 are mostly windows-1252 (the WHATWG default for
    Western locales); detectors guess poorly on such text, where only curly quotes and a few
    accents are non-ASCII (cp1250, cp852...). Cyrillic or CJK text is nearly all non-ASCII, so
    it never passes the 15 % test and goes to detection.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = sum(1 for ch in text if ch.isalpha())
    high = sum(1 for ch in text if ord(ch) > 127)
    return text if letters and high / letters < 0.15 else None


def decode_bytes(data: bytes, declared: str | None = None, source: str = "") -> str:
    """Decode ``data``: BOM, then the declared charset, then UTF-8, then detection.

    Raises:
        UnreadableInput: empty, binary or undecodable data.
    """
    if not data.strip():
        raise UnreadableInput("empty input", source=source)
    if looks_binary(data):
        raise UnreadableInput("binary data, not text", source=source)
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace")
    candidates = [c for c in (declared, "utf-8") if c]
    for enc in candidates:
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    western = _mostly_ascii_cp1252(data)
    if western is not None:
        return western
    from charset_normalizer import from_bytes

    results = from_bytes(data)
    best = results.best()
    if best is None:
        raise UnreadableInput("cannot detect the text encoding", source=source)
    # Equally good guesses (cp1250 vs cp1252 on mostly-ASCII text) go to the commonest encoding.
    ties = {
        m.encoding
        for m in results
        if m.chaos <= best.chaos + 0.01 and m.coherence >= best.coherence - 0.01
    }
    for enc in _PREFERRED:
        if enc in ties:
            return str(next(m for m in results if m.encoding == enc))
    return str(best)
