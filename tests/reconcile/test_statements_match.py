"""Statement matching rules: reported clauses, sentence ends, rare words, speakers, neighbours."""

from __future__ import annotations

import zlib

import numpy as np
import pytest

from storyline.records import Entity, QuoteMention


class _TrigramEmbedder:
    """A deterministic stand-in for the encoder: hashed character trigrams, L2-normalised."""

    def encode(self, texts):  # type: ignore[no-untyped-def]
        out = np.zeros((len(texts), 256), dtype=np.float32)
        for i, t in enumerate(texts):
            t = t.casefold()
            for k in range(len(t) - 2):
                out[i, zlib.crc32(t[k : k + 3].encode()) % 256] += 1.0
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-6)


def _quote(
    article: str, start: int, text: str, kind: str = "direct", speaker: str = "X", lang: str = "en"
) -> QuoteMention:
    return QuoteMention(
        article, start, start + len(text), text, kind, speaker, speaker, "said", lang
    )


@pytest.mark.parametrize(
    ("text", "lang", "second"),
    [
        (
            'He said the blaze was a "terrible tragedy" but added that the "worst had been avoided"',
            "en",
            'but added that the "worst had been avoided"',
        ),
        (
            "Putin said that “ambitions have led to treason,” adding that the mutiny was a “stab”",
            "en",
            "adding that the mutiny was a “stab”",
        ),
        (
            "The minister spoke of “grave failures” and assuring that those responsible “will answer”",
            "en",
            "and assuring that those responsible “will answer”",
        ),
        (
            "Песков добавил, что уголовное дело будет закрыто, а сам основатель уйдет в Белоруссию",
            "ru",
            "а сам основатель уйдет в Белоруссию",
        ),
        (
            ("Peskov said the case would be dropped, and the fighters who had taken part would "
            "not face any prosecution"),
            "en",
            "and the fighters who had taken part would not face any prosecution",
        ),
        (
            "Il a assuré que la cathédrale serait rebâtie, et les dons seront tous utilisés",
            "fr",
            "et les dons seront tous utilisés",
        ),
        (
            "Dijo que el acuerdo está cerca, y los sindicatos han dado su apoyo",
            "es",
            "y los sindicatos han dado su apoyo",
        ),
    ],
)
def test_statement_match_clause_starts_cut_before_connective(text, lang, second):  # type: ignore[no-untyped-def]
    from storyline.reconcile.statement_match import clause_starts

    cuts = clause_starts(text, lang)
    assert len(cuts) == 1
    assert text[cuts[0] :] == second


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("He said so, adding that", "en"),  # the second clause would be too short
        ("Il a dit, ajoutant que tout va bien", "xx"),  # no cue list for the language
        ("The fire is out and the towers stand", "en"),
        # a list of subjects is no second clause: no comma-free run to a finite verb
        ("He said the ship, and the crew, were safe in the port", "en"),
    ],
)
def test_statement_match_clause_starts_no_cut(text, lang):  # type: ignore[no-untyped-def]
    from storyline.reconcile.statement_match import clause_starts

    assert clause_starts(text, lang) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Navigation resumed at 6 p.m. local time, said Lt. Gen. Osama Rabei of the authority.",
            1,
        ),
        ("Ambitions led to treason. Mr. Smith agreed with that.", 2),
        ("We pulled it off. It was a very hard week for us.", 2),
    ],
)
def test_statement_match_sentences_skip_titles_and_initials(text, expected):  # type: ignore[no-untyped-def]
    from storyline.reconcile.statement_match import sentence_ends

    assert len(sentence_ends(text)) + 1 == expected


def test_statement_match_lexical_overlap_weighs_rare_words() -> None:
    from storyline.reconcile.statement_match import lexical_overlap

    texts = [
        "Macron promised a fundraising campaign for the cathedral",
        "Macron will launch an international fundraising campaign for the cathedral",
        "Macron said the cathedral was the epicentre of our life",
    ]
    background = [
        "The cathedral burned.",
        "The cathedral roof fell.",
        "Firemen saved the cathedral.",
    ]
    sim = lexical_overlap(texts, names=["Emmanuel Macron"], background=background)
    assert sim[0, 1] > 0.5
    assert sim[0, 2] < 0.1  # only the topic word and the speaker's name are shared
    assert np.allclose(sim, sim.T)


