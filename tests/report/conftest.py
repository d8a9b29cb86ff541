"""Hand-built records over the two seed pages (samples/seeds), for rendering the report.

The article texts are the seed pages' body paragraphs (lines of eight words or more); every span
is found in that text and built with ``span_of``, so the records satisfy the contract.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.records import (
    Article,
    Claim,
    Conflict,
    Entity,
    Event,
    Position,
    Span,
    Speaker,
    Statement,
    StatementMention,
    StoryReport,
    item_id,
    span_of,
    story_id_for,
)

AMN = "000_fac84f17711a65d7.txt"
STRAITS = "001_f6cdfdc212c4f800.txt"


def body_of(path: Path) -> str:
    """The seed page's body: its lines of eight words or more, blank-line separated."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n\n".join(line.strip() for line in lines if len(line.split()) >= 8)


def find(article: Article, phrase: str, nth: int = 0) -> Span:
    """The span of the nth occurrence of ``phrase`` in the article text."""
    start = -1
    for _ in range(nth + 1):
        start = article.text.index(phrase, start + 1)
    return span_of(article.id, article.text, start, start + len(phrase))


def mention(article: Article, phrase: str, kind: str, speaker_text: str) -> StatementMention:
    sp = find(article, phrase)
    return StatementMention(sp.article, sp.start, sp.end, sp.text, kind, speaker_text,
                            article.language or "", article.outlet)


def position(article: Article, phrase: str) -> Position:
    sp = find(article, phrase)
    return Position(sp.article, sp.start, sp.end, sp.text, article.outlet or "")


def build_story(seeds_dir: Path) -> tuple[list[Article], list[StoryReport]]:
    """Two seed articles and one story report over them with every kind of item."""
    sid = story_id_for([AMN, STRAITS])
    amn = Article(id=AMN, text=body_of(seeds_dir / AMN), outlet="almasdarnews.com",
                  published="2022-07-08", language="en", title="Secret Putin phone call leaked",
                  story=sid, url="https://www.almasdarnews.com/article/secret-putin-call/")
    st = Article(id=STRAITS, text=body_of(seeds_dir / STRAITS), outlet="straitstimes.com",
                 published="2022-07-07", language="en", story=sid,
                 title="Russia slams France’s Macron for breaching diplomatic confidentiality")
    entities = (
        Entity(item_id("e", "Vladimir Putin"), "Vladimir Putin", "PERSON",
               ("Vladimir Putin", "Mr Putin"),
               (find(amn, "Vladimir Putin"), find(st, "Vladimir Putin"), find(st, "Mr Putin"))),
        Entity(item_id("e", "Sergei Lavrov"), "Sergei Lavrov", "PERSON",
               ("Sergei Lavrov", "Sergey Lavrov"),
               (find(amn, "Sergei Lavrov"), find(st, "Sergey Lavrov"))),
    )
    lavrov = Statement(
        item_id("st", "lavrov"), Speaker("Sergei Lavrov", entities[1].id), "2022-07-06",
        (mention(amn, "diplomatic etiquette", "mixed", "Russian Foreign Minister Sergei Lavrov"),
         mention(st, "We always say what we think", "direct", "Sergey Lavrov")),
        said_on_basis="time expression 'on Wednesday'",
    )
    zakharova = Statement(
        item_id("st", "zakharova"), Speaker("Maria Zakharova"), "2022-07-03",
        (mention(st, "it’s hardly worth expecting the French side to respect anyone’s "
                 "confidentiality", "direct", "Foreign Ministry spokeswoman Maria Zakharova"),),
    )
    macron = Statement(
        item_id("st", "macron"), Speaker("Emmanuel Macron"), None,
        (mention(amn, "I don’t know where your lawyer learned the law", "direct", "Macron"),),
    )
    call = Event(item_id("ev", "call"), "Putin and Macron phone call", "2022-02-20",
                 (find(amn, "the call took place on February 20"),
                  find(st, "took place on Feb 20")), date_basis="absolute date",
                 outlets=("almasdarnews.com", "straitstimes.com"))
    leak = Event(item_id("ev", "leak"), "Call leaked", "2022-06-21/2022-06-30",
                 (find(amn, "leaked in late June"),), outlets=("almasdarnews.com",))
    aired = Event(item_id("ev", "aired"), "Documentary aired", None,
                  (find(st, "It aired in the documentary"),), outlets=("straitstimes.com",))
    claims = (
        Claim(item_id("c", "feb20"), "The call took place on February 20", "corroborated",
              ("almasdarnews.com", "straitstimes.com"),
              (find(amn, "the call took place on February 20"), find(st, "took place on Feb 20"))),
        Claim(item_id("c", "biden"), "Putin agreed in principle to meet Biden", "single_source",
              ("straitstimes.com",), (find(st, "Mr Putin agrees “in principle”"),)),
        Claim(item_id("c", "leak"), "The call was leaked", "conflicting",
              ("almasdarnews.com", "straitstimes.com"), (find(amn, "leaked in late June"),),
              (find(st, "decision to reveal private telephone exchanges"),)),
    )
    conflicts = (
        Conflict(item_id("cf", "framing"), "how the call became public", "framing",
                 (position(amn, "just days before Russia invaded Ukraine, leaked"),
                  position(st, "decision to reveal private telephone exchanges"))),
    )
    report = StoryReport(sid, amn.title or "", (AMN, STRAITS), entities,
                         (lavrov, zakharova, macron), (call, leak, aired), claims, conflicts)
    return [amn, st], [report]


@pytest.fixture(scope="module")
def seed_story(seeds_dir: Path) -> tuple[list[Article], list[StoryReport]]:
    return build_story(seeds_dir)
