"""Walks up the dependency tree end at the root, also when the root is no verb.

spaCy makes a new ``Token`` object at each access, so a walk must compare token indexes
(``head.head.i != head.i``), never objects (``head.head is not head`` is always true): a
verbless sentence with "according to" looped forever, hanging the worker that parsed it.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from storyline.analyze.nlp import load_pipeline
from storyline.analyze.quotes import extract_quotes
from storyline.analyze.reported import cue_clause
from storyline.records import Article


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