def test_statement_match_lexical_overlap_needs_two_shared_words() -> None:
    """One shared word is chance (in a small story it would score as a full match)."""
    from storyline.reconcile.statement_match import lexical_overlap

    background = ["The talks went on.", "Ministers met in Geneva.", "Nothing was agreed."]
    one = lexical_overlap(["We think for ourselves", "I think for the leak"], [], background)
    assert one[0, 1] == 0.0  # "for" tells nothing, "think" alone is chance
    two = lexical_overlap(["We think the leak was wrong", "I think the leak was a breach"], [],
                          background)
    assert two[0, 1] > 0.5


@pytest.mark.parametrize("common", ["notre histoire"])
def test_statement_match_lexical_overlap_counts_words_in_their_language(common: str) -> None:
    """In a story told mostly in English, words every French sentence uses are not rare: with
    languages given, two French mentions sharing only them score less than two sharing a word
    rare in French too."""
    from storyline.reconcile.statement_match import lexical_overlap

    texts = [f"{common} ne s'arrête jamais", f"au cours de {common} nous avons bâti",
             f"{common} et la souscription nationale", f"la souscription nationale pour {common}"]
    english = [f"The cathedral fire was seen in sentence {n}." for n in range(40)]
    french = [f"Dans {common}, phrase {n} de l'article." for n in range(8)]
    background = english + french
    pooled = lexical_overlap(texts, [], background)
    by_language = lexical_overlap(texts, [], background, ["fr"] * 4,
                                  ["en"] * len(english) + ["fr"] * len(french))
    assert pooled[0, 1] > 0.5  # pooled, the French words look rare in an English story
    assert by_language[0, 1] < pooled[0, 1] - 0.3
    assert by_language[2, 3] > 0.5  # "souscription nationale" is rare in French too
    assert np.allclose(by_language, by_language.T)


def test_statements_units_split_reported_clauses_into_exact_slices() -> None:
    from storyline.reconcile.statements import _units

    text = 'He said the blaze was a "terrible tragedy" but added that the "worst had been avoided"'
    quotes = [_quote("a", 10, text, kind="mixed"), _quote("a", 200, text, kind="direct")]
    units, parent, sentence = _units(quotes)
    assert parent == [0, 0, 1]
    assert sentence == [0, 0, 1]  # the two clauses of one sentence share it
    assert [u.text for u in units[:2]] == [
        'He said the blaze was a "terrible tragedy"',
        'but added that the "worst had been avoided"',
    ]
    for u in units[:2]:
        assert text[u.start - 10 : u.end - 10] == u.text


_FLOOD = (
    "The minister vowed the bridge would be rebuilt, after a flood damaged it but failed, "
    "according to the city's engineer, to wash it away."
)


@pytest.mark.parametrize(
    ("text", "speaker", "rest"),
    [
        (
            _FLOOD,
            "The minister",
            ["but failed, according to the city's engineer, to wash it away."],
        ),
        # the quote's own speaker named in the attribution: its frame, no second source
        (_FLOOD, "the city's engineer", []),
        # an attribution that ends the sentence credits all of it: no clause of its own
        ("The bridge will be rebuilt within a year, according to the engineer.", "minister", []),
    ],
)
def test_statement_match_source_starts_cut_clause_of_another_source(text, speaker, rest):  # type: ignore[no-untyped-def]
    from storyline.reconcile.statement_match import source_starts

    assert [text[c:] for c in source_starts(text, "en", speaker)] == rest


