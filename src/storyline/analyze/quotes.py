"""Direct, indirect and mixed quotes with their speakers, in any language.

Direct quotes are found by quotation marks of any typography (“ ” „ « » ‹ › 「 」 and straight
quotes), never failing on unbalanced marks; a paragraph whose quote is not closed continues into
the next paragraph when that one opens with a mark. Attribution uses the parse where there is one
(the subject of a verb of saying, "according to X") and cue words plus names elsewhere; a quote
with no attribution of its own continues the previous speaker of its paragraph. A verb of saying
that frames a quote itself vouches for any noun subject ("…,” the announcer said", "I replied:");
a colon hands a quote to the clause before it, a dash after it to the name that signs it ("“…”
― Ana Ruiz"). Indirect speech is a verb of saying with a clausal complement ("Lavrov said the
leak breached etiquette"); it is mixed when a short quoted fragment stands inside it, and
:func:`reported_content` gives what such a mention reports without its speaker and cue.
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
    TITLES,
    cue_pattern,
    phrase_cue,
    stem_cue,
)
from storyline.analyze.speakers import resolve_speaker
from storyline.records import Article, EntityMention, QuoteMention

log = logging.getLogger(__name__)

# opening mark -> marks that close it; scraped text mixes typographies ("… back.\" / \"… now”)
_PAIRS = {"“": "”\"", "„": "“”", "«": "»", "‹": "›", "「": "」", "『": "』", "\"": "\"”"}
_MIN_DIRECT_WORDS = 4  # shorter quoted fragments are scare quotes or parts of mixed speech
_MAX_SPEAKER_TOKENS = 10
_WORD = re.compile(r"\w+", re.UNICODE)


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
                opens_para = not text[ps:i].strip()
                rest = text[i + 1 : pe]
                if nxt is not None and text[nxt[0]] == ch or (
                        opens_para and ch != "\"" and ch not in rest
                        and len(_WORD.findall(rest)) >= 8):
                    # A multi-paragraph quote (each paragraph opens with a mark, none closes),
                    # or a paragraph-long quote whose closing mark was lost (a cut-off page).
                    spans.append((i + 1, pe))
                    break
                i += 1  # an unbalanced mark: skip it, keep reading
                continue
            if close > i + 1:
                spans.append((i + 1, close))
            i = close + 1
    spans += _single_quoted(text, spans)
    spans.sort()
    return [_strip(text, s, e) for s, e in spans if _WORD.search(text[s:e])]


_SINGLE = re.compile(r"(?<![\w’'])[‘'](?=\w)([^‘’'\n]{2,150}?[\w.,!?])[’'](?![\w’'])", re.UNICODE)


def _single_quoted(text: str, doubles: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Single-quoted passages outside double quotes (headlines: "calls it a ‘stab in the back’");
    apostrophes inside words (don’t, ’08, voters’) never open or close one."""
    out = []
    for m in _SINGLE.finditer(text):
        if any(s - 1 <= m.start() < e + 1 for s, e in doubles):
            continue
        out.append((m.start(1), m.end(1)))
    return out


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
    if tok.pos_ in ("NOUN", "PROPN", "ADJ", "DET", "PRON", "ADP") and tok.lower_ not in _PREP_CUES:
        return False
    return (bool(cue_pattern(lang).fullmatch(tok.text)) or stem_cue(tok.text, lang)
            or tok.lower_ in _PREP_CUES)


_PREP_CUES = frozenset(("selon", "laut", "según", "zufolge"))


def _subject(cue: Any, quoted: Sequence[tuple[int, int]] = ()) -> Any | None:
    """The subject of a cue verb, climbing to governing verbs ("responded by saying"); words
    inside ``quoted`` are never it ("“a storm …,” said the forecaster" parses "storm" as a
    second subject)."""
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
    subjects: tuple[str, ...] = ("nsubj", "csubj")
    for _ in range(4):
        for child in tok.children:
            # The passive subject of the cue itself is the one spoken to or of ("he was asked",
            # "was called"), unlike that of a verb above it ("is seen calling", "was quoted as
            # saying"); the parser sometimes takes a dash or bracket for a subject.
            if child.dep_ in subjects and _WORD.search(child.text) and not _inside(
                    child.idx, quoted):
                if child.lower_ in _RELATIVES and tok.dep_ == "relcl":
                    return tok.head  # "Smith, who said …": the noun the clause hangs on
                return child
        for child in tok.children:
            if child.dep_ == "agent":
                for g in child.children:
                    if g.dep_ == "pobj":
                        return g
        if tok.dep_ == "acl" and tok.tag_ == "VBG" and tok.head.pos_ in ("PROPN", "NOUN"):
            return tok.head  # "footage of Trump saying, …": the noun the participle describes
        if tok.head.i == tok.i or (tok.i == cue.i and any(
                c.dep_ in ("nsubjpass", "nsubj:pass") for c in cue.children)):
            break  # "the hearing he was called to": a passive cue names no speaker above it
        tok = tok.head
        subjects = ("nsubj", "csubj", "nsubjpass", "nsubj:pass")
    return None


