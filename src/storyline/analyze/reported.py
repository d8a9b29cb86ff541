"""Reported speech beyond quotations, and what a mixed or indirect mention reports.

:func:`reported_cues` finds every cue of a sentence that reports speech, thought or findings
("X said (that) …", "the poll shows …") and :func:`cue_clause` the clause each one heads.
:func:`reported_content` gives a mention's content from the parse: "X said (that) CONTENT",
"CONTENT, X said", "according to X, CONTENT", and a quoted fragment woven into a phrase of the
cue's own ("X called it “a gift”" -> "it “a gift”", ``_framed_fragment``). As in PARC, the
content of "X told Y that …" leaves out Y, a cue set into its middle stays in it ("The benefit,
it says, would be $300"), and what the writer sets off after it does not belong to it
(``quote_objects.trim_set_off``, ``_mixed_tail``).
"""

from __future__ import annotations

import re
from typing import Any

from storyline.analyze.attribution import (
    _Article,
    _complement,
    _inside,
    _is_cue,
    _reported,
    _speaker_span,
    _subject,
    _tag_at_end,
    _that_clause,
    _trimmed,
    as_aside,
    can_speak,
    connective_start,
    intends,
    participle_aside,
)
from storyline.analyze.cues import EN_CLAUSE_CUES, EN_CUE_LEMMAS, EN_WEAK_CUES
from storyline.analyze.quote_objects import can_hold_view, object_content, trim_set_off
from storyline.records import QuoteMention


def reported_cues(ctx: _Article, s: int, e: int) -> list[tuple[Any, tuple[int, int]]]:
    """Every (cue token, speaker span) in ``s:e`` that heads reported speech of a subject that
    speaks: verbs of saying with a clause or infinitive ("X said (that) …", "vowed to …"),
    "according to X", and English verbs of thinking and finding with a clause of their own
    ("the poll shows (that) …", "X believes …"). Cues inside quotations never count."""
    out = []
    for t in ctx.tokens_in(s, e):
        if _inside(t.idx, ctx.quoted):
            continue
        said = _is_cue(t, ctx.lang)
        thought = (ctx.lang == "en" and t.pos_ == "VERB" and t.lemma_.lower() in EN_CLAUSE_CUES
                   and _complement(t))
        if not (said or thought):
            continue
        if said and ctx.lang == "en" and t.lemma_.lower() in EN_WEAK_CUES and not (
                any(c.lower_ == "that" or c.dep_ == "ccomp" for c in t.children)):
            continue
        if said and (not _reported(t) or intends(t) or participle_aside(t)):
            continue
        subj = _subject(t, ctx.quoted)
        if subj is None or _inside(subj.idx, ctx.quoted):
            continue
        framing = _complement(t) and t.i in (subj.head.i, subj.head.head.i)
        if not (can_speak(subj, framing=framing) or can_hold_view(subj) or (
                subj.lower_ == "it" and _set_into(t))):
            continue  # "it" speaks set into what it reports: "The benefit, it says, would …"
        if not (s <= subj.idx < e) and t.lower_ != "according":
            continue
        out.append((t, _speaker_span(subj)))
    return out


def _set_into(cue: Any) -> bool:
    """A cue set into the middle of what it reports ("The benefit, it says, would be $300")."""
    if not (cue.dep_ in ("parataxis", "ccomp") and cue.head.i > cue.right_edge.i):
        return False
    if any(t.i < cue.left_edge.i and not t.is_punct for t in cue.head.subtree):
        return True
    # "If the deal fails, the minister said, prices would rise": the parse hangs the clause
    # that opens the sentence on the cue; set off by commas, the cue still stands inside.
    subj = [c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < cue.i]
    return bool(subj) and any(
        c.dep_ == "advcl" and c.i < subj[0].i and c.right_edge.i + 1 < len(cue.doc)
        and cue.doc[c.right_edge.i + 1].text == "," for c in cue.children) and (
        cue.right_edge.i + 1 < len(cue.doc) and cue.doc[cue.right_edge.i].text == ",")