def test_statements_units_keep_another_source_apart() -> None:
    """A clause credited to another source is a unit of its own, a clause of the same sentence."""
    from storyline.reconcile.statements import _units

    q = _quote("a", 5, _FLOOD, kind="indirect", speaker="The minister")
    units, parent, sentence = _units([q])
    assert [u.text for u in units] == [
        "The minister vowed the bridge would be rebuilt, after a flood damaged it",
        "but failed, according to the city's engineer, to wash it away.",
    ]
    assert parent == [0, 0] and sentence == [0, 0]
    for u in units:
        assert _FLOOD[u.start - 5 : u.end - 5] == u.text
    # a direct quote is the speaker's own words: never cut so
    direct = _quote("a", 5, _FLOOD, kind="direct", speaker="The minister")
    assert len(_units([direct])[0]) == 1


@pytest.mark.parametrize(
    ("kind", "text", "lang", "expected"),
    [
        (
            "indirect",
            (
                "Macron cancelled a speech and went to the scene, where he vowed the cathedral "
                "would be reborn."
            ),
            "en",
            "the cathedral would be reborn",
        ),
        (
            "indirect",
            "Le président a annoncé qu'une souscription nationale serait lancée dès mardi",
            "fr",
            "une souscription nationale serait lancée dès mardi",
        ),
        # the setting between the verb and "that" is no part of what was said
        ("indirect", ("The operator said in a statement that the ship had been overcome by "
                      "strong winds."), "en", "the ship had been overcome by strong winds"),
        ("indirect", "The mayor said the bridge would reopen, in a statement that surprised many",
         "en", "the bridge would reopen, in a statement that surprised many"),
        ("mixed", "He said that the worst “had been avoided”", "en", ""),  # its quoted words
        ("direct", "We said that we will rebuild it", "en", ""),
        ("indirect", "He said so", "en", ""),  # too little after the verb
    ],
)
def test_statement_match_reported_clause_view(kind, text, lang, expected):  # type: ignore[no-untyped-def]
    from storyline.reconcile.statement_match import reported, views

    q = _quote("a", 0, text, kind=kind, speaker="Macron", lang=lang)
    assert reported(q) == expected
    if expected:
        assert expected in views(q)


@pytest.mark.parametrize(
    ("type_a", "type_b", "vetoed"),
    [("PERSON", "ORG", False), ("PERSON", "PERSON", True), ("ORG", "ORG", True)],
)
def test_statements_speaker_clash_only_between_like_entities(type_a, type_b, vetoed):  # type: ignore[no-untyped-def]
    """A spokesman and the company he speaks for may both be named for one remark."""
    from storyline.reconcile.statements import _CANNOT, pair_scores

    text = "We pulled it off and the ship is floating again"
    units = [_quote("a", 0, text), _quote("b", 0, text)]
    ents = [Entity("e-a", "Peter Berdowski", type_a), Entity("e-b", "Boskalis", type_b)]
    score = pair_scores(units, [0, 1], ents, _TrigramEmbedder())
    assert (score[0, 1] <= _CANNOT) == vetoed
    if not vetoed:
        assert score[0, 1] >= 0.85


@pytest.mark.parametrize(
    ("gap", "adjacent"),
    [(2, True), (30, True), (400, False)],
)
def test_statements_adjacent_quotes_of_one_speaker(gap, adjacent):  # type: ignore[no-untyped-def]
    from storyline.reconcile.statements import _adjacent

    a = _quote("a", 0, "The roof is destroyed")
    b = _quote("a", a.end + gap, "part of the vault has collapsed")
    assert _adjacent(a, b, 0, 1) == adjacent
    assert not _adjacent(a, b, 0, 2)  # another quote between them


@pytest.mark.parametrize(
    ("dates", "published", "references", "expected"),
    [
        # one date each: a tie goes to the earlier day (a remark comes before its reports)
        (["2019-04-16", "2019-04-15"], [None, None], {}, "2019-04-15"),
        (["2019-04-16", "2019-04-16", "2019-04-15"], [None] * 3, {}, "2019-04-16"),
        # no date stated: the earliest dated report
        ([None, None], ["2019-04-17", "2019-04-16"], {}, "2019-04-16"),
        # no dated report either: the story reference date of an undated report
        ([None], [None], {"a0": "2023-06-24"}, "2023-06-24"),
        ([None], [None], {}, None),
    ],
)
def test_statements_said_on_votes_then_estimates(dates, published, references, expected):  # type: ignore[no-untyped-def]
    from storyline.reconcile.statements import _said_on
    from storyline.records import Article

    quotes, by_id = [], {}
    for k, (day, pub) in enumerate(zip(dates, published, strict=True)):
        aid = f"a{k}"
        q = _quote(aid, 0, "We will rebuild the cathedral together")
        quotes.append(q.replace(said_on=day) if day else q)
        by_id[aid] = Article(aid, q.text, published=pub, published_source="input" if pub else None)
    said_on, basis = _said_on(quotes, by_id, references)
    assert said_on == expected
    assert (basis is None) == (expected is None)


