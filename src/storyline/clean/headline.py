"""The headline of a text that came without one: the first line near its top that reads as one.

Plain-text and JSON Lines input often carries no title, and the text's first line is then page
furniture as often as a headline: a comment counter ("0"), a photo caption with its credit
("Olaf Scholz (Mitte) … | © picture alliance"), a kicker ("Bundestagswahl 2021"), a scraper's
stamp ("date 2023-06-24 …"). A story named after such a line tells a reader nothing.
"""

from __future__ import annotations

import re

from storyline.clean.stamps import _STAMP_LEAD, _STAMP_PATTERNS

SCAN_LINES = 12  # non-empty lines looked at from the top
MIN_WORDS = 4  # a shorter line is a kicker, a section or a site name ("Newsfrom Japan")
MAX_CHARS = 200  # a longer headline is cut at its first sentence, or here
_CREDIT = re.compile(r"©|\(c\)\s|\b(?:photo|foto|image|bild|picture|credit|getty)\s*:", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]{2,}")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’»]?\s+(?=[\"'“‘«„]?[^\W\d_])")


def strip_stamp(line: str) -> str:
    """``line`` without a leading publication stamp ("date 2023-06-24 Title" -> "Title")."""
    lead = _STAMP_LEAD.match(line)
    if not lead:
        return line
    after = line[lead.end():]
    for pat in _STAMP_PATTERNS:
        m = pat.match(after)
        if m:
            return after[m.end():].strip()
    return line


def _first_sentence(line: str) -> str:
    """The line, or its first sentence when the line is a paragraph of prose."""
    m = _SENTENCE_END.search(line)
    if m and m.start() >= 20:
        line = line[:m.start() + 1] if line[m.start()] in ".!?…" else line[:m.end()].rstrip()
    return line if len(line) <= MAX_CHARS else line[:MAX_CHARS].rsplit(" ", 1)[0] + " …"


def headline(text: str) -> str | None:
    """The first line among the top ``SCAN_LINES`` that reads as a headline, or None.

    A line holds at least ``MIN_WORDS`` words, is no photo credit and is not repeated (a caption
    printed twice); a scraper's leading stamp is dropped from it, and a paragraph of prose gives
    its first sentence. With no such line, the first line that has a word at all.
    """
    lines = [" ".join(x.split()) for x in text.splitlines()]
    lines = [strip_stamp(x) for x in lines if x][:SCAN_LINES]
    seen = {x for x in lines if lines.count(x) > 1}
    for line in lines:
        if len(_WORD.findall(line)) >= MIN_WORDS and line not in seen and not _CREDIT.search(line):
            return _first_sentence(line)
    worded = [x for x in lines if _WORD.search(x)]
    return _first_sentence(worded[0]) if worded else None