def fronted_clause(cue: Any, speaker_start: int) -> set[int]:
    """Token indexes of the adverbial clauses set before a cue's speaker and off by a comma
    ("Alors que les pompiers ont annoncé que …, le président s'est engagé à …", "As crews said
    …, the mayor vowed …"): the circumstance of what the cue reports, no part of it (and any
    cue inside them reports something else). Empty unless the clauses open the cue's clause
    and a comma closes them."""
    clauses = [c for c in cue.children if c.dep_.startswith("advcl")
               and c.right_edge.idx + len(c.right_edge) <= speaker_start]
    if not clauses:
        return set()
    toks = {t.i for c in clauses for t in c.subtree}
    first, last = min(toks), max(toks)
    start = cue.left_edge.i
    doc = cue.doc
    lead = [t for t in doc[start:first] if not t.is_punct]
    if lead or last + 1 >= len(doc) or doc[last + 1].text != ",":
        return set()
    if any(k not in toks and not doc[k].is_punct for k in range(first, last + 1)):
        return set()
    return set(range(start, last + 2))  # with the comma that closes them


# conjunctions of a clause set beside the main one ("as" sets a report into it: ``as_aside``)
_SUBORDINATORS = frozenset(["though", "although", "while", "whereas", "because", "since",
                            "when", "after", "before", "once", "until", "unless", "if"])


def subordinate_report(clause: Any) -> bool:
    """An adverbial clause with a conjunction that reports speech of its own subject ("…,
    though she acknowledged it was unlikely to work", "While he acknowledged …, …")."""
    return clause.dep_ == "advcl" and _is_cue(clause, clause.lang_) and any(
        c.dep_ == "mark" and c.lower_ in _SUBORDINATORS for c in clause.children) and any(
        c.dep_ in ("nsubj", "nsubjpass") for c in clause.children) and _reported(clause)


def clause_head(cue: Any) -> Any:
    """The verb of the clause a cue reports: the cue itself, or the clause it modifies for
    "according to X" and for a cue set into what it reports ("A, X said", "A, which X said was
    …")."""
    head = cue
    if cue.lower_ in ("according", "selon", "según", "laut", "zufolge") or as_aside(cue) or (
            cue.dep_ in ("parataxis", "ccomp", "relcl") and (cue.head.i < cue.i or _set_into(cue))
            and not any(c.dep_ in ("ccomp", "xcomp") for c in cue.children)):
        head = cue.head
        while head.head.i != head.i and (head.dep_ == "prep" or head.pos_ not in ("VERB", "AUX")):
            head = head.head
    return head


def clause_start(cue: Any, speaker_start: int) -> int | None:
    """Where a cue's own clause begins, from its speaker on, less a set-off clause before it
    (``fronted_clause``): the first character of the first token kept. None for a cue that
    reports another clause ("according to X", "A, X said"): all of that clause is reported."""
    if clause_head(cue) is not cue:
        return None
    drop = fronted_clause(cue, speaker_start)
    kept = [t for t in cue.subtree if t.i not in drop]
    return min(min(t.idx for t in kept), speaker_start) if kept else speaker_start