_RELATIVES = frozenset(("who", "that", "which", "qui", "der", "die", "que", "который", "которая"))


def can_speak(subj: Any, framing: bool = False) -> bool:
    """People, organisations, pronouns and a few institutional nouns say things; "the details"
    of a call do not. A verb of saying that frames a quotation itself ("…,” the announcer said",
    "I replied: “…”") vouches for any noun or pronoun subject: the announcer, a friend, the
    ruling, I, it."""
    if subj.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", "PER"):
        return True
    low = re.sub(r"^-?(?:t-)?", "", subj.lower_)
    if framing and subj.pos_ in ("NOUN", "PROPN", "PRON") and low not in _RELATIVES and (
            subj.pos_ != "PRON" or low in PRONOUNS or low in ("it", "i", "we", "you")):
        return subj.tag_ not in ("WP", "WDT", "EX")
    if subj.pos_ == "PRON" or low in PRONOUNS:
        return low in PRONOUNS and low not in ("i", "we", "it")
    if subj.pos_ == "PROPN":
        return True
    if any(c.ent_type_ in ("PERSON", "PER") for c in subj.children):
        return True  # "le président Macron" with the name as a modifier
    return (low in ROLE_NOUNS or low in TITLES or low in SPEAKING_NOUNS
            or subj.lemma_.lower() in SPEAKING_NOUNS)


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

_EN_SAY_FORM = re.compile(
    r"(?:said|says|say|saying|told|tells|added|adds|adding|wrote|writes|tweeted|tweets|declared|"
    r"declares|continued|replied|responded|insisted|warned|stressed|noted|explained|stated|"
    r"announced|vowed|asked|recalled|concluded)$", re.IGNORECASE)
_TRIM = " \t\n,;:—–-"


def _trimmed(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in _TRIM:
        s += 1
    while e > s and text[e - 1] in " \t\n,;:":
        e -= 1
    return s, e


class _Article:
    """What attribution needs of one article: text, sentences, lines, quotes, entities."""

    def __init__(self, doc: Any, article: Article, entities: Sequence[EntityMention]) -> None:
        self.doc = doc
        self.article = article
        self.text = article.text
        self.lang = (article.language or "en").lower()[:2]
        self.parsed = bool(doc.has_annotation("DEP"))
        self.entities = sorted(entities, key=lambda e: (e.start, e.end))
        self.quoted = find_quoted(self.text)
        # Sentences never cross a line (headlines have no final stop; blank pipelines' sentencizer
        # would join them to the next paragraph).
        self.sents = [
            (s.start_char + m.start(), s.start_char + m.end())
            for s in doc.sents for m in re.finditer(r"[^\n]+", s.text)
        ] or [(0, len(self.text))]
        self.sent_starts = [s for s, _ in self.sents]
        self.lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", self.text)]
        self.line_starts = [s for s, _ in self.lines]
        self.tokens = list(doc)
        self.tok_starts = [t.idx for t in self.tokens]

    def line_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.line_starts, pos) - 1)

    def sent_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, pos) - 1)

    def context(self, qs: int, qe: int) -> tuple[int, int, int, int]:
        """(first, last) sentence indexes and (start, end) characters of the sentences holding
        a quote and the words right before and after it, within its line."""
        ls, le = self.lines[self.line_of(qs)]
        lo = self.sent_of(max(ls, qs - 2))
        hi = self.sent_of(min(le - 1, qe + 1))
        hi = max(hi, lo)
        # “Who would have believed it?” Trump said: the parser ends the sentence at ?” and the
        # attribution after it opens the next one; a short next sentence on the line joins.
        if (
            self.text[qe - 1 : qe] in ("?", "!")
            and hi + 1 < len(self.sents)
            and self.sents[hi + 1][0] <= qe + 3
            and self.sents[hi + 1][1] <= le
            and len(self.text[self.sents[hi + 1][0] : self.sents[hi + 1][1]].split()) <= 20
        ):
            hi += 1
        return lo, hi, max(ls, self.sents[lo][0]), min(le, self.sents[hi][1])

    def tokens_in(self, s: int, e: int) -> list[Any]:
        i = bisect.bisect_left(self.tok_starts, s)
        j = bisect.bisect_left(self.tok_starts, e)
        return self.tokens[i:j]


