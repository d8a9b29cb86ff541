"""A report followed at once by another quote of its speaker; names matched across scripts."""

from __future__ import annotations

import pytest

from storyline.records import Entity, QuoteMention

from .test_statements_match import _TrigramEmbedder


def _quote(article: str, start: int, text: str, kind: str) -> QuoteMention:
    return QuoteMention(article, start, start + len(text), text, kind, "Putin", "Putin", "said", "en")


REPORT = "Putin said the very existence of Russia was threatened."
QUOTE = "We are fighting for the life and security of our people."


@pytest.mark.parametrize(
    ("first_kind", "second_kind", "gap", "expected"),
    [
        ("indirect", "direct", 1, True),  # the report, then the words it sums up
        ("mixed", "direct", 3, True),
        ("indirect", "indirect", 1, True),  # the report carried on
        ("direct", "indirect", 1, False),  # a quote, then a further report: a new point
        ("direct", "direct", 1, False),
        ("indirect", "direct", 60, False),  # other words between them
    ],
)
def test_statement_elaboration_rule(first_kind, second_kind, gap, expected):  # type: ignore[no-untyped-def]
    from storyline.reconcile.statements import _elaborates

    a = _quote("a", 0, REPORT, first_kind)
    b = _quote("a", a.end + gap, QUOTE, second_kind)
    assert _elaborates(a, b, 0, 1) == expected
    assert _elaborates(b, a, 1, 0) == expected  # the order of the quotes, not of the arguments


@pytest.mark.parametrize(
    ("second", "expected"),
    [
        ("He said he wanted to avoid shedding Russian blood.", True),
        ("but added that the worst had been avoided", False),  # a further utterance
        ("adding that the mutiny was a stab in the back", False),
    ],
)
def test_statement_elaboration_not_a_further_clause(second, expected):  # type: ignore[no-untyped-def]
    from storyline.reconcile.statements import _elaborates

    a = _quote("a", 0, REPORT, "indirect")
    b = _quote("a", a.end + 1, second, "indirect")
    assert _elaborates(a, b, 0, 1) == expected


def test_statement_elaboration_raises_the_pair_score() -> None:
    """The same two texts score higher as report-then-quote than as quote-then-report."""
    from storyline.reconcile.statements import ELABORATION_BONUS, pair_scores

    putin = Entity("e-putin", "Vladimir Putin", "PERSON")
    report = _quote("a", 0, REPORT, "indirect")
    quote = _quote("a", report.end + 1, QUOTE, "direct")
    first = pair_scores([report, quote], [0, 1], [putin, putin], _TrigramEmbedder())
    quote_first = _quote("a", 0, QUOTE, "direct")
    report_after = _quote("a", quote_first.end + 1, REPORT, "indirect")
    second = pair_scores([quote_first, report_after], [0, 1], [putin, putin], _TrigramEmbedder())
    assert first[0, 1] > second[0, 1]
    assert first[0, 1] == pytest.approx(second[0, 1] + ELABORATION_BONUS, abs=1e-5)


def test_statement_match_terms_are_transliterated() -> None:
    from storyline.reconcile.statement_match import _terms

    assert "prigo" in _terms("Пригожина") & _terms("Prigozhin")
    assert "279" in _terms("по ст. 279 УК")


def test_statement_match_lexical_overlap_across_scripts() -> None:
    """Two mentions in two scripts that share two rare names overlap; a third does not."""
    from storyline.reconcile.statement_match import lexical_overlap

    texts = [
        "Пригожин уйдет в Белоруссию, сказал Песков",
        "Prigozhin will go to Belorussia under the deal",
        "The situation in the southern city remains difficult",
    ]
    out = lexical_overlap(texts)
    assert out[0, 1] > 0.5
    assert out[0, 2] == 0.0


def _said(article: str, speaker: str) -> QuoteMention:
    text = "The deal was agreed overnight."
    return QuoteMention(article, 0, len(text), text, "indirect", speaker, speaker, "said", "en")


PESKOV = Entity("e-peskov", "Dmitry Peskov", "PERSON", aliases=("Kremlin spokesman Dmitry Peskov",))
PUTIN = Entity("e-putin", "Vladimir Putin", "PERSON")
KREMLIN = Entity("e-kremlin", "Kremlin", "ORG")


@pytest.mark.parametrize(
    ("people", "kin", "expected"),
    [
        ([PESKOV], {"e-peskov"}, "e-peskov"),  # the one person who speaks for it
        ([PESKOV, PUTIN], {"e-peskov", "e-putin"}, "e-peskov"),  # of two, its spokesman
        ([PUTIN, Entity("e-x", "Ivan X", "PERSON")], {"e-putin", "e-x"}, None),  # two, no title
        ([], {"e-peskov"}, None),  # linked, but not quoted in the story
    ],
)
def test_statement_speakers_organisation_voice(people, kin, expected):  # type: ignore[no-untyped-def]
    from storyline.reconcile.statement_speakers import _voices

    quotes = [_said("a", "the Kremlin")] + [_said(f"p{k}", p.name) for k, p in enumerate(people)]
    ents = [KREMLIN, *people]
    kins = [frozenset(kin)] + [frozenset({"e-kremlin"})] * len(people)
    voices = _voices(quotes, ents, kins)
    assert (voices["e-kremlin"].id if "e-kremlin" in voices else None) == expected


def test_statement_credited_to_the_organisation_voice() -> None:
    from storyline.reconcile.statements import _statement
    from storyline.records import Article

    q = _said("a", "the Kremlin")
    by_id = {"a": Article("a", q.text)}
    own = _statement("s", [q], [KREMLIN], by_id, {})
    voiced = _statement("s", [q], [KREMLIN], by_id, {}, {"e-kremlin": PESKOV})
    assert own is not None and own.speaker.name == "Kremlin"
    assert voiced is not None and voiced.speaker.name == "Dmitry Peskov"
    assert voiced.speaker.entity == "e-peskov"
