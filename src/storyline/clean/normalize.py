"""Text normalisation: clean Unicode out of whatever the page or scraper produced."""

from __future__ import annotations

import html
import re
import unicodedata

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a-\u202e]")
_SPACES = re.compile("[\u00a0\u2007\u202f\u2009\u200a\u3000\t]")
_MOJIBAKE = re.compile("(?:Ã[\u0080-\u00bf]|â€|Â[\u00a0-\u00bf]|Ð[\u0080-\u00bf]|Ñ[\u0080-\u00bf])")
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,5});")


_CP1252_HIGH = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_MOJIBAKE_RUN = re.compile(f"[\u00c2-\u00f4][\u0080-\u00bf{_CP1252_HIGH}]{{1,3}}")


def _byte_of(ch: str) -> int | None:
    try:
        return ch.encode("cp1252")[0]
    except UnicodeEncodeError:
        return ord(ch) if ord(ch) < 256 else None


def _fix_run(match: re.Match[str]) -> str:
    run = match.group(0)
    raw = [_byte_of(ch) for ch in run]
    if any(b is None for b in raw):
        return run
    try:
        return bytes(raw).decode("utf-8")  # type: ignore[arg-type]
    except UnicodeDecodeError:
        return run


def _repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as cp1252/latin-1 ("â€™" -> "’", "Ã©" -> "é"), run by run, only where
    the bytes form valid UTF-8 (so a real "Ã" or "â" stays); repeated for double mojibake."""
    while _MOJIBAKE.search(text):
        fixed = _MOJIBAKE_RUN.sub(_fix_run, text)
        if fixed == text:
            break
        text = fixed
    return text


def _unescape(text: str) -> str:
    """HTML entities, also double-escaped ones ("&amp;#8217;"), until none is left."""
    while _ENTITY.search(text):
        fixed = html.unescape(text)
        if fixed == text:
            break
        text = fixed
    return text


def normalize_text(text: str) -> str:
    """Clean Unicode: mojibake repaired, entities unescaped, invisible characters removed,
    odd spaces made plain, line endings LF, trailing spaces and blank-line runs trimmed, NFC.

    Quotation marks and dashes are kept as they are: quotes are found by them.

    Args:
        text: text as scraped or extracted.

    Returns:
        The cleaned text; ``normalize_text`` of it returns it unchanged.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    text = _unescape(text)
    text = _repair_mojibake(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # an entity may have been "&#13;"
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    text = unicodedata.normalize("NFC", text)
    lines = [ln.rstrip() for ln in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n")
