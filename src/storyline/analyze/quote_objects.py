"""Attributions whose content is a phrase, not a clause: "Clinton called for higher taxes",
"Trump cited a poll", "she vowed to appeal", "the group accused him of lying".

PARC (and PolNeAR, which follows it) counts as reported speech or thought any cue of a source
that speaks, whatever its complement: a clause ("said (that) …", read by ``reported``), an
infinitive ("vowed to …"), a noun phrase ("acknowledged the reality of climate change") or the
object of a preposition the verb takes ("called for …", "spoke about …"), and the same after a
noun of saying with its possessor ("his promise to …", "her call for …"). :func:`object_cues`
finds the cues of the last three kinds in a sentence (English only: it needs the parse and the
lexicon :data:`~storyline.analyze.cues.EN_OBJECT_CUES`); :func:`object_content` gives the
characters of what one reports.

``extract_quotes(..., phrases=True)`` adds these mentions; the pipeline leaves them off. On the
dev corpus they raise mention recall (0.918 -> 0.933) and mention+speaker recall (0.830 ->
0.840), but the story's statements cluster utterances, and these extra units split them
(alignment pair F1 0.619 -> 0.578, single-source claims 0.905 -> 0.810); PolNeAR dev indirect
F1 goes 47.0 -> 55.4 with them (``benchmarks/polnear_eval.py``).
"""

from __future__ import annotations

from typing import Any

from storyline.analyze.attribution import _Article, _inside, _speaker_span, _subject, can_speak
from storyline.analyze.cues import (
    EN_CUE_LEMMAS,
    EN_NOUN_CUES,
    EN_OBJECT_CUES,
    EN_OBJECT_NEEDS_MORE,
    EN_PREP_CUES,
)

__all__ = ["can_hold_view", "object_content", "object_cues", "trim_set_off"]

# Objects that report nothing by themselves ("said it", "did so", "want that").
_EMPTY = frozenset(["it", "this", "that", "these", "those", "so", "what", "which", "them",
                    "him", "her", "something", "anything", "nothing", "one", "more", "much",
                    "everything", "lot", "way", "thing", "things", "time", "here", "there"])
# Prepositions that carry on what an object reports ("cited X as Y", "accused X of Y",
# "praised X for Y").
_CARRY = frozenset(["as", "of", "for"])


_MARKS = "“”\"«»"


def _quoting(tok: Any) -> bool:
    return tok.text in _MARKS or tok.text in ("''", "``")


def _own_attribution(t: Any) -> bool:
    """A verb of saying joined to what is reported ("said that A and suggested that B", "…,
    citing the strategic importance of …"): an attribution of its own."""
    # "agreed that A but that it would add B": a clause opened by its own "that" is a second
    # complement of the same cue, whatever its verb.
    if any(c.dep_ == "mark" for c in t.children):
        return False
    return t.pos_ == "VERB" and t.lemma_.lower() in EN_CUE_LEMMAS and (
        t.dep_ == "conj" or t.tag_ == "VBG")


# Words opening a clause the writer adds against what is reported ("…, although he again
# refused to …").
_CONCESSIVE = frozenset(["although", "though", "whereas", "even"])


def trim_set_off(toks: list[Any]) -> list[Any]:
    """What a source reports, less what the writer sets off after it (PARC's content ends
    there): an apposition after a comma ("NATO, the alliance that …"), a concessive clause
    after one ("…, although it may take days …") and a verb of saying
    of its own joined to it ("said that A and suggested that B", "…, citing …"). Parts that
    hold a quotation mark stay."""
    toks = sorted(toks, key=lambda t: t.i)
    while toks:
        ids = {t.i for t in toks}
        last = toks[-1].i
        cut = None
        for t in toks:
            if t.head.i not in ids or t.right_edge.i < last or t.left_edge.i <= toks[0].i:
                continue
            if any(_quoting(x) for x in t.subtree if x.i in ids):
                continue
            lead = t.doc[t.left_edge.i - 1].text
            conceded = t.dep_ == "advcl" and lead == "," and t.left_edge.lower_ in _CONCESSIVE
            # A participle is an attribution of its own when set off ("…, citing …"), not as
            # what is reported ("called on Trump to stop attacking her").
            if (t.dep_ == "appos" and lead == ",") or conceded or (
                    _own_attribution(t) and t.dep_ in ("conj", "advcl", "acl", "xcomp")
                    and (t.tag_ != "VBG" or lead in (",", "—", "–", ";"))):
                cut = t.left_edge.i
                break
        if cut is None:
            break
        toks = [t for t in toks if t.i < cut]
        while toks and (toks[-1].is_punct or toks[-1].dep_ in ("cc", "mark")):
            toks.pop()
    return toks


# Pronouns that stand for people who say or think something ("some say", "many believe").
_PEOPLE = frozenset(["someone", "somebody", "everyone", "everybody", "anyone", "anybody",
                     "many", "some", "others", "few", "most", "both", "each", "all", "none",
                     "one", "they", "he", "she", "you", "nobody", "critics", "those"])
_NOT_SOURCES = frozenset(["DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY",
                          "QUANTITY"])


