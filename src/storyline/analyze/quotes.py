"""Direct, indirect and mixed quotes with their speakers, in any language.

Direct quotes are found by quotation marks of any typography (“ ” „ « » ‹ › 「 」 and straight
quotes), never failing on unbalanced marks; a paragraph whose quote is not closed continues into
the next paragraph when that one opens with a mark. Attribution uses the parse where there is one
(the subject of a verb of saying, "according to X") and cue words plus names elsewhere; a quote
with no attribution of its own continues the previous speaker of its paragraph. Indirect speech is
a verb of saying with a clausal complement ("Lavrov said the leak breached etiquette"); it is
mixed when a short quoted fragment stands inside it.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Sequence
from typing import Any

from storyline.analyze.cues import (
    EN_CUE_LEMMAS,
    EN_WEAK_CUES,
    PRONOUNS,
    ROLE_NOUNS,
    SPEAKING_NOUNS,
    cue_pattern,
)
from storyline.analyze.speakers import resolve_speaker
from storyline.records import Article, EntityMention, QuoteMention

log = logging.getLogger(__name__)

_PAIRS = {"“": "”", "„": "“”", "«": "»", "‹": "›", "「": "」", "『": "』", "\"": "\""}
_MIN_DIRECT_WORDS = 4  # shorter quoted fragments are scare quotes or parts of mixed speech
_MAX_SPEAKER_TOKENS = 10
_WORD = re.compile(r"\w+", re.U)


# --------------------------------------------------------------------------- quotation marks


def _apostrophe_like(text: str, i: int) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return prev.isalnum() and nxt.isalnum()


def find_quoted(text: str) -> list[tuple[int, int]]:
    """Content spans (without the marks) of quoted passages, in text order."""
    spans: list[tuple[int, int]] = []
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    for p_idx, (ps, pe) in enumerate(paragraphs):
        i = ps
        while i < pe:
            ch = text[i]
            closers = _PAIRS.get(ch)
            if closers is None or (ch == "\"" and _apostrophe_like(text, i)):
                i += 1
                continue
            j = i + 1
            close = -1
            while j < pe:
                c = text[j]
                if c in closers and not (c == "\"" and _apostrophe_like(text, j)):
                    close = j
                    break
                if c == ch and ch != "\"" and ch not in closers:
                    break  # a second opener before any closer: the first is unbalanced
                j += 1
            if close == -1:
                nxt = paragraphs[p_idx + 1] if p_idx + 1 < len(paragraphs) else None
                if nxt is not None and text[nxt[0]] == ch:
                    # A multi-paragraph quote: each paragraph opens with a mark, none closes.
                    spans.append((i + 1, pe))
                    break
                i += 1  # an unbalanced mark: skip it, keep reading
                continue
            if close > i + 1:
                spans.append((i + 1, close))
            i = close + 1
    return [_strip(text, s, e) for s, e in spans if _WORD.search(text[s:e])]


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;"):
        e -= 1
    return s, e


# --------------------------------------------------------------------------- attribution


def _sentence_bounds(doc: Any, start: int, end: int) -> tuple[int, int]:
    sents = [s for s in doc.sents if s.start_char < end and s.end_char > start]
    if not sents:
        return start, end
    return sents[0].start_char, sents[-1].end_char


def _inside(pos: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s - 1 <= pos < e + 1 for s, e in spans)


def _is_cue(tok: Any, lang: str) -> bool:
    if lang == "en":
        return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in EN_CUE_LEMMAS or (
            tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.nbor().lower_ == "to")
    return bool(cue_pattern(lang).fullmatch(tok.text)) or tok.lower_ in ("selon", "laut",
                                                                        "según")


def _subject(cue: Any) -> Any | None:
    """The subject of a cue verb, climbing to governing verbs ("responded by saying")."""
    if cue.lower_ in ("according", "selon", "laut", "según"):
        for t in cue.subtree:
            if t.dep_ in ("pobj", "obj", "nmod", "obl") and t.pos_ in ("PROPN", "NOUN", "PRON"):
                return t
        nxt = cue.doc[cue.i + 1 : cue.i + 4]
        for t in nxt:
            if t.pos_ in ("PROPN", "NOUN", "PRON"):
                return t
        return None
    tok = cue
    for _ in range(4):
        for child in tok.children:
            if child.dep_ in ("nsubj", "nsubjpass", "nsubj:pass", "csubj"):
                return child
        for child in tok.children:
            if child.dep_ == "agent":
                for g in child.children:
                    if g.dep_ == "pobj":
                        return g
        if tok.head is tok:
            break
        tok = tok.head
    return None


def can_speak(subj: Any) -> bool:
    """People, organisations, pronouns and a few institutional nouns say things; "the details"
    of a call do not."""
    if subj.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", "PER"):
        return True
    low = subj.lower_
    if subj.pos_ == "PRON":
        return low in PRONOUNS and low not in ("i", "we", "it")
    if subj.pos_ == "PROPN":
        return True
    return low in ROLE_NOUNS or low in SPEAKING_NOUNS or subj.lemma_.lower() in SPEAKING_NOUNS


def _speaker_span(subj: Any) -> tuple[int, int]:
    """Character span of the subject phrase: its compound/flat/appos/amod modifiers."""
    keep = [subj]
    for t in subj.subtree:
        if t is subj:
            continue
        if t.dep_ in ("compound", "flat", "flat:name", "amod", "appos", "det", "poss", "case",
                      "nmod", "nn", "punct") and abs(t.i - subj.i) <= _MAX_SPEAKER_TOKENS:
            keep.append(t)
    toks = sorted(keep, key=lambda t: t.i)
    # Only a contiguous run around the head counts (no relative clauses).
    lo = hi = subj.i
    idx = {t.i for t in toks}
    while lo - 1 in idx:
        lo -= 1
    while hi + 1 in idx:
        hi += 1
    span = subj.doc[lo : hi + 1]
    while len(span) > 1 and span[0].dep_ in ("punct", "det") and span[0].lower_ not in ("the",):
        span = span[1:]
    return span.start_char, span.end_char


def _attribute_parsed(doc: Any, lang: str, ss: int, se: int,
                      quotes: Sequence[tuple[int, int]]) -> tuple[Any | None, Any | None]:
    """(cue token, subject token) for a sentence span, ignoring words inside quotes."""
    sent_toks = [t for t in doc if ss <= t.idx < se and not _inside(t.idx, quotes)]
    cues = [t for t in sent_toks if _is_cue(t, lang)]
    here = [q for q in quotes if ss <= q[0] < se]
    q0 = here[0][0] if here else ss

    def rank(cue: Any) -> tuple[int, int]:
        governs = any(q0 <= t.idx < (here[0][1] if here else se) for t in cue.subtree)
        return (0 if governs else 1, abs(cue.idx - q0))

    cues.sort(key=rank)
    for cue in cues:
        subj = _subject(cue)
        if subj is not None and not _inside(subj.idx, quotes):
            return cue, subj
    return (cues[0] if cues else None), None


def _attribute_rules(text: str, lang: str, ss: int, se: int, quotes: Sequence[tuple[int, int]],
                     entities: Sequence[EntityMention]) -> tuple[str | None, tuple[int, int] | None]:
    """(cue text, speaker span) by cue words and the nearest name outside the quotes."""
    frame = [(m.start() + ss, m.end() + ss) for m in cue_pattern(lang).finditer(text[ss:se])]
    frame = [f for f in frame if not _inside(f[0], quotes)]
    if not frame:
        return None, None
    cs, ce = frame[0]
    cands = [e for e in entities if ss <= e.start < se and not _inside(e.start, quotes)]
    cands.sort(key=lambda e: (e.label != "PERSON", min(abs(e.start - ce), abs(cs - e.end))))
    if cands:
        return text[cs:ce], (cands[0].start, cands[0].end)
    window = text[ce : min(se, ce + 30)]
    m = re.match(r"\W*(\w+)", window)
    if m and m.group(1).lower() in PRONOUNS:
        return text[cs:ce], (ce + m.start(1), ce + m.end(1))
    return text[cs:ce], None


# --------------------------------------------------------------------------- extraction


def _clause_span(cue: Any, subj: Any | None) -> tuple[int, int] | None:
    comp = [c for c in cue.children if c.dep_ in ("ccomp", "xcomp", "advcl", "obj", "dobj")
            and c.pos_ in ("VERB", "AUX", "NOUN", "PROPN") and len(list(c.subtree)) >= 3]
    if not comp:
        return None
    right = max(t.i for c in comp for t in c.subtree)
    left = min(cue.i, subj.left_edge.i if subj is not None else cue.i)
    span = cue.doc[left : right + 1]
    return span.start_char, span.end_char


def _person_subjects(doc: Any, entities: Sequence[EntityMention],
                     quoted: Sequence[tuple[int, int]]) -> list[tuple[int, str]]:
    """(position, fullest name) of people who are the subject of a clause, outside quotes:
    the antecedents a later "he" or "she" most likely points to."""
    from storyline.analyze.speakers import fullest_name

    persons = [e for e in entities if e.label == "PERSON"]
    out = []
    for tok in doc:
        if tok.dep_ not in ("nsubj", "nsubjpass", "nsubj:pass") or _inside(tok.idx, quoted):
            continue
        ent = next((e for e in persons if e.start <= tok.idx < e.end), None)
        if ent is not None:
            out.append((ent.start, fullest_name(ent.text, entities)))
    return out


def extract_quotes(doc: Any, article: Article, entities: Sequence[EntityMention]
                   ) -> list[QuoteMention]:
    """Every quote mention of the article, with offsets into ``article.text``."""
    text = article.text
    lang = (article.language or "en").lower()
    parsed = doc.has_annotation("DEP")
    quoted = find_quoted(text)
    out: list[QuoteMention] = []
    previous: list[tuple[int, str]] = _person_subjects(doc, entities, quoted) if parsed else []
    last_in_paragraph: dict[int, tuple[str, str | None]] = {}
    line_starts = [m.start() for m in re.finditer(r"[^\n]+", text)]

    def paragraph_of(pos: int) -> int:
        return bisect.bisect_right(line_starts, pos) - 1

    used_cues: set[int] = set()
    for qs, qe in quoted:
        words = len(_WORD.findall(text[qs:qe]))
        ss, se = _sentence_bounds(doc, qs, qe)
        ss, se = min(ss, qs), max(se, qe)
        speaker_text, span, cue_text = "", None, None
        if parsed:
            cue, subj = _attribute_parsed(doc, lang, ss, se, quoted)
            if subj is not None:
                span = _speaker_span(subj)
            if cue is not None:
                cue_text = cue.text
                used_cues.add(cue.i)
        else:
            cue_text, span = _attribute_rules(text, lang, ss, se, quoted, entities)
        if span is None and cue_text is None:
            # "Macron: “…”" — a name right before a colon introducing the quote.
            m = re.search(r"([^\n.:]{2,60}):\s*$", text[ss:qs - 1])
            if m:
                ents = [e for e in entities if ss + m.start(1) <= e.start < ss + m.end(1)]
                if ents:
                    span, cue_text = (ents[-1].start, ents[-1].end), ":"
        if words < _MIN_DIRECT_WORDS:
            # A short fragment: mixed speech when a cue governs it, else a scare quote.
            if parsed and cue_text and span is not None:
                cue_tok = next((t for t in doc if ss <= t.idx < se and t.text == cue_text), None)
                clause = _clause_span(cue_tok, None) if cue_tok is not None else None
                if clause and clause[0] <= qs and qe <= clause[1]:
                    cs = min(clause[0], span[0])
                    speaker_text = text[span[0]:span[1]]
                    name = resolve_speaker(speaker_text, span[0], span[1], text, entities,
                                           sorted(previous), quoted)
                    if name:
                        previous.append((qs, name))
                    out.append(QuoteMention(article.id, cs, clause[1], text[cs:clause[1]],
                                            "mixed", speaker_text, name, cue_text, lang, ss, se))
            continue
        name = None
        if span is not None:
            speaker_text = text[span[0]:span[1]]
            name = resolve_speaker(speaker_text, span[0], span[1], text, entities,
                                   sorted(previous), quoted)
        else:
            para = paragraph_of(qs)
            opens_paragraph = paragraph_of(qs - 1) == para and qs - 1 == line_starts[para]
            inherited = last_in_paragraph.get(para)
            if inherited is None and opens_paragraph:
                inherited = last_in_paragraph.get(para - 1)
            if inherited is not None:
                speaker_text, name = inherited
        if name:
            previous.append((qs, name))
            last_in_paragraph[paragraph_of(qs)] = (speaker_text, name)
        out.append(QuoteMention(article.id, qs, qe, text[qs:qe], "direct", speaker_text, name,
                                cue_text, lang, ss, se))
    if parsed:
        out.extend(_indirect(doc, article, lang, entities, quoted, used_cues, previous))
    out.sort(key=lambda q: (q.start, q.end))
    return out


def _indirect(doc: Any, article: Article, lang: str, entities: Sequence[EntityMention],
              quoted: Sequence[tuple[int, int]], used_cues: set[int],
              previous: list[tuple[int, str]]) -> list[QuoteMention]:
    text = article.text
    found = []
    for tok in doc:
        if tok.i in used_cues or _inside(tok.idx, quoted) or not _is_cue(tok, lang):
            continue
        if lang == "en" and tok.lemma_.lower() in EN_WEAK_CUES and not any(
                t.lower_ == "that" for t in tok.children):
            continue
        if tok.dep_ in ("xcomp", "pcomp", "acl", "amod") and tok.tag_ in ("VB", "VBG"):
            continue  # "struggles to explain", "by saying": not the reporting verb itself
        subj = _subject(tok)
        if subj is None or _inside(subj.idx, quoted) or not can_speak(subj):
            continue
        if tok.lower_ in ("according", "selon", "laut", "según"):
            sent = tok.sent
            span = (sent.start_char, sent.end_char)
        else:
            span = _clause_span(tok, subj)
        if span is None:
            continue
        s, e = span
        while e > s and text[e - 1] in " ,;:.":
            e -= 1
        if e - s < 15:
            continue
        inner = [q for q in quoted if q[0] < e and q[1] > s]
        if any(len(_WORD.findall(text[a:b])) >= _MIN_DIRECT_WORDS for a, b in inner):
            continue  # the direct quote is the mention already
        sp = _speaker_span(subj)
        speaker_text = text[sp[0]:sp[1]]
        name = resolve_speaker(speaker_text, sp[0], sp[1], text, entities, sorted(previous),
                               quoted)
        if name:
            previous.append((s, name))
        kind = "mixed" if inner else "indirect"
        sent = tok.sent
        found.append(QuoteMention(article.id, s, e, text[s:e], kind, speaker_text, name,
                                  tok.text, lang, sent.start_char, sent.end_char))
    return found
