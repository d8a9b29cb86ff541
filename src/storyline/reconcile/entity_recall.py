"""Mentions the tagger missed or cut short, of names the story already knows.

Languages without a trained tagger (German, Spanish, Russian here), one-off inflected forms
("Путиным"), names a small model skips ("Peskov said") and first names cut off at a sentence
start ("Евгений Пригожин" tagged "Пригожин") are found again in every article of the story.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from storyline.analyze.cues import UPPER
from storyline.errors import ContractError
from storyline.reconcile.entity_names import (
    FUZZY_SURNAME,
    KeyGroup,
    NameKey,
    crossing,
    equivalent,
    name_key,
    same_full,
    same_token,
)
from storyline.reconcile.names import is_title, strip_titles
from storyline.records import ArticleAnalysis, EntityMention, span_of

if TYPE_CHECKING:
    from storyline.cluster.embed import Embedder

_WORD = re.compile(r"(?<![\w-])" + UPPER + r"[\w’'-]*[^\W\d_]", re.UNICODE)
_RECALL_MIN = 4  # a folded name token shorter than this matches too many words
_FULL_MIN = 6  # characters of a multi-word name looked up verbatim ("Notre-Dame")
_PLACE_TYPES = frozenset(["GPE", "LOC"])
_ENCODER_PLACE = 0.88  # cosine of a word and a known place name it translates ("Frankreichs")
_SENTENCE_START = re.compile(r"(?:[.!?:\n»\"“]\s*|^\s*)$")
_FIRST_BEFORE = re.compile(r"(?<![\w-])(" + UPPER + r"[^\W\d_]+) $")

Taken = dict[str, list[tuple[int, int]]]


def recall_mentions(
    keys: list[KeyGroup],
    analyses: Sequence[ArticleAnalysis],
    texts: dict[str, str],
    embedder: Embedder | None = None,
) -> None:
    """Add the mentions that the tagger missed or cut short of names the story already knows.

    Passes, each leaving the text already covered by a mention alone: multi-word names are
    looked up verbatim (:func:`_recall_full_names`), then single words (:func:`_recall_words`),
    then first names cut off a known full name are put back (:func:`_extend_cut_names`); with an
    encoder, last, translated place names (:func:`_recall_translated_places`).
    """
    taken: Taken = defaultdict(list)
    for k in keys:
        for _, span in k.mentions:
            taken[span.article].append((span.start, span.end))
    _recall_full_names(keys, analyses, texts, taken)
    _recall_words(keys, analyses, texts, taken)
    _extend_cut_names(keys, texts, taken)
    if embedder is not None:
        _recall_translated_places(keys, analyses, texts, taken, embedder)


def _free(taken: Taken, article: str, s: int, e: int) -> bool:
    return not any(a < e and s < b for a, b in taken[article])


def _add(k: KeyGroup, article: str, text: str, s: int, e: int, taken: Taken) -> bool:
    try:
        span = span_of(article, text, s, e)
    except ContractError:
        return False
    k.raws.add(name_key(text[s:e]).raw)
    k.mentions.append((EntityMention(article, s, e, text[s:e], k.type), span))
    taken[article].append((s, e))
    return True


def _extend_cut_names(keys: list[KeyGroup], texts: dict[str, str], taken: Taken) -> None:
    """A one-word mention with a capitalised word before it that, together, make a known full
    name of a person ("Евгений" + "Пригожин" ~ "Yevgeny Prigozhin") becomes that full name."""
    persons = [k for k in keys if len(k.key.toks) >= 2 and k.type == "PERSON"]
    if not persons:
        return
    for k in keys:
        if len(k.key.toks) != 1 or k.key.generic_only:
            continue
        kept = []
        for m, span in k.mentions:
            text = texts[span.article]
            s = _cut_start(text, span.start)
            target = None if s is None else _full_name_of(name_key(text[s : span.end]), persons)
            if s is None or target is None or not _free(taken, span.article, s, span.start):
                kept.append((m, span))
                continue
            taken[span.article].remove((span.start, span.end))
            if not _add(target, span.article, text, s, span.end, taken):
                kept.append((m, span))
                taken[span.article].append((span.start, span.end))
        k.mentions[:] = kept


def _cut_start(text: str, start: int) -> int | None:
    """Where the capitalised (non-title) word right before a mention starts, if any."""
    first = _FIRST_BEFORE.search(text[max(0, start - 30) : start])
    if first is None or is_title(first.group(1)):
        return None
    return start - len(first.group(0))


def _full_name_of(nk: NameKey, persons: list[KeyGroup]) -> KeyGroup | None:
    """The known person (all spellings of one) whose full name is this two-word name."""
    if len(nk.toks) != 2:
        return None
    fits = [p for p in persons
            if same_full(nk.toks, p.key.toks, crossing(nk.script, p.key.script))]
    return fits[0] if _one_referent(fits) else None


def _one_referent(fits: Sequence[KeyGroup]) -> bool:
    """True when there are fits and all are one referent (spellings of one); no fit, or two
    referents, and the name is left alone."""
    return bool(fits) and all(equivalent(fits[0], f) for f in fits[1:])


def _recall_full_names(
    keys: list[KeyGroup],
    analyses: Sequence[ArticleAnalysis],
    texts: dict[str, str],
    taken: Taken,
) -> None:
    """Every verbatim occurrence of a known multi-word name ("Notre-Dame", "Dmitry Peskov")
    that no mention covers becomes a mention of its key; a form two keys share is left alone."""
    owner: dict[str, set[int]] = defaultdict(set)
    for i, k in enumerate(keys):
        if len(k.key.toks) < 2 or k.key.generic_only:
            continue
        for m, _ in k.mentions:
            form = strip_titles(m.text)
            if len(form) >= _FULL_MIN and form[:1].isupper():
                owner[form].add(i)
    forms = sorted((f for f, o in owner.items() if len(o) == 1), key=len, reverse=True)
    if not forms:
        return
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, forms)) + r")(?![\w-])")
    for an in analyses:
        text = texts.get(an.article)
        if text is None:
            continue
        for m in pattern.finditer(text):
            if _free(taken, an.article, m.start(), m.end()):
                _add(
                    keys[next(iter(owner[m.group(0)]))], an.article, text, m.start(), m.end(), taken
                )


def _recall_words(
    keys: list[KeyGroup],
    analyses: Sequence[ArticleAnalysis],
    texts: dict[str, str],
    taken: Taken,
) -> None:
    """Every capitalised word whose folded form (transliterated, Russian endings cut) is a known
    single-word name, or the surname of exactly one known person, becomes a mention of that key.

    A word at a sentence start counts only when the key is a name seen at least twice. Known keys
    are never made ambiguous: a token that two different full names share is left alone.
    """
    singles: dict[str, int] = {}
    fulls: dict[str, list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        toks = k.key.toks
        if k.key.generic_only or not toks or len(toks[-1]) < _RECALL_MIN:
            continue
        if len(toks) == 1:
            singles[toks[0]] = i
        elif k.type == "PERSON":
            fulls[toks[-1]].append(i)
    known: dict[str, int] = dict(singles)
    for tok, owners in fulls.items():
        # spellings of one name ("Dmitry Peskov" / "Дмитрий Песков") are one owner; two people
        # with one surname ("Donald Trump" / "Melania Trump") leave the surname to the tagger
        if all(equivalent(keys[owners[0]], keys[o]) for o in owners[1:]):
            known.setdefault(tok, owners[0])
        else:
            known.pop(tok, None)
    if not known:
        return
    langs = {an.article: an.language for an in analyses}
    seen_in = {
        i: {langs.get(span.article) for _, span in keys[i].mentions} for i in singles.values()
    }
    by_letter: dict[str, list[int]] = defaultdict(list)
    for tok, i in singles.items():
        if len(keys[i].mentions) >= 2:
            by_letter[tok[:1]].append(i)
    translated: dict[tuple[str, str, str], int | None] = {}
    for an in analyses:
        text = texts.get(an.article)
        if text is None:
            continue
        for m in _WORD.finditer(text):
            s, e = m.start(), m.end()
            word = m.group(0)
            if word.endswith(("'s", "’s")):
                e -= 2
                word = word[:-2]
            nk = name_key(word)
            if len(nk.toks) != 1 or nk.generic_only:
                continue
            target = known.get(nk.toks[0])
            if target is None:
                # what a word spells hangs on the names alone, not on the mentions added here
                memo = (nk.toks[0], nk.script, an.language)
                if memo not in translated:
                    translated[memo] = _translated(nk, an.language, keys, by_letter, seen_in)
                target = translated[memo]
            if target is None or not _free(taken, an.article, s, e):
                continue  # (the cheap tests first: most capitalised words name nothing known)
            k = keys[target]
            at_start = s == 0 or bool(_SENTENCE_START.search(text[max(0, s - 3) : s]))
            if at_start and len(k.mentions) < 2:
                continue
            _add(k, an.article, text, s, e, taken)


def _translated(
    nk: NameKey,
    language: str,
    keys: list[KeyGroup],
    singles: dict[str, list[int]],
    seen_in: dict[int, set[str | None]],
) -> int | None:
    """The one known single-word name that this word spells in another script or language
    ("России" ~ "Russia", "Белоруссии" ~ "Belarus", "Francia" ~ "France").

    Only names seen at least twice, with the same first letter (``singles`` is keyed by it), and
    fuzzy spelling only across scripts or in an article whose language the name was never seen in
    ("Francis" in an English story about France stays apart).
    """
    tok = nk.toks[0]
    fits = []
    for i in singles.get(tok[:1], ()):
        known = keys[i].key.toks[0]
        cross = crossing(nk.script, keys[i].key.script)
        if (cross or language not in seen_in[i]) and same_token(tok, known, FUZZY_SURNAME, cross):
            fits.append(i)
    return fits[0] if _one_referent([keys[i] for i in fits]) else None


def _recall_translated_places(
    keys: list[KeyGroup],
    analyses: Sequence[ArticleAnalysis],
    texts: dict[str, str],
    taken: Taken,
    embedder: Embedder,
) -> None:
    """Capitalised words that the encoder finds to be a known place's name in another language
    ("Frankreichs" ~ "France", "Europas" ~ "Europe") become its mentions.

    Guards: the place is a one-word name seen at least twice, never in the word's language; the
    word is not a sentence's first, starts with the same letter and no mention covers it; its
    cosine is at least 0.88 (demonyms such as "Franzosen" stay below) and best for one place.
    """
    from anyascii import anyascii

    langs = {an.article: an.language for an in analyses}
    places = [
        k
        for k in keys
        if len(k.key.toks) == 1
        and k.type in _PLACE_TYPES
        and not k.key.generic_only
        and len(k.mentions) >= 2
    ]
    if not places:
        return
    seen = [{langs.get(span.article) for _, span in k.mentions} for k in places]
    forms = [max((strip_titles(m.text) for m, _ in k.mentions), key=len) for k in places]
    cands: list[tuple[ArticleAnalysis, int, int, str]] = []
    for an in analyses:
        text = texts.get(an.article)
        if text is None or all(an.language in s for s in seen):
            continue
        for m in _WORD.finditer(text):
            s, e = m.start(), m.end()
            if (
                s
                and not _SENTENCE_START.search(text[max(0, s - 3) : s])
                and _free(taken, an.article, s, e)
            ):
                cands.append((an, s, e, m.group(0)))
    if not cands:
        return
    words = sorted({c[3] for c in cands})
    vecs = embedder.encode(words + forms)
    sims = vecs[: len(words)] @ vecs[len(words) :].T
    best = {w: (int(sims[i].argmax()), float(sims[i].max())) for i, w in enumerate(words)}
    for an, s, e, word in cands:
        j, sim = best[word]
        first = anyascii(word)[:1].lower()
        if (
            sim >= _ENCODER_PLACE
            and an.language not in seen[j]
            and anyascii(forms[j])[:1].lower() == first
            and _free(taken, an.article, s, e)
        ):
            _add(places[j], an.article, texts[an.article], s, e, taken)