def cue_clause(cue: Any, speaker: tuple[int, int], others: frozenset[int] = frozenset()
               ) -> tuple[int, int]:
    """Characters of the clause a reporting cue heads, from its speaker on: its subtree less
    coordinated clauses ("X said A and then left"); the clause it modifies for "according to X"
    and for a cue set into what it reports ("A, X said", "A, which X said was …"). Less, too,
    what the cues of ``others`` (token indexes) head inside it: the attribution of another
    quotation ("She said A, and when pressed, the mother replied, “…”")."""
    head = clause_head(cue)
    drop: set[int] = set()
    for child in head.children:
        if child.dep_ in ("conj", "cc") and child.i > cue.i and child.i != cue.i:
            drop.update(t.i for t in child.subtree)
        elif head is cue and subordinate_report(child) and any(
                c.dep_ in _CONTENT_DEPS for c in head.children):
            drop.update(t.i for t in child.subtree)  # "…, though she acknowledged …"
    for t in head.subtree:
        if t.i in others and t.i != cue.i and t.i not in drop and t.left_edge.i > cue.i:
            drop.update(x.i for x in t.subtree)
            drop.update(range(t.right_edge.i + 1, head.right_edge.i + 1))  # and what follows
    if head is cue:  # (a cue set into what it reports: a clause before it is reported too)
        drop |= fronted_clause(head, speaker[0])
        # the conjunction a fronted clause opens with ("As firefighters announced …")
        drop.update(t.i for c in cue.children if c.dep_ == "mark" and c.idx < speaker[0]
                    for t in c.subtree)
    toks = [t for t in head.subtree if t.i not in drop and not (t.is_punct and t.i == head.right_edge.i)]
    toks.sort(key=lambda t: t.i)
    while others and len(toks) > 1 and (toks[-1].is_punct or toks[-1].dep_ in ("cc", "mark")):
        toks.pop()  # "She said A, and" once the other attribution is cut off
    if cue.dep_ == "conj" and speaker[1] <= cue.head.idx and head is cue and any(
            c.dep_ in ("ccomp", "parataxis") for c in cue.children):
        # a conjunct sharing its head's subject that reports a clause: its own clause, from
        # its connective on ("X is telling veterans that … and says he will …"); one with an
        # infinitive or an object ("and vowed to punish …") stays in the sentence's mention
        return connective_start(cue, toks), max(t.idx + len(t) for t in toks)
    left = min(min(t.idx for t in toks), speaker[0])
    right = max(max(t.idx + len(t) for t in toks), speaker[1])
    return left, right


# Verbs whose object before a clause is the one spoken to, no part of what is said.
_TOLD = frozenset(("tell", "inform", "assure", "remind", "notify", "convince", "persuade",
                   "warn"))
_CONTENT_DEPS = frozenset(("ccomp", "xcomp", "parataxis", "csubj", "obj", "dobj", "oprd"))


_ADJUNCTS = frozenset(("punct", "cc", "conj", "advmod", "npadvmod", "mark", "prt", "neg"))
_SET_OFF = frozenset(("advcl", "acl", "relcl", "appos", "parataxis"))
_CLAUSAL = frozenset(("ccomp", "xcomp", "advcl", "parataxis", "csubj"))


def _framed_fragment(cue: Any, s: int, e: int) -> list[Any] | None:
    """Tokens of what a cue frames when it weaves a quoted fragment into a phrase of its own
    rather than a clause (PARC's content): from its first complement to the end of the one that
    holds the quotation ("X criticized the act as a “crazy system” during a stop" -> "the act as
    a “crazy system”", "X called it “a gift”" -> "it “a gift”"), less modifiers set off after
    the quotation ("…, meaning …"). None when a clause holds the quotation ("X said (that) …",
    read as before) or no complement right of the cue holds a quotation mark."""
    right = [c for c in cue.children if c.i > cue.i and s <= c.idx < e
             and c.dep_ not in _ADJUNCTS]

    def marks(tok: Any) -> bool:
        return any(t.text in "“”\"«»" for t in tok.subtree)

    holders = [c for c in right if marks(c) and c.dep_ != "advcl"]  # "…, after she said “…”"
    if not holders or any(c.dep_ in _CLAUSAL for c in holders) or any(
            a.pos_ in ("VERB", "AUX") and a.lemma_.lower() in EN_CUE_LEMMAS for a in cue.ancestors):
        return None  # a clause of what was said, or "what she calls “…”" inside another report
    holder = holders[0]
    toks = list(cue.doc[right[0].left_edge.i : holder.right_edge.i + 1])
    marks_at = [t.i for t in toks if t.text in "“”\"«»"]
    if not marks_at:
        return None
    opens = [i for k, i in enumerate(marks_at) if cue.doc[i].text in "“«"
             or (cue.doc[i].text == '"' and k % 2 == 0)]
    closes = [i for i in marks_at if i not in opens]
    if len(closes) < len(opens):  # the closing mark hangs outside: the fragment runs on
        closes = [toks[-1].i]
    for t in toks:  # "told one of his protégés on a regular basis that “…”": the clause
        if (t.lower_ == "that" and t.i == t.head.left_edge.i and t.head.i > t.i
                and t.i < (opens or closes)[0] and t.head.right_edge.i >= closes[-1]):
            toks = [x for x in toks if x.i >= t.i]
            break
    drop: set[int] = set()
    for t in toks:
        if t.i <= closes[-1] or t.i in drop:
            continue
        set_off = t.dep_ in _SET_OFF and cue.doc[t.left_edge.i - 1].text in (",", "—", "–", "-")
        adjunct = t.dep_ == "npadvmod" or (t.dep_ == "prep" and t.lower_ in _ADJUNCT_PREPS)
        if set_off or adjunct:
            drop.update(x.i for x in t.subtree)
    return [t for t in toks if t.i not in drop and s <= t.idx < e]


