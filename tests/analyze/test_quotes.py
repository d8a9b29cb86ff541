"""Quotes: marks of any typography, attribution, continuation, indirect speech, seeds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("spacy")

from storyline.analyze.entities import extract_entities
from storyline.analyze.nlp import load_pipeline
from storyline.analyze.quotes import extract_quotes, find_quoted
from storyline.records import Article, QuoteMention

SNIPPETS = Path(__file__).parent.parent / "fixtures" / "quotes" / "snippets.jsonl"
SEEDS = Path(__file__).parent.parent.parent / "samples" / "seeds"
_MARKS = "“”„«»‹›「」\"‘’'"


def _snippet(snippet_id: str) -> Article:
    for line in SNIPPETS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["id"] == snippet_id:
            return Article(id=row["id"], text=row["text"], language=row["language"])
    raise KeyError(snippet_id)


def _quotes(article: Article) -> list[QuoteMention]:
    doc = load_pipeline(article.language)(article.text)
    return extract_quotes(doc, article, extract_entities(doc, article))


@pytest.fixture(scope="module")
def seed_quotes() -> dict[str, Any]:
    out = {}
    for path in sorted(SEEDS.glob("*.txt")):
        article = Article(id=path.name, text=path.read_text(encoding="utf-8"), language="en")
        out[path.name[:3]] = (article, _quotes(article))
    return out


def _find(quotes: list[QuoteMention], words: str) -> QuoteMention:
    hits = [q for q in quotes if words in q.text]
    assert hits, f"no mention holds {words!r}"
    return hits[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said “We will rebuild it” and left.", ["We will rebuild it"]),
        ("Er sagte: „Wir bauen sie wieder auf“ am Abend.", ["Wir bauen sie wieder auf"]),
        ("Il a dit « Nous rebâtirons » hier.", ["Nous rebâtirons"]),
        ("彼は「再建する」と述べた。", ["再建する"]),
        ('She said "no deal is possible" today.', ["no deal is possible"]),
        ("Putin calls it a ‘stab in the back’ in his address", ["stab in the back"]),
        ("The voters’ mood in ’08 was different, and they don’t forget.", []),
        ("Officials' plans changed; the rock 'n' roll era.", []),
        # mixed typography from scraped pages: a curly opener closed straight, and vice versa
        ("He said “we are going to win back.\" Then he left.", ["we are going to win back."]),
        ('She said "this is not over” and left.', ["this is not over"]),
    ],
)
def test_quotes_find_quoted_marks(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in find_quoted(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Il a parlé.\n« Notre ville, c’est notre histoire, notre mémoire et tout notre avenir",
      "Notre ville, c’est notre histoire, notre mémoire et tout notre avenir")],
)
def test_quotes_paragraph_quote_cut_off_is_kept(text: str, expected: str) -> None:
    assert [text[s:e] for s, e in find_quoted(text)] == [expected]


@pytest.mark.parametrize("text", ["“Open and never closed", "« Half „and ” more »»", '"""', "‘’‘"])
def test_quotes_find_quoted_unbalanced_never_fails(text: str) -> None:
    for s, e in find_quoted(text):
        assert 0 <= s <= e <= len(text)


@pytest.mark.parametrize("snippet_id", ["fr-headline", "de-quote", "ru-peskov", "en-split",
                                        "en-indirect", "en-multipara", "en-unbalanced"])
def test_quotes_spans_slice_the_text(snippet_id: str) -> None:
    article = _snippet(snippet_id)
    quotes = _quotes(article)
    assert quotes
    for q in quotes:
        assert q.text == article.text[q.start:q.end]
        assert q.language == article.language
        assert q.sentence_start <= q.start and q.end <= q.sentence_end + 1
        if q.kind == "direct":
            assert q.text[:1] not in _MARKS and q.text[-1:] not in _MARKS