def test_statement_match_clause_starts_direct_headline() -> None:
    """A headline taken as one direct quote reports a second remark in the third person."""
    from storyline.reconcile.statement_match import clause_starts

    text = "Worst avoided, vows to rebuild"
    cuts = clause_starts(text, "en", direct=True)
    assert [text[c:] for c in cuts] == ["vows to rebuild"]
    # the speaker's own words: no cut on a connective
    spoken = "We did everything we could and we will rebuild the cathedral together"
    assert clause_starts(spoken, "en", direct=True) == []
    assert clause_starts("Le pire a été évité, promet de reconstruire", "fr", direct=True)


def test_statements_clauses_of_one_sentence_stay_apart() -> None:
    """Two clauses a reporting cue cut from one sentence are two utterances unless others join."""
    from storyline.reconcile.statements import CLAUSE_SIBLING_SCORE, SIBLING_SCORE, pair_scores

    units = [
        _quote("a", 0, "the roof is destroyed", kind="indirect"),
        _quote("a", 30, "but added that the roof is destroyed", kind="indirect"),
        _quote("a", 80, "The towers stand and the roof is gone"),
    ]
    ents = [Entity("e-m", "Emmanuel Macron", "PERSON")] * 3
    score = pair_scores(units, [0, 0, 0], ents, _TrigramEmbedder(), sentence=[0, 0, 1])
    # same sentence: the clause score (plus the one-speaker bonus), whatever the text says
    assert score[0, 1] < 0.3 and CLAUSE_SIBLING_SCORE < SIBLING_SCORE
    assert score[0, 2] >= SIBLING_SCORE


def test_statements_clause_of_one_sentence_as_its_own_mention_stays_apart() -> None:
    """A conjunct reported as a mention of its own ("He said A" | "but added that B", each its
    own quote) scores as a sentence's cut clauses do, not as a remark and its elaboration."""
    from storyline.reconcile.statements import (
        CLAUSE_SIBLING_SCORE,
        _continues_clause,
        pair_scores,
    )

    first = _quote("a", 0, "He said the roof was destroyed", kind="mixed")
    second = _quote("a", first.end + 1, "but added that the towers stand", kind="mixed")
    later = _quote("a", first.end + 1, "The towers stand and the roof is gone")
    assert _continues_clause(first, second, 0, 1)
    assert not _continues_clause(first, later, 0, 1)  # an elaboration, not a second clause
    assert not _continues_clause(first, second, 0, 2)  # another quote between them
    ents = [Entity("e-m", "Emmanuel Macron", "PERSON")] * 2
    score = pair_scores([first, second], [0, 1], ents, _TrigramEmbedder())
    assert score[0, 1] == CLAUSE_SIBLING_SCORE


def _people() -> list[Entity]:
    return [
        Entity("e-p", "Dmitry Peskov", "PERSON", ("Kremlin spokesman Dmitry Peskov", "Peskov")),
        Entity("e-k", "Kremlin", "ORG", ("the Kremlin",)),
        Entity("e-v", "Vladimir Putin", "PERSON", ("Russian President Vladimir Putin",)),
        Entity("e-r", "Russia", "GPE", ("Russian",)),
        Entity("e-b", "Royal Boskalis Westminster", "ORG", ("Boskalis",)),
    ]


