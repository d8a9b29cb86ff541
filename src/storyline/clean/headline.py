"""The headline of a text that came without one: the first line near its top that reads as one.

Plain-text and JSON Lines input often carries no title, and the text's first line is then page
furniture as often as a headline: a comment counter ("0"), a photo caption with its credit
("Olaf Scholz (Mitte) … | © picture alliance"), a kicker ("Bundestagswahl 2021"), a scraper's
stamp ("date 2023-06-24 …"). A story named after such a line tells a reader nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storyline.clean.stamps import strip_stamp
from storyline.records import Article

SCAN_LINES = 12  # non-empty lines looked at from the top
MIN_WORDS = 4  # a shorter line is a kicker, a section or a site name ("Newsfrom Japan")
MAX_CHARS = 200  # a longer headline is cut at its first sentence, or here
_CREDIT = re.compile(r"©|\(c\)\s|\b(?:photo|foto|image|bild|picture|credit|getty)\s*:", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]{2,}")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’»]?\s+(?=[\"'“‘«„]?[^\W\d_])")


def _first_sentence(line: str) -> str:
    """The line, or its first sentence when the line is a paragraph of prose."""
    m = _SENTENCE_END.search(line)
    if m and m.start() >= 20:
        line = line[:m.start() + 1] if line[m.start()] in ".!?…" else line[:m.end()].rstrip()
    return line if len(line) <= MAX_CHARS else line[:MAX_CHARS].rsplit(" ", 1)[0] + " …"


def headline(text: str) -> str | None:
    """The first line among the top ``SCAN_LINES`` that reads as a headline, or None.

    A line holds at least ``MIN_WORDS`` words and is no photo credit; a scraper's leading stamp
    is dropped from it, and a paragraph of prose gives its first sentence. With no such line,
    the first line that has a word at all. (A line printed again further down is no sign of a
    caption: pages repeat their headline over the photo.)
    """
    lines = [" ".join(x.split()) for x in text.splitlines()]
    lines = [strip_stamp(x) for x in lines if x][:SCAN_LINES]
    for line in lines:
        if len(_WORD.findall(line)) >= MIN_WORDS and not _CREDIT.search(line):
            return _first_sentence(line)
    worded = [x for x in lines if _WORD.search(x)]
    return _first_sentence(worded[0]) if worded else None


def story_title(members: Sequence[Article], default: str) -> str:
    """A story's title: the title of its earliest original article (undated last), else the
    first headline (``headline``) of its originals in that order, else ``default``."""
    originals = [a for a in members if not a.duplicate_of] or list(members)
    dated = sorted(originals, key=lambda a: (a.published is None, a.published or "", a.id))
    for a in dated:
        if a.title and a.title.strip():
            return " ".join(a.title.split())
    for a in dated:
        if (line := headline(a.text)) is not None:
            return line
    return default