_OPENERS = " \u00a0\u202f«„“\"‹「『‘'"


def _is_direct(ctx: _Article, cs: int, qs: int, qe: int, words: int, cue: str | None) -> bool:
    """Whole quoted utterances are direct; fragments woven into reported speech are mixed."""
    before = [q for q in ctx.quoted if cs <= q[1] < qs]
    start = max([cs] + [q[1] + 1 for q in before])
    pre = ctx.text[start:qs].strip().rstrip(_OPENERS).strip()
    inner = ctx.text[qs:qe].lstrip("([ ")
    if not pre or pre[-1] in ":,—–-" or (pre[-1] in ".!?" and inner[:1].isupper()):
        return words >= 4 or (words >= 2 and cue is not None)
    if words < 4:
        return False
    last = pre.split()[-1]
    said = (_EN_SAY_FORM.search(last) if ctx.lang == "en" else
            cue_pattern(ctx.lang).fullmatch(last) or stem_cue(last, ctx.lang))
    return bool(said) and inner[:1].isupper()


def _find_speaker(ctx: _Article, s: int, e: int, anchor: int, *, strong: bool = False
                  ) -> tuple[str | None, tuple[int, int] | None, Any | None]:
    """(cue text, speaker span, cue token) of a verb of saying in ``s:e`` outside quotes."""
    if ctx.parsed:
        toks = [t for t in ctx.tokens_in(s, e) if not _inside(t.idx, ctx.quoted)]
        cues = [t for t in toks if _is_cue(t, ctx.lang)]
        if strong and ctx.lang == "en":
            cues = [t for t in cues if t.lemma_.lower() not in EN_WEAK_CUES
                    or any(c.lower_ == "that" or c.dep_ == "ccomp" for c in t.children)
                    or t.lower_ == "according"]
        here = [q for q in ctx.quoted if s <= q[0] < e]

        def rank(cue: Any) -> tuple[int, int, bool, int]:
            sub = list(cue.subtree)
            governs = any(q[0] <= anchor < q[1] and q[0] <= t.idx < q[1] for q in here
                          for t in sub)
            return (0 if governs else 1, len(sub) if governs else 0,
                    cue.lower_ in _PREP_CUES or cue.lower_ == "according", abs(cue.idx - anchor))

        cues.sort(key=rank)
        for cue in cues:
            subj = _subject(cue, ctx.quoted)
            if subj is None or _inside(subj.idx, ctx.quoted):
                continue
            framing = (_frames(ctx, cue, subj, here, anchor) if not strong else
                       _complement(cue) and cue.i in (subj.head.i, subj.head.head.i))
            if not can_speak(subj, framing=framing):
                continue
            if not (s <= subj.idx < e) and cue.lower_ != "according":
                continue
            return cue.text, _speaker_span(subj), cue
        if cues and not strong:
            cue_text, span = _rule_speaker(ctx, s, e, [(cues[0].idx, cues[0].idx + len(cues[0]))])
            return cue_text, span, cues[0]
        return None, None, None
    frames = [(m.start() + s, m.end() + s) for m in cue_pattern(ctx.lang).finditer(ctx.text[s:e])]
    frames += [(m.start() + s, m.end() + s) for m in _WORD.finditer(ctx.text[s:e])
               if stem_cue(m.group(0), ctx.lang)]
    frames = [f for f in frames if not _inside(f[0], ctx.quoted)]
    if not frames:
        return None, None, None
    frames.sort(key=lambda f: abs(f[0] - anchor))
    cue_text, span = _rule_speaker(ctx, s, e, frames)
    return cue_text, span, None


def _complement(cue: Any) -> bool:
    """The cue takes a clause of what was said ("says (that) the ad will air", "according to
    the poll, …"), not just an object."""
    if cue.lower_ in ("according", "selon", "según", "laut", "zufolge"):
        return True
    return any(c.dep_ == "ccomp" and any(g.dep_ in ("nsubj", "nsubjpass", "mark", "expl")
                                         for g in c.children) for c in cue.children)