def test_statements_affiliates_from_aliases_and_speaker_texts() -> None:
    """A person named with an organisation speaks for it; a place never links."""
    from storyline.reconcile.statement_speakers import _affiliates

    ents = _people()
    links = _affiliates(ents)
    assert links == {"e-p": {"e-k"}, "e-k": {"e-p"}}
    berdowski = Entity("e-c", "Peter Berdowski", "PERSON")
    links = _affiliates([*ents, berdowski], [(berdowski, "Boskalis CEO Peter Berdowski")])
    assert links["e-c"] == {"e-b"} and "e-c" in links["e-b"]


@pytest.mark.parametrize(
    ("speaker", "expected"),
    [
        ("Kremlin spokesman", "e-p"),  # a run of one person's longer alias
        ("a Boskalis spokeswoman", "e-b"),  # names one organisation
        ("officials", None),
        ("Russian officials", None),  # a place is no speaker
        ("Press spokespeople for Putin", "e-v"),  # a spokesperson of one person named
        ("spokespeople for the Kremlin", "e-k"),
        ("friends of Putin", None),  # named, but no spokesperson
    ],
)
def test_statements_proxy_speaker(speaker, expected):  # type: ignore[no-untyped-def]
    from storyline.reconcile.statement_speakers import _proxy

    q = _quote("a", 0, "The deal holds", speaker=speaker)
    p = _proxy(q, _people())
    assert (p.id if p else None) == expected


def test_statements_linked_speakers_skip_the_gate() -> None:
    """An unresolved "Kremlin spokesman" and Peskov: one voice, no unknown-speaker gate."""
    from storyline.reconcile.statements import _kin, pair_scores

    ents = _people()
    quotes = [
        _quote("a", 0, "Lukashenko offered his mediation personally", speaker="Kremlin spokesman"),
        _quote("b", 0, "Lukashenko personally offered to mediate", speaker="Peskov"),
    ]
    resolved = [None, ents[0]]
    kin = _kin(quotes, resolved, ents)
    assert kin[0] == {"e-p", "e-k"}
    gated = pair_scores(quotes, [0, 1], resolved, _TrigramEmbedder())
    linked = pair_scores(quotes, [0, 1], resolved, _TrigramEmbedder(), kin=kin)
    assert gated[0, 1] <= 0.0 < linked[0, 1]


def test_statements_match_short_fragment_needs_a_near_verbatim_overlap() -> None:
    from storyline.reconcile.statement_match import _fuzzy_fragments

    folded = ["we'll rebuild this cathedral",  # a headline's fragment, under 40 characters
              "we'll rebuild this cathedral all together and it's undoubtedly part of it",
              "let's be proud, because we built this cathedral more than 800 years ago"]
    sims = np.zeros((3, 3), dtype=np.float32)
    _fuzzy_fragments(sims, folded)
    assert sims[0, 1] == pytest.approx(1.0)  # the quote it is cut from
    assert sims[0, 2] == 0.0  # "we built this cathedral" (0.79): common words, not the quote


def test_statements_match_shared_words_weigh_less_within_one_article() -> None:
    from storyline.reconcile.statement_match import (
        LEXICAL_FLOOR,
        LEXICAL_WEIGHT,
        SAME_ARTICLE_LEXICAL,
        lexical_overlap,
        similarity,
    )

    a = "the partially damaged Gothic cathedral reconstruction fund was announced"
    b = "the damaged Gothic cathedral reconstruction was promised by the president"
    same = [_quote("x", 0, a, "indirect"), _quote("x", 100, b, "indirect")]
    apart = [_quote("x", 0, a, "indirect"), _quote("y", 0, b, "indirect")]
    embedder = _TrigramEmbedder()
    background = ["an unrelated sentence about the weather", "another one on football"]
    s_same = similarity(same, embedder, background=background)[0, 1]
    s_apart = similarity(apart, embedder, background=background)[0, 1]
    words = lexical_overlap([a, b], ["X"], background, ["en", "en"], ["en", "en"])[0, 1]
    assert words > LEXICAL_FLOOR
    # an outlet repeats its own words: within one article the overlap counts a part only
    assert s_apart - s_same == pytest.approx(
        (1 - SAME_ARTICLE_LEXICAL) * LEXICAL_WEIGHT * (words - LEXICAL_FLOOR), abs=1e-5)