@pytest.mark.parametrize(
    ("snippet_id", "words", "kind", "speaker"),
    [
        ("fr-headline", "Nous rebâtirons Notre-Dame", "direct", "Emmanuel Macron"),
        ("fr-headline", "Le pire a été évité", "direct", "Emmanuel Macron"),
        ("de-quote", "Wir werden die Kathedrale", "direct", "Emmanuel Macron"),
        ("ru-peskov", "личное инициативное", "direct", "Песков"),
        ("en-split", "We will reopen the bridge", "direct", "Anna Kowalski"),
        ("en-split", "Nobody will pay a toll.", "direct", "Anna Kowalski"),
        ("en-split", "the repairs would cost", "indirect", "Anna Kowalski"),
        ("en-indirect", "Lavrov said the leak breached", "indirect", "Sergei Lavrov"),
        ("en-indirect", "the talks would continue", "indirect", "Sergei Lavrov"),
        ("en-multipara", "We have reviewed every contract", "direct", "Maria Lopez"),
    ],
)
def test_quotes_attribution(snippet_id: str, words: str, kind: str, speaker: str) -> None:
    q = _find(_quotes(_snippet(snippet_id)), words)
    assert q.kind == kind
    assert q.speaker_name is not None and speaker in q.speaker_name


@pytest.mark.parametrize("snippet_id", ["en-apostrophes"])
def test_quotes_apostrophes_and_titles_are_not_quotes(snippet_id: str) -> None:
    assert _quotes(_snippet(snippet_id)) == []


@pytest.mark.parametrize(
    ("seed", "words", "kind", "speaker"),
    [
        ("000", "We always say what we think and are ready", "direct", "Sergei Lavrov"),
        ("000", "We don’t give a damn about the separatists’ proposals.", "direct",
         "Emmanuel Macron"),
        ("000", "diplomatic etiquette", "mixed", "Sergei Lavrov"),
        ("001", "We always say what we think. But diplomatic practice", "direct", "Sergey Lavrov"),
        ("001", "it’s hardly worth expecting", None, "Maria Zakharova"),
        ("001", "Paris signalled to the whole world", "direct", "Maria Zakharova"),
        ("001", "I thought that we could find a path with Putin", "direct", "Emmanuel Macron"),
    ],
)
def test_quotes_seed_speakers(seed_quotes: dict[str, Any], seed: str, words: str,
                              kind: str | None, speaker: str) -> None:
    _, quotes = seed_quotes[seed]
    q = _find(quotes, words)
    if kind is not None:
        assert q.kind == kind
    assert q.speaker_name == speaker


@pytest.mark.parametrize("seed", ["001"])
def test_quotes_seed_liar_is_not_said_by_putin(seed_quotes: dict[str, Any], seed: str) -> None:
    _, quotes = seed_quotes[seed]
    q = _find(quotes, "liar")
    assert q.speaker_name is not None and "Putin" not in q.speaker_name
    assert "adviser" in q.speaker_text


@pytest.mark.parametrize("seed", ["000", "001"])
def test_quotes_seed_direct_spans_have_no_marks(seed_quotes: dict[str, Any], seed: str) -> None:
    article, quotes = seed_quotes[seed]
    direct = [q for q in quotes if q.kind == "direct"]
    assert len(direct) >= 4
    for q in direct:
        assert article.text[q.start - 1] in "“\"«„‘ " and q.text[:1] not in _MARKS


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        (
            "Maria Zakharova spoke first. Sergei Lavrov arrived later.\n"
            "“Who would have believed that such a leak could happen at all?” Lavrov said.",
            "Who would have believed that such a leak could happen at all?",
            "Lavrov",
        ),
    ],
)
def test_quotes_attribution_after_question_mark(text: str, quote: str, speaker: str) -> None:
    # the parser ends the sentence at ?” so the attribution opens the next one
    found = [q for q in _quotes(Article(id="a", text=text, language="en")) if q.text == quote]
    assert found and speaker in (found[0].speaker_name or found[0].speaker_text)