def _frames(ctx: _Article, cue: Any, subj: Any, here: Sequence[tuple[int, int]],
            anchor: int) -> bool:
    """True when the cue and its subject introduce the quote at ``anchor`` themselves: the
    quote lies in the cue's clause, or only punctuation stands between the quote and the
    words "subject + cue" ("“…,” the announcer said", "a friend commented: “…”")."""
    quote = next((q for q in here if q[0] <= anchor < q[1] or q[0] == anchor), None)
    if quote is None:
        return False
    own = subj.head.i == cue.i or subj.i == cue.head.i or (
        cue.dep_ in ("conj", "xcomp") and subj.head.i == cue.head.i)
    if not own:
        return False  # a subject found by climbing to another verb ("The change appeared …")
    if any(quote[0] <= t.idx < quote[1] for t in cue.subtree) and not any(
            _is_cue(a, ctx.lang) for a in cue.ancestors) and (
            ctx.lang != "en" or cue.lemma_.lower() not in EN_WEAK_CUES):
        return True  # not a report inside a report ("X said the warlord had agreed to “…”")
    ss, se = _speaker_span(subj)
    lo, hi = min(ss, cue.idx), max(se, cue.idx + len(cue))
    text = ctx.text
    between = text[se:cue.idx] if se <= cue.idx else text[cue.idx + len(cue):ss]
    if len(_WORD.findall(between)) > 3 or re.search(r"[,;:()“”\"«»]", between):
        return False  # "the warlord had agreed …, and his fighters were promised “…”"
    return (quote[1] <= lo and not _WORD.search(text[quote[1]:lo])) or (
        hi <= quote[0] and not _WORD.search(text[hi:quote[0]]))


def _known_surname(words: str, entities: Sequence[EntityMention]) -> bool:
    """True when the last of ``words`` ends a name the entity pass found ("Macron")."""
    last = words.split()[-1]
    return any(x.text.split()[-1] == last for x in entities)


_ADJACENT = re.compile(
    r"^\s*(?:,?\s*(?:ha|han|a|ont|hat|haben|has|have|had|was|is|est|es|ist|также|тоже)\s+)?$",
    re.IGNORECASE | re.UNICODE)


def _rule_speaker(ctx: _Article, s: int, e: int, frames: list[tuple[int, int]]
                  ) -> tuple[str | None, tuple[int, int] | None]:
    """The name or pronoun nearest a cue word, outside quotes (no parse needed)."""
    text = ctx.text
    for cs, ce in frames:
        cands = [x for x in ctx.entities if s <= x.start and x.end <= e
                 and not _inside(x.start, ctx.quoted) and x.label in ("PERSON", "ORG", "OTHER",
                                                                       "NORP", "GPE")]
        cands = [x for x in cands if min(abs(x.start - ce), abs(cs - x.end)) <= 80]

        def gap(x: EntityMention, cs: int = cs, ce: int = ce) -> int:
            if x.end <= cs and _ADJACENT.match(text[x.end:cs]):
                return 0  # "Песков добавил", "Macron, ha prometido", "Macron a dit"
            if x.end <= cs and any(q[1] <= x.start and not _WORD.search(text[q[1]:x.start])
                                   and not _inside(cs, [q]) for q in ctx.quoted
                                   if s <= q[1] <= x.start):
                return 1  # "“…,” Flynn, a top surrogate, said": the name opening the frame
            if x.end <= cs:
                return max(4, cs - x.end)  # "…, сообщил X": a name before the comma is no subject
            return min(abs(x.start - ce), abs(cs - x.end))

        # A name right beside the cue is its subject ("Песков добавил", "promet Emmanuel
        # Macron"); otherwise people before places, the nearest first.
        def inverted(x: EntityMention, ce: int = ce) -> bool:
            # "said Thursday on Fox News": a preposition between ends the inversion
            return x.start >= ce and not re.search(r"[,.;:«»\"“”„]", text[ce:x.start]) and not (
                ctx.parsed and any(t.pos_ == "ADP" for t in ctx.tokens_in(ce, x.start)))

        cands.sort(key=lambda x: (gap(x) > 3 and not inverted(x),
                                  x.label not in ("PERSON", "OTHER"), gap(x)))
        window = text[ce:min(e, ce + 25)]
        m = re.match(r"[\s-]*(?:t-)?(\w+)", window)
        if m and m.group(1).lower() in PRONOUNS and (
                not cands or min(abs(cands[0].start - ce), abs(cs - cands[0].end)) > 3):
            return text[cs:ce], (ce + m.start(1), ce + m.end(1))
        back = re.search(r"(\w+)\s*$", text[max(s, cs - 20):cs])
        if back and back.group(1).lower() in PRONOUNS and not cands:
            b = max(s, cs - 20)
            return text[cs:ce], (b + back.start(1), b + back.end(1))
        if cands and gap(cands[0]) <= 3:
            return text[cs:ce], (cands[0].start, cands[0].end)
        # A capitalised word right before the cue, even one the name rule left out.
        cap = re.search(r"(\b[^\W\d_][\w-]+(?:\s+[^\W\d_][\w-]+)?)\s*$", text[max(s, cs - 40):cs])
        if ctx.lang == "de" and cap and not _known_surname(cap.group(1), ctx.entities):
            cap = None  # German capitalises every noun: only names seen in the article count
        if cap and any(stem_cue(w, ctx.lang) or w.lower() in _PREP_CUES
                       for w in cap.group(1).split()):
            cap = None  # "Según explicaron": a cue word is no name
        if cap and all(w[:1].isupper() for w in cap.group(1).split()) and not cap.group(
                1).isupper():
            b = max(s, cs - 40)
            return text[cs:ce], (b + cap.start(1), b + cap.end(1))
        if cands and inverted(cands[0]):
            return text[cs:ce], (cands[0].start, cands[0].end)
        cap = re.match(r"\s*([^\W\d_][\w-]+(?:\s+[A-ZÀ-ÖØ-ÞА-ЯЁ][\w-]+)?)", text[ce:min(e, ce + 40)])
        if ctx.lang == "de" and cap and not _known_surname(cap.group(1), ctx.entities):
            cap = None
        if cap and cap.group(1)[:1].isupper() and not cap.group(1).isupper():
            return text[cs:ce], (ce + cap.start(1), ce + cap.end(1))
        if cands:
            return text[cs:ce], (cands[0].start, cands[0].end)
    # "Emmanuel Macron, que ha estado …, ha prometido": the person opening the sentence.
    first = [x for x in ctx.entities if s <= x.start < frames[0][0]
             and (x.label == "PERSON" or (x.label == "OTHER" and len(x.text.split()) > 1))
             and not text[s:x.start].strip() and text[x.end:x.end + 1] in (",", " ")]
    if first:
        return text[frames[0][0]:frames[0][1]], (first[0].start, first[0].end)
    return text[frames[0][0]:frames[0][1]], None


