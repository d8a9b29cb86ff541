"""Bytes to text: BOMs, declared charsets, detection for the rest; binary data refused."""

from __future__ import annotations

import codecs

from storyline.errors import UnreadableInput

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


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
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UnreadableInput("cannot detect the text encoding", source=source)
    return str(best)
