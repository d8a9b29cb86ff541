"""Records over the two seed pages (samples/seeds) for the store tests.

The article texts are the seed pages' body lines; spans are found in them and built with
``span_of``, so they are real slices.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.records import (
    Article,
    ArticleAnalysis,
    Claim,
    Conflict,
    Entity,
    EntityMention,
    Event,
    Position,
    QuoteMention,
    Reject,
    Sentence,
    Span,
    Speaker,
    Statement,
    StatementMention,
    StoryReport,
    item_id,
    span_of,
    story_id_for,
    vector,
)

SEEDS = ("000_fac84f17711a65d7.txt", "001_f6cdfdc212c4f800.txt")


def _body(path: Path) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n\n".join(line.strip() for line in lines if len(line.split()) >= 8)


def _find(article: Article, phrase: str) -> Span:
    start = article.text.index(phrase)
    return span_of(article.id, article.text, start, start + len(phrase))


def build_run(seeds_dir: Path) -> tuple[list[Article], list[StoryReport], list[Reject]]:
    """Two seed articles, one story over them, and one reject."""
    sid = story_id_for(SEEDS)
    amn = Article(id=SEEDS[0], text=_body(seeds_dir / SEEDS[0]), outlet="almasdarnews.com",
                  published="2022-07-08", language="en", story=sid, title="Secret call leaked")
    st = Article(id=SEEDS[1], text=_body(seeds_dir / SEEDS[1]), outlet="straitstimes.com",
                 published="2022-07-07", language="en", story=sid,
                 published_source="input", removed_lines=3)
    lav = [_find(amn, "diplomatic etiquette"), _find(st, "We always say what we think")]
    statement = Statement(
        item_id("st", "lavrov"), Speaker("Sergei Lavrov", item_id("e", "lavrov")), "2022-07-06",
        tuple(StatementMention(s.article, s.start, s.end, s.text, kind, "Lavrov", "en", outlet)
              for s, kind, outlet in zip(lav, ("mixed", "direct"),
                                         ("almasdarnews.com", "straitstimes.com"), strict=True)),
    )
    call = [_find(amn, "the call took place on February 20"), _find(st, "took place on Feb 20")]
    report = StoryReport(
        sid, "Secret call leaked", SEEDS,
        entities=(Entity(item_id("e", "lavrov"), "Sergei Lavrov", "PERSON",
                         ("Sergei Lavrov", "Sergey Lavrov"),
                         (_find(amn, "Sergei Lavrov"), _find(st, "Sergey Lavrov"))),),
        statements=(statement,),
        events=(Event(item_id("ev", "call"), "Putin and Macron call", "2022-02-20", tuple(call)),),
        claims=(Claim(item_id("c", "call"), "The call took place on February 20",
                      "corroborated", ("almasdarnews.com", "straitstimes.com"), tuple(call)),),
        conflicts=(Conflict(item_id("cf", "f"), "how it became public", "framing", (
            Position(*_span_tuple(_find(amn, "leaked in late June")), "almasdarnews.com"),
            Position(*_span_tuple(_find(st, "decision to reveal")), "straitstimes.com"),
        )),),
    )
    rejects = [Reject(source="broken.html", reason="no_body", detail="empty page")]
    return [amn, st], [report], rejects


def _span_tuple(span: Span) -> tuple[str, int, int, str]:
    return span.article, span.start, span.end, span.text


def build_analysis(article: Article) -> ArticleAnalysis:
    """A small analysis of an article: its first sentence, a person and a quote mention."""
    first = article.text.index("\n") if "\n" in article.text else len(article.text)
    name = "Lavrov"
    at = article.text.index(name)
    quote_at = article.text.index("diplomatic") if "diplomatic" in article.text else 0
    return ArticleAnalysis(
        article=article.id, language=article.language or "en",
        sentences=(Sentence(0, first),),
        entities=(EntityMention(article.id, at, at + len(name), name, "PERSON"),),
        quotes=(QuoteMention(article.id, quote_at, quote_at + 10,
                             article.text[quote_at:quote_at + 10], "direct", name, name, "said",
                             "en"),),
        embedding=vector((0.25, -0.5, 0.125)),
        reference_date=article.published, reference_kind="published",
    )


@pytest.fixture(scope="module")
def seed_run(seeds_dir: Path) -> tuple[list[Article], list[StoryReport], list[Reject]]:
    return build_run(seeds_dir)