def _clause_of(cue: Any, qs: int, qe: int, speaker: tuple[int, int]) -> tuple[int, int] | None:
    """Characters of the clause a cue verb heads (its subtree less coordinated clauses that do
    not hold the quote), from its subject on; None when the quote lies outside it."""
    drop: set[int] = set()
    for child in cue.children:
        if child.dep_ in ("conj", "parataxis", "cc") or (child.dep_ == "punct" and child.i > cue.i):
            sub = list(child.subtree)
            if not any(qs <= t.idx < qe for t in sub):
                drop.update(t.i for t in sub)
    toks = [t for t in cue.subtree if t.i not in drop]
    if not toks:
        return None
    left = min(min(t.idx for t in toks), speaker[0])
    right = max(t.idx + len(t) for t in toks)
    if not (left <= qs and qe <= right + 2):
        return None
    return left, min(right + 1 if right < len(cue.doc.text) and cue.doc.text[right:right + 1] in
                     "”»\"’" else right, len(cue.doc.text))


_MODALS = frozenset(["would", "will", "could", "should", "must", "might", "may", "can", "had",
                     "was", "were", "is", "are", "has", "have"])
_PROMISE = frozenset(["vow", "promise", "pledge", "threaten", "agree", "urge", "call", "refuse"])


def _reported(cue: Any) -> bool:
    """A cue token heads reported speech: a clause or infinitive of saying, or "according to"."""
    if cue.lower_ in ("according", "selon", "según", "laut", "zufolge"):
        return True
    if any(c.dep_ in ("ccomp", "xcomp", "parataxis") or c.lower_ in ("that", "que", "qu'", "dass")
           for c in cue.children):
        return True
    nxt = cue.doc[cue.i + 1 : cue.i + 2]
    if nxt and nxt[0].lower_ in ("that", "que", "qu'", "qu’", "dass"):
        return True  # "a annoncé qu'une souscription …" parsed with "qu'" under the subject
    if cue.lemma_.lower() in ("vow", "promise", "pledge") and any(
            c.dep_ == "dobj" for c in cue.children):
        return True  # "Macron promised a fundraising campaign"
    after = cue.doc[cue.i + 1 : cue.i + 6]
    if cue.pos_ == "VERB" and cue.lemma_.lower() not in EN_WEAK_CUES and any(
            t.lower_ in _MODALS and t.i > cue.i + 1 for t in after) and not any(
            t.is_punct for t in after[:2]):
        return True  # "he vowed the cathedral would be reborn", parsed as an object
    if cue.lemma_.lower() in _PROMISE and any(c.lower_ == "to" for c in cue.children):
        return True  # "Macron vows to rebuild cathedral" (headlines parse "to" as a preposition)
    return cue.dep_ in ("parataxis", "ccomp") and cue.head is not cue