def can_hold_view(subj: Any) -> bool:
    """PARC's sources: whoever or whatever a verb of saying, thinking or wanting is said of,
    any noun phrase ("lawmakers", "a USA TODAY analysis", "nations that oppose …") or a pronoun
    for people ("many", "someone", "they"); not a date, an amount or "it"/"this"."""
    if can_speak(subj):
        return True
    if subj.ent_type_ in _NOT_SOURCES or subj.like_num:
        return False
    if subj.pos_ in ("NOUN", "PROPN"):
        return True
    return subj.lower_ in _PEOPLE or (subj.pos_ == "ADJ" and subj.lower_ in _PEOPLE)


def _span(toks: list[Any]) -> tuple[int, int] | None:
    toks = trim_set_off([t for t in toks if not (t.is_punct and t.text not in _MARKS)])
    if not toks:
        return None
    return min(t.idx for t in toks), max(t.idx + len(t) for t in toks)


def _substantial(toks: list[Any]) -> bool:
    """Two words or more, or one noun that is no pronoun or filler ("consequences")."""
    words = [t for t in toks if not t.is_punct]
    if len(words) >= 2:
        return not (len(words) == 2 and all(t.lower_ in _EMPTY or t.pos_ == "DET" for t in words))
    return bool(words) and words[0].pos_ in ("NOUN", "PROPN") and words[0].lower_ not in _EMPTY


def object_content(cue: Any) -> tuple[int, int] | None:
    """Characters of what a cue verb reports when its complement is no finite clause: its
    infinitive ("vowed to rebuild it" -> "to rebuild it"), the object of a preposition it takes
    ("called for footage to be released" -> "footage to be released"), or its object with what
    carries it on ("cited the remarks as examples of …", "accused him of lying"). None when it
    has none of these, or only an empty one ("said it")."""
    if cue.pos_ == "NOUN":
        return _noun_content(cue)
    kids = [c for c in cue.children if c.i > cue.i]
    for c in kids:
        if c.dep_ == "xcomp" and any(g.lower_ == "to" and g.dep_ == "aux" for g in c.children):
            toks = list(c.subtree)
            return _span(toks) if _substantial(toks) else None
    lemma = cue.lemma_.lower()
    for c in kids:
        if c.dep_ == "prep" and c.lower_ in EN_PREP_CUES.get(lemma, ()):
            objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
            if objs:
                toks = list(objs[0].subtree)
                return _span(toks) if _substantial(toks) else None
    objs = [c for c in kids if c.dep_ in ("dobj", "obj")]
    if not objs:
        return None
    obj = objs[0]
    toks = list(obj.subtree)
    end = obj.right_edge.i
    carried = False
    for c in kids:  # "as Y", "of Y", "for Y", "Y" (oprd) right after the object
        if c.i == end + 1 and (c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ in _CARRY)):
            toks += list(c.subtree)
            end = c.right_edge.i
            carried = True
    if (lemma in EN_OBJECT_NEEDS_MORE and not carried) or not _substantial(toks):
        return None
    return _span(toks)


def _noun_content(cue: Any) -> tuple[int, int] | None:
    """What a noun of saying reports: its infinitive ("his promise to cut taxes"), its clause
    ("Trump's claim that …") or the object of its preposition ("calls for an inquiry")."""
    for c in cue.children:
        if c.i < cue.i:
            continue
        if c.dep_ in ("acl", "xcomp", "ccomp", "appos") and any(
                g.lower_ in ("to", "that") and g.dep_ in ("aux", "mark") for g in c.children):
            toks = list(c.subtree)
            return _span(toks) if _substantial(toks) else None
        if c.dep_ == "prep" and c.lower_ in EN_NOUN_CUES[cue.lemma_.lower()]:
            objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
            if objs and _substantial(list(objs[0].subtree)):
                return _span(list(objs[0].subtree))
    return None


def _noun_source(cue: Any) -> Any | None:
    """Whose a noun of saying is: its possessor ("his promise", "Trump's claim")."""
    return next((c for c in cue.children if c.dep_ == "poss"), None)


def _clausal(cue: Any) -> bool:
    """The cue takes a finite clause: ``reported`` reads it."""
    return any(c.dep_ in ("ccomp", "parataxis") for c in cue.children)


def object_cues(ctx: _Article, s: int, e: int, taken: set[int]
                ) -> list[tuple[Any, tuple[int, int], tuple[int, int]]]:
    """(cue token, speaker span, content span) of every phrase-taking cue in ``s:e`` of a
    subject that speaks, outside quotations, the cue not in ``taken`` (token indexes that
    already head a mention) and its content holding no quotation."""
    out = []
    for t in ctx.tokens_in(s, e):
        if t.i in taken or _inside(t.idx, ctx.quoted):
            continue
        if t.pos_ == "NOUN" and t.lemma_.lower() in EN_NOUN_CUES:
            content, src = object_content(t), _noun_source(t)
            if content is not None and src is not None and can_hold_view(src) and not any(
                    content[0] <= q[1] and q[0] <= content[1] for q in ctx.quoted):
                out.append((t, _speaker_span(src), content))
            continue
        if t.pos_ != "VERB" or t.lemma_.lower() not in EN_OBJECT_CUES or _clausal(t):
            continue
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in t.children):
            continue  # "he was asked about …": the one spoken to
        content = object_content(t)
        if content is None or any(content[0] <= q[1] and q[0] <= content[1] for q in ctx.quoted):
            continue
        subj = _subject(t, ctx.quoted)
        if subj is None or _inside(subj.idx, ctx.quoted) or not (s <= subj.idx < e):
            continue
        if not can_hold_view(subj):
            continue
        out.append((t, _speaker_span(subj), content))
    return out