# Prepositions of time and place that end what a cue frames ("… as a “crazy system” during a
# campaign stop", "… as a “disgrace” on The Laura Ingraham Show").
_ADJUNCT_PREPS = frozenset(("during", "on", "in", "at", "throughout", "after", "before",
                            "amid", "since", "while"))


_MARK_TEXTS = frozenset(["“", "”", "\"", "«", "»", "''", "``"])
_SET_OFF_AT = frozenset([",", ";", "—", "–", "--", "―"])


def _mixed_tail(keep: list[Any]) -> list[Any]:
    """A mixed mention's content ends with its quoted words' clause (PARC's content): what the
    writer sets off with a comma or a dash after the last quotation closes ("…a “personal
    insult” if they did not vote, implicitly putting his name on the line", "…“fear” and
    desperation, according to X") goes."""
    if not keep:
        return keep
    doc = keep[0].doc
    marks = [t.i for t in keep if t.text in _MARK_TEXTS]
    if not marks or len(marks) % 2:
        return keep  # no quotation, or one still open: it runs on
    end = keep[-1].i
    for t in doc[marks[-1] + 1 : end + 1]:
        if t.text in _SET_OFF_AT:
            return [x for x in keep if x.i < t.i]
    return keep


def reported_content(doc: Any, mention: QuoteMention) -> tuple[int, int]:
    """Characters of what a mixed or indirect mention reports, without its speaker and cue
    (PARC's content: "X said (that) CONTENT", "CONTENT, X said", "according to X, CONTENT").

    Args:
        doc: the parsed article the mention was found in.
        mention: a mixed or indirect mention (direct ones are returned as they are).

    Returns:
        (start, end) inside the mention; the whole mention where the parse shows no complement.
    """
    s, e = mention.start, mention.end
    if mention.kind == "direct" or not mention.cue or not doc.has_annotation("DEP"):
        return s, e
    first = mention.cue.split()[0].casefold()
    toks = [t for t in doc if s <= t.idx < e]
    cue = next((t for t in toks if t.lower_ == first), None)
    if cue is None:
        return s, e
    if cue.lower_ in ("according", "selon", "según", "laut", "zufolge"):
        # The clause the phrase modifies, less the phrase itself ("according" may be tagged a
        # verb itself: start from the word it hangs on).
        head = cue.head
        while head.dep_ not in ("ROOT",) and head.head.i != head.i and head.pos_ not in (
                "VERB", "AUX"):
            head = head.head
        while head.dep_ in ("ccomp", "xcomp", "conj") and not _is_cue(head.head, (mention.language or "en")[:2]) and (
                head.head.pos_ in ("VERB", "AUX")) and s <= head.head.left_edge.idx:
            head = head.head  # "X would see incomes go up, according to Y": the whole clause
        drop = {t.i for t in cue.subtree}
        keep = [t for t in head.subtree if t.i not in drop and s <= t.idx < e]
        # Only the side of the phrase the clause stands on: "CONTENT, according to X, more
        # than twice …" ends at the phrase, "According to X, CONTENT" starts after it.
        lo, hi = min(drop), max(drop)
        before = [t for t in keep if t.i < lo and not t.is_punct]
        after = [t for t in keep if t.i > hi and not t.is_punct]
        if mention.kind == "indirect" and before and after:
            keep = [t for t in keep if t.i < lo] if len(before) >= 3 else [
                t for t in keep if t.i > hi]
    else:
        kids = [c for c in cue.children if c.dep_ in _CONTENT_DEPS]
        clause = [c for c in kids if c.dep_ == "ccomp" and c.i > cue.i]
        if clause and cue.lemma_.lower() in _TOLD:  # "told voters (that) he would …"
            kids = [c for c in kids if not (c.dep_ in ("dobj", "obj") and c.i < clause[0].i)]
        clause = _that_clause(cue)
        if clause is not None and not any(c.dep_ == "ccomp" for c in kids) and any(
                c.dep_ in ("dobj", "obj") and clause in c.subtree for c in kids):
            # "expressed concern that …", "told a meeting of leaders that …": the clause the
            # parse hangs on the object.
            kids = [clause]
        framed = _framed_fragment(cue, s, e) if mention.kind == "mixed" else None
        phrase = (object_content(cue) if mention.kind == "indirect" and kids != [clause] and not any(
            c.dep_ in ("ccomp", "parataxis") for c in cue.children) else None)
        if phrase is not None and s <= phrase[0] and phrase[1] <= e:
            return phrase
        if framed is not None:
            keep = framed
        elif (aside := as_aside(cue)) or (cue.dep_ in ("parataxis", "ccomp") and not kids and (
                cue.head.i < cue.i or _set_into(cue))):
            # "CONTENT, X said", "CONTENT, as X noted": the clause the cue is set into, less
            # the cue's own words; set into its middle ("The benefit, it says, would be
            # $300"), all of it
            drop = {t.i for t in cue.subtree}
            head = clause_head(cue) if aside else cue.head
            keep = [t for t in head.subtree if t.i not in drop and s <= t.idx < e]
            if mention.kind == "indirect" and _set_into(cue):
                keep = [t for t in cue.head.subtree if s <= t.idx < e]
        else:
            subjects = [c.i for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")
                        and c.i < cue.i]
            if subjects and any(c.i > cue.i for c in kids):
                # "Writing for a panel that agreed Pence won, Barabak noted that …", "… on
                # Friday: Republicans said …": a clause before the cue's subject that the parse
                # hangs on the cue is not what it reports when a complement follows the cue.
                kids = [c for c in kids if c.i > min(subjects) or c.dep_ not in _CLAUSAL]
            keep = [t for c in kids for t in c.subtree if s <= t.idx < e]
            if not kids and subjects and _tag_at_end(cue):
                # "People like Scott, he said.": all before the tag, however the parse hung it
                lead = cue.doc[min(subjects)].left_edge.i
                keep = [t for t in cue.sent if t.i < lead and s <= t.idx < e]
            if kids and all(c.i < cue.i for c in kids) and subjects:
                # "CONTENT, the agency said in a June report, and those in the bottom fifth
                # paid …": a clause joined to a cue set after its content goes on with it.
                keep += [t for c in cue.children if c.dep_ == "conj" and c.i > cue.i
                         and not _is_cue(c, (mention.language or "en")[:2])
                         and any(x.dep_ in ("nsubj", "nsubjpass") for x in c.children)
                         for t in c.subtree if s <= t.idx < e]
    keep = sorted((t for t in keep if not t.is_punct or t.text in "“”\"«»"), key=lambda t: t.i)
    if mention.kind == "indirect":
        keep = trim_set_off(keep)
    elif mention.kind == "mixed":
        keep = _mixed_tail(keep)
    while keep and keep[-1].dep_ in ("cc", "mark"):
        keep.pop()  # "… by the end of March and" when the coordinated clause was cut off
    if not keep:
        return s, e
    a = min(t.idx for t in keep)
    b = max(t.idx + len(t) for t in keep)
    text = doc.text
    a, b = _trimmed(text, a, b)
    marks = sum(text[a:b].count(c) for c in "“”\"«»")
    if b - a < 3 or (mention.kind == "mixed" and not marks):
        return s, e  # the quoted words fell outside the complement: keep the clause
    close = re.match(r"[.,!?]*[”\"»]", text[b:b + 3])
    if close and marks % 2:
        b += close.end()  # the closing mark the parser hung on the main verb
    return a, b