_CLAUSE = re.compile(r"\b(?:dass|que|qu['’]|что|чтобы|that)\b|[,:]\s*[—–-]?\s*$|^\s*[—–-]",
                     re.IGNORECASE | re.UNICODE)


# Cue words that also mean "spoke of", "called", "launched": speech only with a clause.
_WEAK_STEMS = ("sprach", "bericht", "forder", "назвал", "призв", "lanc", "appel", "salu", "lou",
               "pidi", "pide", "pedido", "calific", "выступил")


def _reports_clause(sentence: str, lang: str) -> bool:
    """Without a parse, reported speech needs a complementiser ("dass", "que", "что"), a phrase
    cue ("laut", "según", "по словам") or a cue set off by a comma ("…, sagte Macron")."""
    if _CLAUSE.search(sentence) or phrase_cue(sentence, lang):
        return True
    for m in _WORD.finditer(sentence):
        if stem_cue(m.group(0), lang) or cue_pattern(lang).fullmatch(m.group(0)):
            if not m.group(0).lower().startswith(_WEAK_STEMS):
                return True
            near = sentence[max(0, m.start() - 3):m.end() + 2]
            if "," in near:
                return True
    return False


def extract_quotes(doc: Any, article: Article, entities: Sequence[EntityMention]
                   ) -> list[QuoteMention]:
    """Every quote mention of the article (direct, mixed, indirect), offsets into its text.

    Args:
        doc: ``nlp(article.text)`` from :func:`storyline.analyze.nlp.load_pipeline`.
        article: the article; its language is each mention's language.
        entities: the article's entity mentions (names for speakers without a parse).

    Returns:
        Mentions in text order; a direct mention spans the words inside the marks, a mixed or
        indirect one the sentence that reports the speech.
    """
    ctx = _Article(doc, article, entities)
    text = ctx.text
    drafts: list[dict[str, Any]] = []
    used: set[int] = set()
    mixed_at: set[tuple[int, int]] = set()
    direct_cues: set[int] = set()
    for qs, qe in ctx.quoted:
        _lo, _hi, cs, ce = ctx.context(qs, qe)
        words = len(_WORD.findall(text[qs:qe]))
        cue, span, _tok = _find_speaker(ctx, cs, ce, qs)
        if span is None and cue is None:
            m = re.search(r"([^\n.:“”\"«»]{2,60}):\s*$", text[cs:max(cs, qs - 1)])
            if m:
                ents = [x for x in entities if cs + m.start(1) <= x.start < cs + m.end(1)]
                if ents:
                    span, cue = (ents[-1].start, ents[-1].end), ":"
        if span is None and cue is None:
            # "‘Worst avoided, vows to rebuild’: Macron on …": the name after a headline colon.
            m = re.match(r"[\s’'”\"»」]*:\s*", text[qe:qe + 8])
            if m:
                ents = [x for x in entities if x.start == qe + m.end() and x.label == "PERSON"]
                if ents:
                    span, cue = (ents[0].start, ents[0].end), ":"
        if ctx.parsed and (span is None or (_tok is not None and _tok.idx >= qe)):
            colon = _colon_speaker(ctx, qs)
            if colon is not None:  # "X wrote:\n“…”", "Obama has a new message: “…”"
                span, _tok = colon
                cue = _tok.text
        signed = _signature(ctx, qe)
        if signed is not None:  # a signature beats any cue of the neighbouring sentences
            span, cue, _tok = signed, "―", None
        # Only sentences the quote itself touches are spoken for; a neighbour that reports
        # speech of its own ("Rabie said it would take days. “We'll work …”") stays free.
        used.update(range(ctx.sent_of(qs), ctx.sent_of(max(qs, qe - 1)) + 1))
        if _is_direct(ctx, cs, qs, qe, words, cue):
            if _tok is not None:
                direct_cues.add(_tok.i)
            drafts.append({"s": qs, "e": qe, "kind": "direct", "span": span, "cue": cue,
                           "ss": cs, "se": ce})
            continue
        if cue is None and span is None:
            if words >= 8:  # a whole utterance run on from the last speaker's words
                drafts.append({"s": qs, "e": qe, "kind": "direct", "span": None, "cue": None,
                               "ss": cs, "se": ce})
            continue  # a scare quote or a title in quotation marks
        if span is not None and span[0] <= qs < span[1]:
            continue  # a nickname inside the speaker's name (Marcia “Cia” Price)
        tok_key = _tok.i if _tok is not None else None
        if tok_key is not None and tok_key in direct_cues:
            continue  # the cue's speech is the direct quote of this sentence, not this fragment
        ms, me = _trimmed(text, cs, ce)
        if _tok is not None and span is not None:
            clause = _clause_of(_tok, qs, qe, span)
            if clause is not None:
                ms, me = _trimmed(text, *clause)
        if (ms, me) in mixed_at:
            continue
        mixed_at.add((ms, me))
        drafts.append({"s": ms, "e": me, "kind": "mixed", "span": span, "cue": cue,
                       "ss": cs, "se": ce})
    for i, (ss, se) in enumerate(ctx.sents):
        if i in used or not _WORD.search(text[ss:se]):
            continue
        cue, span, tok = _find_speaker(ctx, ss, se, ss, strong=True)
        if cue is None or span is None:
            continue
        if ctx.parsed and tok is not None and not _reported(tok):
            continue
        if not ctx.parsed and not _reports_clause(text[ss:se], ctx.lang):
            continue
        ms, me = _trimmed(text, ss, se)
        if me - ms < 15:
            continue
        drafts.append({"s": ms, "e": me, "kind": "indirect", "span": span, "cue": cue,
                       "ss": ss, "se": se})
    drafts.sort(key=lambda d: (d["s"], d["e"]))
    return _resolve(ctx, drafts)


