"""Walks up the dependency tree end at the root, also when the root is no verb; and an
article whose analysis still runs too long is skipped alone (``analyze.article_seconds``).

spaCy makes a new ``Token`` object at each access, so a walk must compare token indexes
(``head.head.i != head.i``), never objects (``head.head is not head`` is always true): a
verbless sentence with "according to" looped forever, hanging the worker that parsed it.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from storyline.analyze import Analyzer
from storyline.analyze.nlp import load_pipeline
from storyline.analyze.quotes import extract_quotes
from storyline.analyze.reported import cue_clause
from storyline.errors import SettingsError
from storyline.records import Article
from storyline.settings import AnalyzeSettings


@contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    def stop(*_: object) -> None:
        raise TimeoutError(f"still walking after {seconds} s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize("text", [
    "According to officials, no injuries.",
    "According to the ministry, a total of 23 pirates.",
])
def test_according_to_in_a_verbless_sentence_ends(text: str) -> None:
    doc = load_pipeline("en")(text)
    cue = next(t for t in doc if t.lower_ == "according")
    with _deadline(20):
        start, end = cue_clause(cue, (0, 0))
        quotes = extract_quotes(doc, Article(id="a", text=text, language="en"), [])
    assert 0 <= start < end <= len(text)
    assert all(0 <= q.start < q.end <= len(text) for q in quotes)


class _Stuck(Analyzer):
    """An analyzer whose rules loop on one article (as cue_clause once did; for 10 s at most,
    so the test fails rather than hangs when no limit stops it)."""

    def analyze_doc(self, doc, article, lang):  # type: ignore[no-untyped-def]
        end = time.monotonic() + 10
        while article.id == "stuck" and time.monotonic() < end:
            pass
        return super().analyze_doc(doc, article, lang)


def test_an_article_past_its_time_limit_is_rejected_alone() -> None:
    articles = [Article(id=i, text=f"The council met on Monday, officials said. Report {i}.",
                        language="en", published="2024-03-06") for i in ("a", "stuck", "b")]
    out = _Stuck(AnalyzeSettings(article_seconds=1.0))(articles)
    assert [type(x).__name__ for x in out] == ["ArticleAnalysis", "Reject", "ArticleAnalysis"]
    assert out[1].reason == "analyze_timeout" and out[1].record == "stuck"
    assert "1 s limit" in out[1].detail


def test_time_limit_zero_means_none() -> None:
    from storyline.engine.base import time_limit

    with time_limit(0, "nothing"):
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    with pytest.raises(SettingsError):
        AnalyzeSettings(article_seconds=-1)
