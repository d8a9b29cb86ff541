"""Phrase attributions (``quote_objects``) and what indirect mentions report (PARC content)."""

from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from storyline.analyze.entities import extract_entities
from storyline.analyze.nlp import load_pipeline
from storyline.analyze.quote_objects import can_hold_view, object_content, trim_set_off
from storyline.analyze.quotes import extract_quotes, reported_content
from storyline.records import Article, QuoteMention


def _mentions(text: str, phrases: bool) -> tuple[object, list[QuoteMention]]:
    article = Article(id="a", text=text, language="en")
    doc = load_pipeline("en")(text)
    return doc, extract_quotes(doc, article, extract_entities(doc, article), phrases=phrases)


def _contents(text: str, phrases: bool = True) -> list[tuple[str, str]]:
    doc, quotes = _mentions(text, phrases)
    out = []
    for q in quotes:
        s, e = reported_content(doc, q)
        out.append((text[s:e], q.speaker_text))
    return out


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        ("Mayor Ruth Ellis vowed to rebuild the cathedral within five years.",
         "to rebuild the cathedral within five years", "Mayor Ruth Ellis"),
        ("Senator Tom Baker called for an independent inquiry into the collapse.",
         "an independent inquiry into the collapse", "Senator Tom Baker"),
        ("The union cited a sharp rise in overtime as the main reason for the strike.",
         "a sharp rise in overtime as the main reason for the strike", "The union"),
        ("Governor Ann Reed accused the contractor of ignoring safety warnings.",
         "the contractor of ignoring safety warnings", "Governor Ann Reed"),
        ("The mayor's promise to rebuild the bridge within a year drew applause.",
         "to rebuild the bridge within a year", "The mayor's"),
        ("Her call for an independent inquiry was rejected.", "an independent inquiry", "Her"),
    ],
)
def test_phrases_find_infinitive_prepositional_and_object_content(text: str, content: str,
                                                                   speaker: str) -> None:
    assert (content, speaker) in _contents(text)


def test_phrases_are_off_by_default() -> None:
    text = "Senator Tom Baker called for an independent inquiry into the collapse."
    assert _contents(text, phrases=False) == []


@pytest.mark.parametrize(
    "text",
    [
        "The mayor called the police after the crash.",  # a bare object of "call" is no content
        "She said it twice.",  # an empty object
        "He was asked about the budget.",  # the passive subject is the one spoken to
    ],
)
def test_phrases_leave_empty_or_passive_objects(text: str) -> None:
    assert _contents(text) == []


def test_phrases_need_a_source_that_holds_views() -> None:
    doc = load_pipeline("en")("Lawmakers want new rules. It wants more. Many believe it.")
    subjects = {t.text: can_hold_view(t) for t in doc if t.dep_ == "nsubj"}
    assert subjects == {"Lawmakers": True, "It": False, "Many": True}


def test_object_content_keeps_the_infinitive_only() -> None:
    doc = load_pipeline("en")("The agency warned state officials to boost their election security.")
    warned = next(t for t in doc if t.lower_ == "warned")
    s, e = object_content(warned)
    assert doc.text[s:e] == "to boost their election security"


def test_trim_set_off_drops_a_trailing_apposition_and_a_second_cue() -> None:
    doc = load_pipeline("en")(
        "Critics say resources could be better spent with NATO, the existing military alliance.")
    say = next(t for t in doc if t.lower_ == "say")
    comp = next(c for c in say.children if c.dep_ == "ccomp")
    kept = trim_set_off(list(comp.subtree))
    assert doc.text[kept[0].idx:kept[-1].idx + len(kept[-1])] == (
        "resources could be better spent with NATO")


@pytest.mark.parametrize(
    ("text", "content"),
    [
        # the phrase after the clause: the clause alone, not what follows the phrase
        (("The top 1 percent would see their incomes go up by 19.9 percent, according to the Tax "
          "Foundation, more than twice the gain of the middle."),
         "The top 1 percent would see their incomes go up by 19.9 percent"),
        ("According to the police, the man fled the scene.", "the man fled the scene"),
        # a cue set into the middle of what it reports: all of it (PARC's content)
        ("The average weekly benefit, experts say, would be $300.",
         "The average weekly benefit, experts say, would be $300"),
    ],
)
def test_indirect_content_around_according_to_and_a_cue_set_in(text: str, content: str) -> None:
    assert content in [c for c, _ in _contents(text, phrases=False)]


@pytest.mark.parametrize(
    ("text", "content"),
    [(("Mr. Obama told voters he would consider it a \"personal insult\" if they did not vote, "
       "implicitly putting his name on the line."),
      "he would consider it a \"personal insult\" if they did not vote")],
)
def test_mixed_content_ends_where_the_writer_sets_off_a_phrase(text: str, content: str) -> None:
    doc, quotes = _mentions(text, phrases=False)
    mixed = [q for q in quotes if q.kind == "mixed"]
    assert mixed
    s, e = reported_content(doc, mixed[0])
    assert text[s:e] == content


def test_any_noun_phrase_can_be_the_source_of_reported_speech() -> None:
    # "lawmakers" names no person, organisation or office: PARC's sources are any noun phrase
    found = _contents("Lawmakers vowed to block the bill before the summer recess.",
                      phrases=False)
    assert found == [("to block the bill before the summer recess", "Lawmakers")]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        # a participle inside what is reported stays ("to stop attacking …")
        ("Palmieri called on Trump to stop attacking Machado and apologize.",
         "to stop attacking Machado and apologize"),
        # one set off by a comma is an attribution of its own
        ("The senator resigned on Monday, citing the strain of the campaign on his family.",
         "the strain of the campaign on his family"),
    ],
)
def test_trim_set_off_keeps_a_participle_that_is_reported(text: str, content: str) -> None:
    assert content in [c for c, _ in _contents(text)]


def test_it_speaks_when_set_into_what_it_reports() -> None:
    text = ("The plan pays mothers through the unemployment program. The average weekly "
            "benefit, it says, would be $300.")
    assert ("The average weekly benefit, it says, would be $300", "it") in _contents(
        text, phrases=False)


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [("Several senators questioned whether the plan would survive a court challenge.",
      "whether the plan would survive a court challenge", "Several senators"),
     ("The mayor pointed out that the deficit had doubled since 2019.",
      "that the deficit had doubled since 2019", "The mayor")],
)
def test_questioning_and_pointing_out_report_a_clause(text: str, content: str,
                                                      speaker: str) -> None:
    assert _contents(text, phrases=False) == [(content, speaker)]