def _colon_speaker(ctx: _Article, qs: int) -> tuple[tuple[int, int], Any] | None:
    """(speaker span, verb) of the clause a colon ends right before a quote: "A friend
    commented: “…”", or a paragraph "The senator wrote on Facebook:" over a block quote. A verb
    that is no cue needs a subject that speaks by itself ("Obama has a message: “…”")."""
    text = ctx.text
    p = qs - 1
    while p >= 0 and (text[p].isspace() or text[p] in _OPENERS):
        p -= 1
    if p < 0 or text[p] != ":":
        return None
    across = "\n" in text[p:qs]
    toks = ctx.tokens_in(p, p + 1)
    if not toks or toks[0].i == 0:
        return None
    verb = toks[0].doc[toks[0].i - 1]
    while verb.head.i != verb.i and verb.head.i < toks[0].i and not (
            verb.pos_ in ("VERB", "AUX") and _is_cue(verb, ctx.lang)):
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    cue = _is_cue(verb, ctx.lang)
    if across and not cue:
        return None
    subj = _subject(verb, ctx.quoted)
    if subj is None or subj.i >= toks[0].i or _inside(subj.idx, ctx.quoted):
        return None
    if not can_speak(subj, framing=cue):
        return None
    return _speaker_span(subj), verb


_DASH_SIGNATURE = re.compile(r"[\s’'”\"»」]*(?:[―—–]+|--?)\s*")
_CAPS = re.compile(r"[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){0,4}", re.UNICODE)


def _signature(ctx: _Article, qe: int) -> tuple[int, int] | None:
    """The name signing a quote after a dash ("“…” ― Pamela Padilla", "… — Jane Doe, Ohio"):
    a name or capitalised words that run to the end of the line or a comma."""
    m = _DASH_SIGNATURE.match(ctx.text, qe)
    if m is None or "\n" in m.group(0):
        return None
    at = m.end()
    line_end = ctx.lines[ctx.line_of(qe)][1]
    ents = [x for x in ctx.entities if x.start == at and x.label in ("PERSON", "ORG", "OTHER")]
    if ents:
        a, b = ents[0].start, ents[0].end
    else:
        cap = _CAPS.match(ctx.text, at, line_end)
        if cap is None or not all(w[:1].isupper() for w in cap.group(0).split()):
            return None
        a, b = cap.start(), cap.end()
    tail = ctx.text[b:line_end]
    if tail.strip(" \u00a0.") and not re.match(r"\s*[,(]", tail):
        return None  # "— and then he left": a sentence goes on after the dash
    return a, b


