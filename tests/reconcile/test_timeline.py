"""Story timeline on the seed pages (``samples/seeds``): references, anchors, said_on, events.

Quote mentions are built by hand here (the quote finder is tested on its own): each holds the
words said between the quotation marks, with the sentence from the spaCy parse.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storyline.analyze.dates import find_times, infer_reference
from storyline.analyze.entities import extract_entities
from storyline.analyze.events import extract_events
from storyline.analyze.nlp import load_pipeline
from storyline.cluster.embed import Embedder
from storyline.reconcile.timeline import merge_events, resolve_story_times
from storyline.records import Article, ArticleAnalysis, Event, QuoteMention, Sentence

AMN = "000_fac84f17711a65d7.txt"
STRAITS = "001_f6cdfdc212c4f800.txt"
QUOTES = {
    AMN: [
        ("Essentially, we always", "Lavrov"),
        ("We don’t give a damn", "Macron"),
        ("I think that diplomatic ethics", "Lavrov"),
        ("I don’t know where", "Macron"),
    ],
    STRAITS: [
        ("We always conduct negotiations", "Lavrov"),
        ("We always say what we", "Lavrov"),
        ("it’s hardly worth", "Zakharova"),
        ("Paris signalled", "Zakharova"),
    ],
}


def _analyse(nlp: Any, article: Article) -> ArticleAnalysis:
    doc = nlp(article.text)
    reference, kind = infer_reference(article, doc)
    entities = extract_entities(doc, article)
    times = find_times(doc, article, reference, kind)
    quotes = []
    for words, speaker in QUOTES.get(article.id, []):
        start = article.text.index(words)
        end = article.text.index("”", start)
        sent = next(s for s in doc.sents if s.start_char <= start < s.end_char)
        quotes.append(
            QuoteMention(
                article=article.id,
                start=start,
                end=end,
                text=article.text[start:end],
                kind="direct",
                speaker_text=speaker,
                speaker_name=speaker,
                cue="said",
                language="en",
                sentence_start=sent.start_char,
                sentence_end=sent.end_char,
            )
        )
    return ArticleAnalysis(
        article=article.id,
        language="en",
        sentences=tuple(Sentence(s.start_char, s.end_char) for s in doc.sents),
        entities=tuple(entities),
        quotes=tuple(quotes),
        times=tuple(times),
        events=tuple(extract_events(doc, article, times, entities)),
        reference_date=reference,
        reference_kind=kind,
    )


@pytest.fixture(scope="module")
def story(seeds_dir: Path) -> dict[str, Any]:
    nlp = load_pipeline("en")
    articles = [
        Article(
            id=AMN,
            text=(seeds_dir / AMN).read_text(encoding="utf-8"),
            published="2022-07-08",
            language="en",
            outlet="AMN",
        ),
        Article(
            id=STRAITS,
            text=(seeds_dir / STRAITS).read_text(encoding="utf-8"),
            published=None,
            language="en",
            outlet="The Straits Times",
        ),
    ]
    analyses = resolve_story_times(articles, [_analyse(nlp, a) for a in articles])
    events = merge_events(articles, analyses, None)
    return {"articles": articles, "analyses": {a.article: a for a in analyses}, "events": events}


def _quote(story: dict[str, Any], name: str, words: str) -> QuoteMention:
    return next(q for q in story["analyses"][name].quotes if q.text.startswith(words))


@pytest.mark.parametrize(("name", "kind"), [(AMN, "published"), (STRAITS, "story_dates")])
def test_timeline_reference_kinds(story: dict[str, Any], name: str, kind: str) -> None:
    assert story["analyses"][name].reference_kind == kind


@pytest.mark.parametrize(
    ("name", "words", "said_on"),
    [
        (AMN, "Essentially, we always", "2022-07-06"),
        (AMN, "I think that diplomatic ethics", "2022-07-06"),
        (AMN, "We don’t give a damn", "2022-02-20"),
        (AMN, "I don’t know where", "2022-02-20"),
        (STRAITS, "We always conduct negotiations", "2022-07-06"),
        (STRAITS, "We always say what we", "2022-07-06"),
        (STRAITS, "it’s hardly worth", "2022-07-03"),
        (STRAITS, "Paris signalled", "2022-07-03"),
    ],
)
def test_timeline_said_on_seeds(story: dict[str, Any], name: str, words: str, said_on: str) -> None:
    quote = _quote(story, name, words)
    assert quote.said_on == said_on
    assert quote.said_on_text


@pytest.mark.parametrize(
    ("word", "date", "outlets"),
    [("call", "2022-02-20", 2), ("invasion", "2022-02-24", 2)],
)
def test_timeline_merged_events_seeds(
    story: dict[str, Any], word: str, date: str, outlets: int
) -> None:
    hits = [e for e in story["events"] if word in e.summary.lower()]
    assert len(hits) == 1
    assert hits[0].date == date
    assert len(hits[0].outlets) == outlets


@pytest.mark.parametrize("stamp", ["July 08, 2022"])
def test_timeline_stamp_is_not_an_event(story: dict[str, Any], stamp: str) -> None:
    assert story["events"]
    for event in story["events"]:
        assert event.date != "2022-07-08"
        assert all(stamp not in span.text for span in event.evidence)


@pytest.mark.parametrize("name", [AMN, STRAITS])
def test_timeline_evidence_slices(story: dict[str, Any], name: str) -> None:
    texts = {a.id: a.text for a in story["articles"]}
    for event in story["events"]:
        for span in event.evidence:
            assert texts[span.article][span.start : span.end] == span.text
        assert Event.from_dict(event.to_dict()) == event


@pytest.mark.parametrize(
    ("dated", "undated", "expected"),
    [
        (
            "The vote took place on March 3, 2021.",
            "Protests erupted two days after the vote.",
            "2021-03-05",
        )
    ],
)
def test_timeline_anchor_across_articles(dated: str, undated: str, expected: str) -> None:
    nlp = load_pipeline("en")
    articles = [
        Article(id="a", text=dated, published="2021-03-04", language="en"),
        Article(id="b", text=undated, language="en"),
    ]
    analyses = resolve_story_times(articles, [_analyse(nlp, a) for a in articles])
    anchored = [e for a in analyses for e in a.events if e.anchor_text]
    assert [e.date for e in anchored] == [expected]


@pytest.mark.parametrize(
    ("texts", "majority", "conflict"),
    [
        (
            [
                "The fire broke out on April 15, 2019.",
                "The fire broke out on April 15, 2019.",
                "The fire broke out on April 16, 2019.",
            ],
            "2019-04-15",
            "2019-04-16",
        )
    ],
)
def test_timeline_merge_keeps_majority_date(texts: list[str], majority: str, conflict: str) -> None:
    nlp = load_pipeline("en")
    articles = [
        Article(id=f"a{i}", text=t, published="2019-04-17", language="en", outlet=f"o{i}")
        for i, t in enumerate(texts)
    ]
    analyses = [_analyse(nlp, a) for a in articles]
    # Without an encoder, disagreeing dates stay apart; with one, the same wording merges and
    # the minority date is recorded.
    apart = {e.date: e for e in merge_events(articles, analyses, None)}
    assert set(apart) == {majority, conflict}
    merged = merge_events(articles, analyses, Embedder())
    assert len(merged) == 1
    assert merged[0].date == majority
    assert merged[0].date_conflicts == (conflict,)
    assert len(merged[0].evidence) == 3 and len(merged[0].outlets) == 3


def test_timeline_undated_article_reuses_its_parse() -> None:
    from storyline.analyze import Analyzer

    articles = [
        Article(id="a", text="The minister resigned on Tuesday, March 2, 2021.",
                published="2021-03-04", language="en"),
        Article(id="b", text="The minister resigned on Tuesday. Talks began on Wednesday.",
                language="en"),
    ]
    analyses = Analyzer()(articles)
    dated, undated = analyses
    assert dated.parsed is None and undated.parsed is not None
    assert "parsed" not in undated.to_dict()
    from_parse = resolve_story_times(articles, analyses)
    from_text = resolve_story_times(articles, [x.replace(parsed=None) for x in analyses])
    assert [x.to_dict() for x in from_parse] == [x.to_dict() for x in from_text]
    assert all(x.parsed is None for x in from_parse)
    assert [t.value for t in from_parse[1].times] == ["2021-03-02", "2021-03-03"]


@pytest.mark.parametrize(
    ("lead", "said_on"),
    [
        # the lead dates the event the day before the report: its undated remarks were made then
        ("A fire ravaged the old cathedral on Monday night, destroying its spire.", "2019-04-15"),
        # the same day adds nothing to the report's own date; a lead two weeks back is background
        ("A fire ravaged the old cathedral on Tuesday, destroying its spire.", None),
        ("A fire ravaged the old cathedral on April 2, destroying its spire.", None),
    ],
)
def test_timeline_said_on_from_the_lead(lead: str, said_on: str | None) -> None:
    from storyline.analyze import Analyzer

    text = (f"{lead}\n\nCrowds gathered along the river to watch the smoke rise.\n\n"
            "“We will rebuild it stone by stone,” the mayor told reporters.\n")
    article = Article(id="a", text=text, published="2019-04-16", language="en")
    (analysis,) = resolve_story_times([article], Analyzer()([article]))
    (quote,) = [q for q in analysis.quotes if "rebuild" in q.text]
    assert quote.said_on == said_on


@pytest.mark.parametrize(
    ("sentence", "said_on"),
    [
        # the date of a relative clause dates what the clause tells, not the remark
        (("The mayor said boats could help at the bridge, which the queen opened on 3 May 2011 "
          "with her husband."), None),
        (("The mayor said on Monday that boats could help at the bridge, which the queen "
          "opened with her husband."), "2019-04-15"),
    ],
)
def test_timeline_said_on_skips_relative_clauses(sentence: str, said_on: str | None) -> None:
    from storyline.analyze import Analyzer

    text = f"Floods close the old bridge\n\n{sentence}\n"
    article = Article(id="a", text=text, published="2019-04-16", language="en")
    (analysis,) = resolve_story_times([article], Analyzer()([article]))
    (quote,) = [q for q in analysis.quotes if "boats" in q.text]
    assert quote.said_on == said_on