_CONTENT_DEPS = frozenset(("ccomp", "xcomp", "parataxis", "csubj", "obj", "dobj", "oprd"))


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
        # The clause the phrase modifies, less the phrase itself.
        head = cue
        while head.dep_ not in ("ROOT",) and head.head is not head and head.pos_ not in (
                "VERB", "AUX"):
            head = head.head
        drop = {t.i for t in cue.subtree}
        keep = [t for t in head.subtree if t.i not in drop and s <= t.idx < e]
    else:
        kids = [c for c in cue.children if c.dep_ in _CONTENT_DEPS]
        if cue.dep_ in ("parataxis", "ccomp") and cue.head.i < cue.i and not kids:
            # "CONTENT, X said": the clause the cue is set into, less the cue's own words
            drop = {t.i for t in cue.subtree}
            keep = [t for t in cue.head.subtree if t.i not in drop and s <= t.idx < e]
        else:
            keep = [t for c in kids for t in c.subtree if s <= t.idx < e]
    keep = [t for t in keep if not t.is_punct or t.text in "“”\"«»"]
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


def _is_person(name: str, persons: Sequence[EntityMention]) -> bool:
    words = set(name.casefold().split())
    return any(set(p.text.casefold().split()) <= words for p in persons)


def _resolve(ctx: _Article, drafts: list[dict[str, Any]]) -> list[QuoteMention]:
    """Name every draft's speaker; unattributed quotes continue a neighbouring speaker."""
    text = ctx.text
    for d in drafts:
        d["speaker_text"], d["name"] = "", None
        if d["span"] is not None:
            a, b = d["span"]
            d["speaker_text"] = text[a:b]
            d["name"] = resolve_speaker(text[a:b], a, b, text, ctx.entities, (), ctx.quoted,
                                        ctx.doc)
    persons = [e for e in ctx.entities if e.label == "PERSON"]
    for i, d in enumerate(drafts):
        words = [re.sub(r"^-?(?:t-)?", "", w) for w in d["speaker_text"].casefold().split()]
        if len(words) == 1 and words[0] in PRONOUNS and words[0] not in ("i", "we"):
            # "he said" right after a named speaker's words means that speaker.
            line = ctx.line_of(d["s"])
            for prev in reversed(drafts[:i]):
                if ctx.line_of(prev["s"]) < line - 2:
                    break
                if prev["name"] and _is_person(prev["name"], persons) and prev is not d:
                    a = d["span"][0] if d["span"] else d["s"]
                    between = [e for e in persons if prev["e"] <= e.start < a
                               and not _inside(e.start, ctx.quoted)]
                    if not between:
                        d["name"] = prev["name"]
                    break
    for i, d in enumerate(drafts):
        if d["name"] is not None or d["kind"] != "direct":
            continue
        line = ctx.line_of(d["s"])
        ls = ctx.lines[line][0]
        opens = not text[ls:d["s"]].strip(" \"“„«‹「'‘")
        source = None
        for prev in reversed(drafts[:i]):
            if prev["name"] is None:
                continue
            gap = line - ctx.line_of(prev["s"])
            if gap == 0 or (opens and gap <= 2):
                source = prev
            break
        runs_on = not text[d["e"]:ctx.lines[line][1]].strip(" \u00a0”»\"’'")
        if source is None:
            for nxt in drafts[i + 1:]:
                if ctx.line_of(nxt["s"]) - line > (1 if runs_on else 0):
                    break
                if nxt["name"] is not None:
                    source = nxt
                    break
        if source is not None and source["s"] < d["s"]:
            # "… blickt Präsident Emmanuel Macron nach vorne. Noch am Abend besuchte er … „…“":
            # a person named after the previous speaker's words introduces this quote.
            named = [e for e in persons if max(source["e"], ls) <= e.start < d["s"]
                     and not _inside(e.start, ctx.quoted) and ctx.sent_of(e.start)
                     >= ctx.sent_of(d["s"]) - 2]
            if named:
                who = resolve_speaker(named[-1].text, named[-1].start, named[-1].end, text,
                                      ctx.entities)
                source = {"speaker_text": named[-1].text, "name": who}
        if source is not None and d["span"] is None:
            # A written speaker that names no one ("I", "they") stays as written.
            d["speaker_text"], d["name"] = source["speaker_text"], source["name"]
    out = []
    for d in drafts:
        out.append(QuoteMention(
            ctx.article.id, d["s"], d["e"], text[d["s"]:d["e"]], d["kind"], d["speaker_text"],
            d["name"], d["cue"], ctx.lang, d["ss"], d["se"]))
    return out
