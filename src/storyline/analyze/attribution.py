"""Speaker attribution: who says a quote or a reported clause, and what the clause reports.

With a parse: the subject of a verb of saying (``_subject``, climbing to governing verbs), whether
that subject can speak (``can_speak``; a verb that frames the quote itself, ``_frames``, vouches
for any noun, and so does one whose clause runs up to the quote, ``_introduces``); without one,
cue words and the nearest name (``_rule_speaker``). Also whether a cue heads reported speech
(``_reported``, ``_reports_clause``) and the clause it heads (``_clause_of``). A colon before a
quote and a dash signature after it are read in ``quote_frames``; what a mixed or indirect
mention reports without its speaker and cue is in ``reported``. ``quotes`` finds the quotations
and builds the mentions with these helpers.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import Any

from storyline.analyze.cues import (
    COMPLEMENTISER_RE,
    COMPLEMENTISERS,
    DEFINITE_ARTICLES,
    EN_CLAUSE_CUES,
    EN_CUE_LEMMAS,
    EN_WEAK_CUES,
    GIVEN_NAMES,
    ORG_NOUNS,
    PRO_DROP,
    PRONOUNS,
    ROLE_NOUNS,
    SPEAKING_NOUNS,
    TITLES,
    UNSPACED,
    UPPER,
    cue_pattern,
    false_cue,
    is_pronoun,
    is_role,
    phrase_cue,
    stem_cue,
)
from storyline.analyze.entities import korean_subject
from storyline.records import Article, EntityMention

_MAX_SPEAKER_TOKENS = 10
_WORD = re.compile(r"\w+", re.UNICODE)
_TRIM = " \t\n,;:—–-"
_OPENERS = " \u00a0\u202f«„“\"‹「『‘'»”›‚"


def _trimmed(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in _TRIM:
        s += 1
    while e > s and text[e - 1] in " \t\n,;:":
        e -= 1
    return s, e


# --------------------------------------------------------------------------- article context


class _Article:
    """What attribution needs of one article: text, sentences, lines, quotes, entities.

    ``quoted`` is ``find_quoted(article.text)``, passed in so that this module does not
    import ``quotes`` (which imports it).
    """

    def __init__(self, doc: Any, article: Article, entities: Sequence[EntityMention],
                 quoted: list[tuple[int, int]]) -> None:
        self.doc = doc
        self.article = article
        self.text = article.text
        self.lang = (article.language or "en").lower()[:2]
        self.parsed = bool(doc.has_annotation("DEP"))
        self.entities = sorted(entities, key=lambda e: (e.start, e.end))
        self.quoted = quoted  # quotes.find_quoted(article.text)
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


# --------------------------------------------------------------------------- attribution


def _inside(pos: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s - 1 <= pos < e + 1 for s, e in spans)


def _is_cue(tok: Any, lang: str) -> bool:
    if lang == "en":
        return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in EN_CUE_LEMMAS or (
            tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.nbor().lower_ == "to"
        ) or _verb_read_as_noun(tok) or as_aside(tok)
    if tok.pos_ in ("NOUN", "PROPN", "ADJ", "DET", "PRON", "ADP") and tok.lower_ not in _PREP_CUES:
        return False
    return (bool(cue_pattern(lang).fullmatch(tok.text)) or stem_cue(tok.text, lang)
            or tok.lower_ in _PREP_CUES)


# Verbs of saying, showing and knowing that an "as" clause sets into what they report.
_AS_ASIDE = frozenset(["say", "note", "point", "report", "warn", "predict", "write", "explain",
                       "argue", "claim", "suggest", "acknowledge", "admit", "state", "remark",
                       "observe", "tell", "announce", "reveal", "confirm", "insist", "stress",
                       "emphasize", "emphasise", "indicate", "show", "put", "recall", "mention",
                       "testify", "know", "believe", "fear"])


def as_aside(cue: Any) -> bool:
    """An English cue in an "as" clause with a subject and no complement of its own reports
    the clause it is set into ("Hawaii, as the governor pointed out, rarely gets two storms",
    "…, as police have said", "As one analyst put it, …")."""
    if cue.lang_ != "en" or cue.dep_ != "advcl" or cue.lemma_.lower() not in _AS_ASIDE:
        return False
    kids = list(cue.children)
    return (any(c.dep_ == "mark" and c.lower_ == "as" for c in kids)
            and any(c.dep_ in ("nsubj", "nsubjpass") for c in kids)
            and not any(c.dep_ in ("ccomp", "xcomp", "dobj", "obj", "attr", "oprd", "acomp")
                        and not (c.lower_ == "it" and cue.lemma_.lower() == "put")
                        for c in kids)
            and cue.head.i != cue.i)


def _verb_read_as_noun(tok: Any) -> bool:
    """"But Trump claims that he should be …", tagged a plural noun: a cue's form in -s with a
    subject and a clause of its own is the verb (a noun has neither)."""
    return (tok.tag_ == "NNS" and tok.lower_.endswith("s") and tok.lemma_.lower() in EN_CUE_LEMMAS
            and any(c.dep_ == "nsubj" for c in tok.children)
            and any(c.dep_ == "ccomp" for c in tok.children))


_PREP_CUES = frozenset(("selon", "laut", "según", "zufolge", "secondo", "segundo"))
# Capitalised words that open a clause and name nobody ("Как сообщает ТАСС", "Wie die Polizei
# mitteilte", "Comme l'a dit …"): never a speaker before a cue.
_CLAUSE_OPENERS = frozenset(("как", "так", "но", "и", "а", "wie", "so", "und", "aber", "comme",
                             "ainsi", "mais", "et", "como", "así", "pero", "y", "come", "ma"))
_ACRONYM = re.compile(r"[A-ZА-ЯЁ]{2,6}")


_INTENT = frozenset(["want", "plan", "intend", "hope", "expect", "try", "seek", "aim", "wish",
                     "prepare", "need", "like", "love", "decide", "attempt", "mean"])


def participle_aside(cue: Any) -> bool:
    """A past participle opening a clause of its own ("Asked whether Moscow would attend,
    Peskov replied …", "Pressed on the date, …") is said of the one asked: it reports no
    speech of the main clause's subject."""
    return cue.tag_ == "VBN" and cue.dep_ == "advcl" and not any(
        c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in cue.children)


def intends(cue: Any) -> bool:
    """An infinitive cue of a plan or a wish, without a clause of its own, is what someone
    means to do, not speech reported ("Putin has no plans to call Macron", "wants to announce
    a deal"); "continued to call for …", "refused to say whether …" still report."""
    if cue.tag_ != "VB" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in cue.children):
        return False
    head = cue.head
    planned = cue.dep_ == "acl" and head.pos_ == "NOUN" or (
        cue.dep_ == "xcomp" and head.lemma_.lower() in _INTENT)
    return planned and not any(c.dep_ in ("ccomp", "xcomp") or c.lower_ in (
        "that", "whether", "if") for c in cue.children)


def _after_colon(verb: Any) -> list[Any]:
    """The children of ``verb``, less the subjects before a colon between them and it when
    another subject follows the colon: the topic a headline opens with ("Notre Dame fire: Macron
    vows to rebuild", both nouns parsed as subjects of "vows") is not the one who speaks."""
    children = list(verb.children)
    doc = verb.doc
    colons = [t.i for t in doc[verb.sent.start : verb.i] if t.text == ":"]
    if not colons:
        return children
    last = colons[-1]
    if not any(c.dep_.startswith("nsubj") and last < c.i < verb.i for c in children):
        return children
    return [c for c in children if not (c.dep_.startswith("nsubj") and c.i < last)]


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
    prev = cue.doc[cue.i - 1] if cue.i > 0 else None
    own = any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in cue.children)
    if _speakerless(cue):
        return None
    inverted = _inverted_object(cue) if not own else None
    if inverted is not None:
        return inverted
    if (cue.tag_ == "VBG" and prev is not None and prev.pos_ in ("PROPN", "NOUN")
            and prev.dep_ == "pobj" and prev.head.lower_ == "of" and not own):
        return prev  # "the ad uses footage of Clinton asking, …": the one seen saying it
    if (cue.tag_ in ("VBD", "VBZ", "VBP") and prev is not None and not own
            and (prev.ent_type_ == "PERSON" or _glued_name(prev))
            and prev.dep_ in ("pobj", "compound", "dobj", "appos")
            and not _inside(prev.idx, quoted)):
        # "In a meeting with the Post Trump said that …", read without a subject (a name the
        # recogniser glued to the outlet before it: "the Washington Post Trump")
        return prev
    tok = cue
    subjects: tuple[str, ...] = ("nsubj", "csubj")
    for _ in range(4):
        for child in _after_colon(tok):
            # The passive subject of the cue itself is the one spoken to or of ("he was asked",
            # "was called"), unlike that of a verb above it ("is seen calling", "was quoted as
            # saying"); the parser sometimes takes a dash or bracket for a subject.
            if child.dep_ in subjects and _WORD.search(child.text) and not _inside(
                    child.idx, quoted):
                if child.lower_ in _RELATIVES and tok.dep_ in ("relcl", "acl:relcl"):
                    return tok.head  # "Smith, who said …": the noun the clause hangs on
                return _misread_verb(child) or child
        if tok is not cue and (inv := _inverted_object(tok)) is not None:
            return inv  # "“…,” responded the chairman, adding that …": the inverted subject
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


def _inverted_object(cue: Any) -> Any | None:
    """The subject of a cue inverted after the quote it closes ("« … », a martelé le
    ministre", "“…,” tweeted the mayor"), which the parser reads as the verb's object: a noun
    after the cue, with only the closing mark, the comma and (in French) the auxiliary
    between the quote and the cue. Not the one a verb of telling speaks to."""
    if cue.lang_ not in ("fr", "en") or cue.lemma_.lower() in ("tell", "ask", "inform"):
        return None
    j = cue.i - 1
    while j >= 0 and cue.doc[j].pos_ == "AUX":
        j -= 1
    if j < 1:
        return None
    pair = (cue.doc[j - 1].text, cue.doc[j].text)
    closes = ("»", "”", '"')
    if not ((pair[1] == "," and pair[0] in closes) or (pair[0] == "," and pair[1] in closes)):
        return None
    return next((c for c in cue.children if c.dep_ in ("obj", "dobj") and c.i > cue.i
                 and c.pos_ in ("NOUN", "PROPN")), None)


# Verbs that name a thing ("– dubbed a “special military operation” –"): set off by a dash,
# comma or bracket without a subject of their own they are a participle, and name no speaker.
_NAMING = frozenset(("dub", "term", "label", "brand", "nickname", "call", "bill"))


def _speakerless(cue: Any) -> bool:
    """An English cue verb with no subject of its own that has no speaker to find above it: an
    imperative ("please note, JWST is …", "Say what you will, …": a bare verb that heads its
    clause, no auxiliary or "to" before it) or a naming participle set off as an aside."""
    if cue.lang_ != "en" or any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in cue.children):
        return False
    if cue.tag_ == "VB" and cue.dep_ in ("ROOT", "parataxis") and not any(
            c.dep_ in ("aux", "auxpass", "mark") for c in cue.children):
        return True
    prev = cue.doc[cue.i - 1] if cue.i > 0 else None
    if cue.lemma_.lower() not in _NAMING or cue.tag_ not in ("VBN", "VBD") or prev is None:
        return False
    # (a conjunct after a dash too: the parse of "… Ukraine – dubbed a “…” –" in context)
    return (prev.text in ("–", "—", "-", "(", ",")
            and cue.dep_ in ("advcl", "acl", "parataxis", "appos")) or (
        prev.text in ("–", "—", "(") and cue.dep_ == "conj")


_RELATIVES = frozenset(("who", "that", "which", "qui", "der", "die", "que", "который", "которая"))


def _misread_verb(subj: Any) -> Any | None:
    """The noun a subject read as a verb stands for: "Press spokespeople for Lukashenko said"
    parses "Press" as an imperative with "spokespeople" its object; a finite verb's subject is
    no bare verb, so the noun phrase is the speaker."""
    if subj.tag_ != "VB" or subj.i != subj.sent.start or not subj.is_title:
        return None
    for c in subj.children:
        if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN") and c.i == subj.i + 1:
            return c
    return None


def can_speak(subj: Any, framing: bool = False) -> bool:
    """People, organisations, pronouns and a few institutional nouns say things; "the details"
    of a call do not. A verb of saying that frames a quotation itself ("…,” the announcer said",
    "I replied: “…”") vouches for any noun or pronoun subject: the announcer, a friend, the
    ruling, I, it."""
    if subj.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", "PER"):
        return True
    if subj.tag_ == "VB" and subj.dep_ in ("nsubj", "nsubjpass") and subj.is_title:
        return True  # a bare verb as a finite verb's subject is a name ("Trump on Monday said")
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


def _source_span(ctx: _Article, cue: Any, span: tuple[int, int]) -> tuple[int, int]:
    """The source phrase of "according to X" / "selon X" / "laut X" as written: after the cue,
    up to the comma that ends it, or the name in apposition after that comma ("Selon la
    porte-parole du gouvernement, Prisca Thevenot, aucune décision …"; the parse gave the
    phrase "Selon" and "aucune décision" too)."""
    if cue.lower_ not in _PREP_CUES and cue.lower_ != "according":
        return span
    text = ctx.text
    lo, hi = span
    after = cue.idx + len(cue)
    if cue.lower_ == "according" and text[after:after + 4].lstrip().lower().startswith("to"):
        after = text.lower().index("to", after) + 2
    lo = max(lo, after)
    while lo < hi and text[lo].isspace():
        lo += 1
    comma = text.find(",", lo, hi)
    if comma < 0:
        return lo, hi
    appos = _appositive_name(ctx, comma)
    return lo, (appos.end if appos is not None else comma)


def _appositive_name(ctx: _Article, comma: int) -> EntityMention | None:
    """The name right after the comma at ``comma`` and closed by another ("…, Prisca Thevenot,
    …"): a person, or a name of two words or more in languages without a recogniser."""
    text = ctx.text
    return next((x for x in ctx.entities if x.start > comma and (
                 x.label == "PERSON" or (x.label == "OTHER" and len(x.text.split()) > 1))
                 and not text[comma + 1:x.start].strip() and text[x.end:x.end + 1] == ","), None)


def _glued_name(tok: Any) -> bool:
    """A name the recogniser glued to the outlet before it, right before a finite cue that
    the parse left without a subject ("In an interview with the BBC Johnson said …": "the BBC
    Johnson" one organisation, "Johnson" a prepositional object)."""
    return (tok.dep_ == "pobj" and tok.tag_ == "NNP" and tok.is_title
            and tok.ent_type_ == "ORG" and tok.ent_iob_ == "I"
            and tok.i + 1 < len(tok.doc) and tok.nbor().tag_ in ("VBD", "VBZ", "VBP"))


def _speaker_span(subj: Any) -> tuple[int, int]:
    """Character span of the subject phrase: its compound/flat/appos/amod modifiers."""
    if _glued_name(subj):
        return subj.idx, subj.idx + len(subj)  # the name alone, not the outlet before it
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
    antecedent = any(c.dep_ in ("relcl", "acl:relcl") for c in subj.children)
    while antecedent and lo < subj.i and subj.doc[lo].dep_ == "case" and (
            subj.doc[lo].head.i == subj.i):
        lo += 1  # the antecedent's own preposition ("présenté par Élisabeth Borne, qui a dit …")
    if subj.lang_ == "fr":
        # "le président dans une courte allocution": a complement of the noun with a
        # preposition other than "de" is the setting (misattached), not the title
        cut = next((t.i for t in subj.doc[subj.i + 1 : hi + 1] if t.dep_ == "case"
                    and t.lower_ not in ("de", "du", "des", "d'", "d’")), None)
        if cut is not None:
            hi = cut - 1
    noun = _misread_verb(subj.head) if subj.dep_ == "dobj" else None
    misread = noun is not None and noun.i == subj.i
    if misread:
        lo = min(lo, subj.head.i)  # "Press spokespeople": the verb read was the first noun
    for t in [*subj.children, *(subj.head.children if misread else ())]:
        # "a spokesman for the ministry": whose spokesman
        if (t.dep_ == "prep" and t.lower_ == "for" and t.i == hi + 1
                and subj.lower_.startswith("spokes")):
            sub = list(t.subtree)
            if len(sub) <= _MAX_SPEAKER_TOKENS and any(
                    x.pos_ in ("PROPN", "NOUN") for x in sub):
                hi = sub[-1].i
    span = subj.doc[lo : hi + 1]
    while len(span) > 1 and span[0].dep_ in ("punct", "det") and span[0].lower_ not in ("the",):
        span = span[1:]
    while len(span) > 1 and span[-1].is_punct and span[-1].text in ",;:":
        span = span[:-1]  # "président français Emmanuel Macron, avec …": the comma ends it
    return span.start_char, span.end_char


def subordinate(cue: Any) -> bool:
    """The cue's clause is a subordinate one: a conjunction opens it before the cue ("Alors que
    les pompiers ont annoncé …", "While the mayor said …"), so another clause carries the
    sentence."""
    return any(c.dep_ == "mark" and c.i < cue.i for c in cue.children)


# cues that, opening a sentence, credit all of it to their source ("According to X, …")
_OPENING_SOURCE_CUES = frozenset(("according", "selon", "según", "laut"))


def _find_speaker(ctx: _Article, s: int, e: int, anchor: int, *, strong: bool = False
                  ) -> tuple[str | None, tuple[int, int] | None, Any | None]:
    """(cue text, speaker span, cue token) of a verb of saying in ``s:e`` outside quotes."""
    if ctx.parsed:
        toks = [t for t in ctx.tokens_in(s, e) if not _inside(t.idx, ctx.quoted)]
        cues = [t for t in toks if _is_cue(t, ctx.lang)
                and not _speakerless(t)]
        if strong:
            cues = [t for t in cues if not (intends(t) or participle_aside(t))]
        if strong and ctx.lang == "en":
            cues = [t for t in cues if t.lemma_.lower() not in EN_WEAK_CUES
                    or any(c.lower_ == "that" or c.dep_ == "ccomp" for c in t.children)
                    or t.lower_ == "according"]
        here = [q for q in ctx.quoted if s <= q[0] < e]

        quote = next((q for q in here if q[0] <= anchor < q[1] or q[0] == anchor), None)

        # "According to the spokesman, Putin and Lukashenko agreed that “…”": the source the
        # sentence opens with gives all of it, an agreement or a belief inside included; not
        # a verb of saying ("According to the BBC, the rector has told local press that …":
        # the rector's words, relayed)
        opener = next((t for t in cues if t.is_sent_start and t.lower_ in _OPENING_SOURCE_CUES),
                      None)
        if opener is not None and not all(
                t is opener or t.lemma_.lower() in EN_WEAK_CUES | EN_CLAUSE_CUES for t in cues):
            opener = None

        def rank(cue: Any) -> tuple[int, int, bool, int]:
            if cue is opener:
                return (-1, 0, False, 0)
            sub = list(cue.subtree)
            governs = any(q[0] <= anchor < q[1] and q[0] <= t.idx < q[1] for q in here
                          for t in sub)
            first = 0 if quote is not None and _introduces(ctx, cue, quote) else 1
            # a sentence's own attribution: not one inside a subordinate clause ("Alors que
            # les pompiers ont annoncé …, le président s'est engagé à …")
            aside = strong and subordinate(cue)
            return (first if governs else first + 1, len(sub) if governs else int(aside),
                    cue.lower_ in _PREP_CUES or cue.lower_ == "according", abs(cue.idx - anchor))

        cues.sort(key=rank)
        for cue in cues:
            if not strong and _elsewhere(ctx, cue, anchor):
                continue
            subj = _subject(cue, ctx.quoted)
            if subj is None or _inside(subj.idx, ctx.quoted):
                continue
            framing = (_frames(ctx, cue, subj, here, anchor) if not strong else
                       _complement(cue) and cue.i in (subj.head.i, subj.head.head.i))
            if not can_speak(subj, framing=framing):
                continue
            if not (s <= subj.idx < e) and cue.lower_ != "according":
                continue
            return cue.text, _source_span(ctx, cue, _speaker_span(subj)), cue
        if cues and not strong:
            cue_text, span = _rule_speaker(ctx, s, e, [(cues[0].idx, cues[0].idx + len(cues[0]))])
            return cue_text, span, cues[0]
        return None, None, None
    frames = [(m.start() + s, m.end() + s) for m in cue_pattern(ctx.lang).finditer(ctx.text[s:e])]
    frames += [(m.start() + s, m.end() + s) for m in _WORD.finditer(ctx.text[s:e])
               if stem_cue(m.group(0), ctx.lang)]
    frames = [f for f in frames if not _inside(f[0], ctx.quoted)
              and not false_cue(ctx.text, f[0], f[1], ctx.lang)]
    if not frames:
        return None, None, None
    frames.sort(key=lambda f: abs(f[0] - anchor))
    cue_text, span = _rule_speaker(ctx, s, e, frames)
    return cue_text, span, None


_INTRO_GAP = re.compile(r"\s*(?:[,:]\s*)?[“\"«„‘']?")


def _introduces(ctx: _Article, cue: Any, quote: tuple[int, int]) -> bool:
    """The cue's own clause runs up to the quotation, which opens after a comma or colon or at
    once ("Protesters chanted “What curfew?”", "footage of Trump saying during the debate,
    “…”"): the cue introduces it, whatever verb governs the sentence in the parse."""
    if ctx.lang != "en" or cue.idx >= quote[0] or cue.lower_ == "according":
        return False
    before = [t for t in ctx.tokens_in(cue.idx + len(cue), quote[0])
              if not t.is_punct and not t.is_space]
    if len(before) > 12 or any(not cue.is_ancestor(t) or _is_cue(t, ctx.lang) for t in before):
        return False
    end = max([cue.idx + len(cue)] + [t.idx + len(t) for t in before])
    return _INTRO_GAP.fullmatch(ctx.text, end, quote[0]) is not None


def _elsewhere(ctx: _Article, cue: Any, anchor: int) -> bool:
    """The cue sits in another sentence than the quote and says its own thing there ("…,”
    Obama said. He didn't suggest retaliation. “Our goal …”": "suggest" has its object), so it
    does not introduce the quote."""
    if ctx.sent_of(cue.idx) == ctx.sent_of(anchor):
        return False
    own = [c for c in cue.children if c.dep_ in ("dobj", "ccomp", "xcomp")]
    return bool(own) and not any(_inside(t.idx, ctx.quoted) for c in own for t in c.subtree)


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
    introduces = _introduces(ctx, cue, quote) and not any(
        _is_cue(a, ctx.lang) for a in cue.ancestors)
    own = subj.head.i == cue.i or subj.i == cue.head.i or (
        cue.dep_ in ("conj", "xcomp") + (("advcl",) if introduces else ())
        and subj.head.i == cue.head.i)
    if not own:
        return False  # a subject found by climbing to another verb ("The change appeared …")
    if introduces:
        return True  # "Protesters marching through the streets chanted “What curfew?”"
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


# What stands before a German noun and never before a surname: articles, determiners and the
# prepositions that hold one ("im", "zum"); and the capitalised words that open a sentence
# before its verb without being its subject ("Gestern sagte …", "Dazu erklärte …")
_DE_DETERMINER = re.compile(
    r"(?<!\w)(?:der|die|das|den|dem|des|ein|eine|einen|einem|einer|eines|kein|keine|keinen|"
    r"keinem|keiner|dieser|diese|diesen|diesem|dieses|jeder|jede|jeden|jedem|jedes|im|am|zum|"
    r"zur|vom|beim|ins|ans|aufs|mein|meine|sein|seine|seinen|seinem|seiner|ihr|ihre|ihren|"
    r"ihrem|ihrer|unser|unsere|viele|vielen|alle|allen|mehrere|einige|zwei|drei)\s+$",
    re.IGNORECASE)
_DE_OPENERS = frozenset(
    ["dann", "danach", "dazu", "daraufhin", "gestern", "heute", "morgen", "später", "zuvor",
     "zudem", "außerdem", "auch", "hier", "dort", "damals", "jetzt", "nun", "zugleich",
     "anschließend", "deshalb", "deswegen", "trotzdem", "dennoch", "allerdings", "so", "ebenso",
     "weiter", "schließlich", "zuletzt", "zunächst", "erst", "bereits", "immer", "oft", "nie",
     "niemand", "jemand", "man", "wer", "was", "wie", "warum", "wo", "sie", "er", "es", "wir",
     "ich", "ihr", "am", "im", "vor", "nach", "bei", "mit", "seit", "in", "auf", "für", "gegen"])


def _bare_surname(word: str, cue: str, text: str, opens: bool = False) -> bool:
    """A German capitalised word before a singular verb of saying that the article uses as a
    surname ("Scholz traf Macron. Scholz betonte, …"): written at least twice, or once where
    it opens the sentence with the verb right after it (``opens``: "Scholz sagte, …"; German
    puts the verb second, and a singular noun takes an article), never after an article or
    determiner (German capitalises every noun: "Experten warnten" has a plural verb, "die
    Regierung" an article) and no adverb opening the sentence ("Gestern sagte …")."""
    if word.lower() in _DE_OPENERS or cue.lower().endswith(("en", "n")) or not word[:1].isupper():
        return False
    seen = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text)]
    return len(seen) >= (1 if opens else 2) and not any(
        _DE_DETERMINER.search(text, max(0, at - 12), at) for at in seen)


_SENTENCE_END = re.compile(r"[.!?…][\"“”»«„']?\s+|\n")
# the auxiliary of a compound tense right before a cue ("ha defendido", "a déclaré", "hat
# gesagt", "ha detto", "tem dito")
_AUXILIARY = re.compile(r"\s(?:ha|han|había|a|avait|ont|hat|hatte|haben|è|sono|tem|têm|"
                        r"havia|has|have|had)\s+$", re.IGNORECASE)


def _sentence_opening(text: str, s: int, at: int) -> int:
    """Where the sentence holding ``at`` starts, ``s`` (a context start) at the earliest."""
    return max([s] + [m.end() for m in _SENTENCE_END.finditer(text, s, at)])


def _opens_sentence(text: str, s: int, at: int) -> bool:
    """Nothing but a sentence break stands between ``s`` (a context start) and ``at``."""
    return not text[_sentence_opening(text, s, at):at].strip(" \"“„«»")
_DE_SUBJECT = re.compile(
    r"\s*((?i:der|die|das|ein|eine|einer|dieser|diese)\s+(?:[a-zäöüß][\w-]*\s+){0,2}"
    # and a genitive complement: "Ein Sprecher der Bundesregierung sagte"
    r"[A-ZÄÖÜ][\w-]+(?:\s+(?:des|der|eines|einer)\s+(?:[a-zäöüß][\w-]*\s+){0,2}"
    r"[A-ZÄÖÜ][\w-]+)?)\s*", re.UNICODE)
_ADJACENT = re.compile(
    r"^\s*(?:,?\s*(?:ha|han|a|ont|hat|haben|has|have|had|was|is|est|es|ist|также|тоже)\s+)?$",
    re.IGNORECASE | re.UNICODE)


# The pronoun a phrase of attribution holds ("по его словам", "за його словами", "ihm zufolge",
# "seinen Worten zufolge", "jego zdaniem"), or ends with ("volgens haar": the cue list takes the
# pronoun in only where a verb or a comma follows it, not "volgens haar woordvoerder")
_PRONOUN_IN_PHRASE = re.compile(
    r"(?i:(?:(?:по|за)\s+)?(его|её|ее|их|його|її|їхніми|ihm|ihr|ihnen|seinen|ihren|jego|jej|"
    r"hem|haar|hen)(?=\s+(?:словам|словами|zufolge|Worten|zdaniem)\b|\s*$))")


# The subject after an Arabic verb of saying (no capitals tell a name): up to six words, to the
# day, the place, the complementiser or the colon that follows it
_AR_STOP = (r"يوم|في|خلال|إن|إنه|إنها|أن|بأن|أمس|اليوم|مساء|صباح|لـ|عن|على|إلى|عبر|أمام|"
            r"للصحفيين|لوسائل|لوكالة|مؤخرا|مؤخراً|أيضا|أيضاً")
_AR_SUBJECT = re.compile(
    rf"[^\S\n]+((?:(?!(?:{_AR_STOP})(?!\w))[^\W\d_]+[^\S\n]+){{0,5}}?"
    rf"(?!(?:{_AR_STOP})(?!\w))[^\W\d_]+)(?=[^\S\n]+(?:{_AR_STOP})(?!\w)|[^\S\n]*[،,:.«\"])")


# A noun that speaks with the genitive of a name after it: "(ein) Sprecher des …", "(un)
# portavoz del …", "le porte-parole du …", "il portavoce del …", "o porta-voz do …"
_HOLDER = re.compile(
    r"(?<!\w)((?:(?:ein|eine|einer|der|die|un|una|el|la|le|l['’]|il|lo|o|a|um|uma)\s+)?"
    r"([^\W\d_][\w-]*))\s+(?:des|der|del|de\s+la|de\s+los|du|de\s+l['’]|della|dei|do|da|dos)"
    r"\s+$", re.IGNORECASE)


# the source before "에 따르면" (according to): "외교부 대변인에 따르면"
_KO_SOURCE = re.compile(r"((?:[가-힣A-Za-z·]+[^\S\n]+){0,2}[가-힣A-Za-z·]+)에[^\S\n]*$")
# a word, the vowel signs of Indic scripts included (Python's \w leaves them out: "उन्होंने")
_LETTERS = r"(?:\w|[\u0900-\u0dff])+"


def _rule_speaker(ctx: _Article, s: int, e: int, frames: list[tuple[int, int]]
                  ) -> tuple[str | None, tuple[int, int] | None]:
    """The name or pronoun nearest a cue word, outside quotes (no parse needed)."""
    text = ctx.text
    for cs, ce in frames:
        if ctx.lang == "ar" and (subject := _AR_SUBJECT.match(text, ce, e)) is not None:
            return text[cs:ce], subject.span(1)  # "قال وزير الخارجية الروسي سيرغي لافروف يوم …"
        if ctx.lang == "ko":
            if text[cs:ce] == "따르면" and (source := _KO_SOURCE.search(text, s, cs)):
                return text[cs:ce], source.span(1)  # "외교부 대변인에 따르면, …"
            if (subject := korean_subject(text, s, cs)) is not None:
                return text[cs:ce], subject  # "문재인 대통령은 “…”고 말했다": the sentence's topic
        inner = _PRONOUN_IN_PHRASE.search(text, cs, ce)
        if inner is not None:  # "По его словам, …", "Ihm zufolge …": the pronoun is the source
            return text[cs:ce], inner.span(1)
        cands = [x for x in ctx.entities if s <= x.start and x.end <= e
                 and not _inside(x.start, ctx.quoted) and x.label in ("PERSON", "ORG", "OTHER",
                                                                       "NORP", "GPE")]
        cands = [x for x in cands if min(abs(x.start - ce), abs(cs - x.end)) <= 80]

        def gap(x: EntityMention, cs: int = cs, ce: int = ce) -> int:
            if x.end <= cs and _ADJACENT.match(text[x.end:cs]):
                return 0  # "Песков добавил", "Macron, ha prometido", "Macron a dit"
            if x.end <= cs and _RELATIVE_BETWEEN.fullmatch(text, x.end, cs):
                return 1  # "Carles Puigdemont, que ayer aseguró": the relative's antecedent
            if x.end <= cs and _apposed(ctx, x, cs):
                return 0  # "El ministro de Exteriores, Serguéi Lavrov, aseguró": the name set off
            if x.end <= cs and any(q[1] <= x.start and not _WORD.search(text[q[1]:x.start])
                                   and not _inside(cs, [q]) for q in ctx.quoted
                                   if s <= q[1] <= x.start):
                return 1  # "“…,” Flynn, a top surrogate, said": the name opening the frame
            if x.end <= cs:
                return max(4, cs - x.end)  # "…, сообщил X": a name before the comma is no subject
            if re.match(r"\s*[,:;]", text[ce:x.start]):
                return _AFTER_COMMA_GAP  # "erklärt, Moskau sei …": where what is said begins
            return min(abs(x.start - ce), abs(cs - x.end))

        # A name right beside the cue is its subject ("Песков добавил", "promet Emmanuel
        # Macron"); otherwise people before places, the nearest first.
        def inverted(x: EntityMention, ce: int = ce) -> bool:
            # "said Thursday on Fox News": a preposition between ends the inversion, and a
            # complementiser opens what is said ("aseguró el miércoles que Moscú …")
            return x.start >= ce and not re.search(r"[,.;:«»\"“”„]", text[ce:x.start]) and not (
                ctx.parsed and any(t.pos_ == "ADP" for t in ctx.tokens_in(ce, x.start))) and (
                not COMPLEMENTISER_RE.search(text[ce:x.start]))

        cands.sort(key=lambda x: (gap(x) > 3 and not inverted(x),
                                  x.label not in ("PERSON", "OTHER"), gap(x)))
        # "По словам россиян, …", "Según fuentes del ministerio, …": the phrase after a cue
        # of attribution is its source, a common noun as much as a name
        source = None if cands and gap(cands[0]) <= 3 else _phrase_source(ctx, cs, ce, e)
        if source is not None:
            return text[cs:ce], source
        window = text[ce:min(e, ce + 25)]
        m = re.match(rf"[\s-]*(?:t-)?({_LETTERS})", window)
        if m and is_pronoun(m.group(1), ctx.lang) and (
                not cands or min(abs(cands[0].start - ce), abs(cs - cands[0].end)) > 3):
            return text[cs:ce], (ce + m.start(1), ce + m.end(1))
        back = re.search(rf"({_LETTERS})\s*$", text[max(s, cs - 20):cs])
        if back and is_pronoun(back.group(1), ctx.lang) and not cands:
            b = max(s, cs - 20)
            return text[cs:ce], (b + back.start(1), b + back.end(1))
        if cands and gap(cands[0]) <= 3:
            x = cands[0]
            if x.end <= cs and x.label != "PERSON" and (
                    owner := _HOLDER.search(text, max(s, x.start - 50), x.start)) and (
                    is_role(owner.group(2).lower())
                    or owner.group(2).lower() in SPEAKING_NOUNS):
                # "ein Sprecher des Auswärtigen Amts mitteilte", "un portavoz del Ministerio":
                # the name completes the noun that speaks
                return text[cs:ce], (owner.start(1), x.end)
            return text[cs:ce], (x.start, x.end)
        # German puts the finite verb second: "Eine Passantin äußert …", "Der Sprecher sagte"
        # with only a determiner, adjectives and a noun before the cue are its subject.
        if ctx.lang == "de":
            lead = _DE_SUBJECT.fullmatch(text, _sentence_opening(text, s, cs), cs)
            if lead is not None:
                return text[cs:ce], (lead.start(1), lead.end(1))
        # "ведомство сообщало", "la policía dijo": a speaking noun right before the cue
        # (or that noun and one adjective after it: "la formación jeltzale afirmó")
        b = max(s, cs - 40)
        noun = re.search(r"(?<!\w)([^\W\d_][\w-]*)(?:\s+([^\W\d_][\w-]*))?\s+$", text[b:cs])
        if noun and not ctx.parsed:
            first, second = noun.group(1), noun.group(2)
            if second is not None and second.lower() in _SPEAKER_NOUNS:
                return text[cs:ce], (b + noun.start(2), b + noun.end(2))
            if first.lower() in _SPEAKER_NOUNS and (second is None or second.islower()):
                return text[cs:ce], (b + noun.start(1), b + noun.end(noun.lastindex or 1))
        # "„…“, sagte der Kanzler", "dijo el ministro", "сказал министр": a role noun right
        # after the cue is its inverted subject (resolved to the person later).
        role = _inverted_role(text, ce, e, named=ctx.lang != "de")
        if role is not None and not ctx.parsed and not any(x.start >= ce for x in cands):
            if ctx.lang == "de":  # "sagte Kanzler Scholz": the name after it, one the article
                name = re.match(r"\s+(" + UPPER + r"[\w-]+)(?:\s+(" + UPPER + r"[\w-]+))?",
                                text[role[1]:e])  # knows (German capitalises every noun)
                if name is not None and (
                        name.group(1).casefold() in GIVEN_NAMES
                        or _known_surname(name.group(1), ctx.entities)
                        or _bare_surname(name.group(1), text[cs:ce], text)):
                    return text[cs:ce], (role[0], role[1] + name.end())
            return text[cs:ce], role
        # A capitalised word right before the cue, even one the name rule left out (and
        # before the auxiliary of a compound tense: "Sánchez ha defendido", "Scholz hat gesagt")
        b = max(s, cs - 40)
        aux = _AUXILIARY.search(text, b, cs)
        stop = aux.start() if aux is not None and aux.start() > b else cs
        cap = re.search(r"(\b[^\W\d_][\w-]+(?:\s+[^\W\d_][\w-]+)?)\s*$", text[b:stop])
        pair = cap.group(1).split() if cap else []
        if len(pair) == 2 and pair[0].lower() in (ROLE_NOUNS | TITLES) and pair[1][:1].isupper():
            # "O presidente Lula disse": the name after the role word
            cap = re.search(r"([^\W\d_][\w-]+)\s*$", text[b:stop])
        if ctx.lang == "de" and cap and not _known_surname(cap.group(1), ctx.entities) and not (
                len(cap.group(1).split()) == 1
                and _bare_surname(cap.group(1), text[cs:ce], text, _opens_sentence(
                    text, s, b + cap.start(1)) and not text[b + cap.end(1):cs].strip())):
            cap = None  # German capitalises every noun: only names seen in the article count
        if cap and any(stem_cue(w, ctx.lang) or w.lower() in _PREP_CUES
                       for w in cap.group(1).split()):
            cap = None  # "Según explicaron": a cue word is no name
        if cap and cap.group(1).split()[0].lower() in _CLAUSE_OPENERS:
            cap = None
        if cap and all(w[:1].isupper() for w in cap.group(1).split()) and not cap.group(
                1).isupper():
            return text[cs:ce], (b + cap.start(1), b + cap.end(1))
        if cands and inverted(cands[0]):
            return text[cs:ce], (cands[0].start, cands[0].end)
        cap = re.match(r"\s*([^\W\d_][\w-]+(?:\s+" + UPPER + r"[\w-]+)?)", text[ce:min(e, ce + 40)])
        if ctx.lang == "de" and cap and not _known_surname(cap.group(1), ctx.entities) and not (
                _bare_surname(cap.group(1).split()[-1], text[cs:ce], text,
                              # "„…“, sagte Scholz": the name right after the quotation's cue
                              re.search(r"[“”\"»«‘’‚]\s*,\s*$", text[max(0, cs - 4):cs])
                              is not None and len(cap.group(1).split()) == 1)):
            cap = None
        if cap and cap.group(1)[:1].isupper() and (
                not cap.group(1).isupper() or _ACRONYM.fullmatch(cap.group(1))):
            return text[cs:ce], (ce + cap.start(1), ce + cap.end(1))  # "…, сообщает ТАСС"
        if cands and not (ctx.lang in PRO_DROP and ctx.sent_of(cands[0].start) != ctx.sent_of(cs)):
            # (a verb with its subject unwritten speaks for the person spoken of, not for a
            # name of the sentence before: "«…», dijo ante la prensa" after "… que Moscú …")
            return text[cs:ce], (cands[0].start, cands[0].end)
    if ctx.lang in UNSPACED:
        # "据新华社报道，习近平指出，…": the verb with its own subject, before the relay
        order = sorted(frames, key=lambda f: text[f[0]:f[1]] in ("据", "によると", "によれば"))
        for frame in order:
            span = _unspaced_speaker(ctx, s, frame)
            if span is not None:
                return text[frame[0]:frame[1]], span
    # "Emmanuel Macron, que ha estado …, ha prometido": the person opening the sentence.
    first = [x for x in ctx.entities if s <= x.start < frames[0][0]
             and (x.label == "PERSON" or (x.label == "OTHER" and len(x.text.split()) > 1))
             and not text[s:x.start].strip() and text[x.end:x.end + 1] in (",", " ")]
    if first:
        return text[frames[0][0]:frames[0][1]], (first[0].start, first[0].end)
    return text[frames[0][0]:frames[0][1]], None


# a sentence opened by a role, then the name between commas, then the cue
_APPOSED = re.compile(r"\s*((?:[^\W\d_][\w'’-]*\s+){0,2}[^\W\d_][\w'’-]*(?:\s+[^,]{0,40})?),\s+"
                      r"([^,]{2,40}),\s*")
_RELATIVE_BETWEEN = re.compile(r",?\s*(?:que|qui|che|quien|who|der|die|который|которая|которые)"
                               r"\s+(?:[\w-]+\s+){0,2}", re.IGNORECASE)


_AFTER_COMMA_GAP = 1000  # a name after the cue's comma opens what is said: the last resort


def _apposed(ctx: _Article, x: EntityMention, cs: int) -> bool:
    """The name ``x`` stands between commas after the role that opens the cue's sentence and
    right before the cue at ``cs`` ("El ministro de Exteriores ruso, Serguéi Lavrov, aseguró"):
    the subject, set off."""
    ss = ctx.sents[ctx.sent_of(cs)][0]
    m = _APPOSED.fullmatch(ctx.text, ss, cs)
    return m is not None and m.span(2) == (x.start, x.end) and any(
        is_role(w.casefold()) for w in m.group(1).split())


_AFTER_WORD = re.compile(r"\s*([^\W\d_][\w-]*)")


_SPEAKER_NOUNS = SPEAKING_NOUNS | ROLE_NOUNS | ORG_NOUNS
_SOURCE_PHRASE = re.compile(r"\s*([^,;:.!?\n«»\"“”„]{2,60}?)\s*(?=[,;:.!?\n])", re.UNICODE)
_SOURCE_WORDS = 6  # a longer phrase after "по словам" is no source but the clause itself


# A German source after "laut" or "nach Angaben", the clause's finite verb right after it (no
# comma): an article, inflected adjectives and a noun, and one genitive complement ("laut einem
# Sprecher der Feuerwehr ist …", "nach Angaben (von) …")
_DE_ADJ = r"(?:[a-zäöüß]+(?:en|em|er|es|e)\s+){0,2}"
_DE_NOUN = r"[A-ZÄÖÜ][\w-]+"
_DE_SOURCE = re.compile(
    rf"\s*(?:von\s+)?((?:(?:der|die|das|dem|den|des|ein|eine|einem|einer|eines)\s+)?{_DE_ADJ}{_DE_NOUN}"
    rf"(?:\s+(?:des|der|eines|einer)\s+{_DE_ADJ}{_DE_NOUN})?)\s+(?=[a-zäöüß]+\b)")


def _phrase_source(ctx: _Article, cs: int, ce: int, e: int) -> tuple[int, int] | None:
    """The span of the source a cue of attribution opens ("По словам россиян, …", "Según
    fuentes del ministerio, …"): the words after it up to the comma, when they are few and
    neither a verb of saying ("Según explicaron los Bomberos") nor a pronoun; at the end of
    a sentence, after a comma ("…, según el recuento."), up to its full stop."""
    text = ctx.text
    so = ctx.lang == "de" and text[cs:ce].lower() == "so" and re.search(
        r"[,“”\"]\s*$", text[max(0, cs - 3):cs]) is not None  # "„…“, so Merkel."
    if not (so or phrase_cue(text[cs:ce], ctx.lang)) or ctx.lang == "en":
        return None
    if ctx.lang == "de" and not so and (np := _DE_SOURCE.match(text, ce, e)) is not None:
        return np.start(1), np.end(1)  # "Laut Polizei gab es …", "Nach Angaben des Amts …"
    m = _SOURCE_PHRASE.match(text, ce, e)
    closes = text[m.end():m.end() + 1] if m is not None else ""
    tail = closes in (".", "!", "?") and text[:cs].rstrip().endswith(",")  # "…, según X."
    if m is None or (closes != "," and not so and not tail):
        return None  # "Laut Polizei gab es …": no comma closes the source, the clause follows
    words = m.group(1).split()
    if not words or len(words) > _SOURCE_WORDS or stem_cue(words[0], ctx.lang) or (
            len(words) == 1 and words[0].lower() in PRONOUNS):
        return None
    comma = m.end()
    start = m.start(1)
    if ctx.lang == "ro" and len(words) > 1 and words[0].lower() == "lui":
        start = m.start(1) + len(m.group(1)) - len(m.group(1)[3:].lstrip())  # "Potrivit lui Lavrov"
    appos = _appositive_name(ctx, comma)
    if appos is not None and text[comma:comma + 1] == ",":
        return appos.start, appos.end  # "Según el ministro de Economía, Carlos Cuerpo, …"
    return start, m.end(1)


def _inverted_role(text: str, ce: int, e: int, named: bool = True) -> tuple[int, int] | None:
    """The span of an article, up to two adjectives and a role noun right after a cue, and
    with ``named`` the capitalised name after it (not in German, where every noun is)."""
    pos, start = ce, None
    for n in range(4):
        m = _AFTER_WORD.match(text, pos, e)
        if m is None:
            return None
        word = m.group(1).lower()
        start = m.start(1) if start is None else start
        if is_role(word):
            # and the name right after it ("afirmou o presidente Lula")
            name = re.match(r"(?:\s+" + UPPER + r"[\w-]+){1,2}", text[m.end(1):e]) if named else None
            return start, m.end(1) + (name.end() if name else 0)
        if n == 0 and word in DEFINITE_ARTICLES:
            pos = m.end()
            continue
        if n >= 2 or word in PRONOUNS or stem_cue(word, "de"):
            return None
        pos = m.end()
    return None


_UNSPACED_END = re.compile(r"[。！？!?\n]")
_CLAUSE_MARK = re.compile(r"[、，,：:；;]")
_JA_TOPIC = re.compile(r"[はが]")
_MAX_UNSPACED_NAME = 24  # characters: a longer run before the particle is no name


def _unspaced_speaker(ctx: _Article, s: int, frame: tuple[int, int]) -> tuple[int, int] | None:
    """Japanese and Chinese have no parse and no names here: the speaker is the subject that
    opens the sentence of the cue, up to the topic or subject particle in Japanese
    ("岸田文雄首相は…「…」と述べた" -> 岸田文雄首相), up to the cue in Chinese
    ("外交部发言人毛宁表示：" -> 外交部发言人毛宁); "according to X" names X ("X によると",
    "据X报道")."""
    text = ctx.text
    cs, ce = frame
    opening = max([s] + [m.end() for m in _UNSPACED_END.finditer(text, s, cs)])
    cue = text[cs:ce]
    if cue.startswith("によ"):  # "政府関係者によると": the words before it, back to a comma
        lo = max([opening] + [m.end() for m in _CLAUSE_MARK.finditer(text, opening, cs)])
        return _unspaced_span(ctx, lo, cs)
    if cue == "据":  # "据新华社报道": the words after it, up to a verb of reporting or a comma
        m = re.compile(r"(.{2,24}?)(?:报道|消息|称|说|表示|[，,：:])").match(text, ce)
        return _unspaced_span(ctx, ce, ce + len(m.group(1))) if m else None
    head = text[opening:cs]
    if ctx.lang == "ja":
        m = _JA_TOPIC.search(head)
        return _unspaced_span(ctx, opening, opening + m.start()) if m else None
    lo = max([opening] + [m.end() for m in _CLAUSE_MARK.finditer(text, opening, cs)])
    hi = cs
    setting = _ZH_SETTING.search(text, lo + 2, hi)
    if setting is not None:
        hi = setting.start()  # "习近平在会谈中指出": where and to whom are no part of the name
    hi = lo + len(text[lo:hi].rstrip("还也又则并再更曾已将均"))  # "她还说": no adverb either
    while (m := _ZH_WHEN.search(text, lo, hi)) is not None:
        hi = m.start()  # "毛宁6日表示": the day is no part of the name
    return _unspaced_span(ctx, lo, hi)


_ZH_SETTING = re.compile(r"(?:在|于|对|向|就|接受|通过|同|与)")
_ZH_WHEN = re.compile(r"(?:\d+[日号月年]|[今昨前明]天|[周週][一二三四五六日]|星期[一二三四五六日天]"
                      r"|[上下]午|晚间|当天|当日)$")


def _unspaced_span(ctx: _Article, lo: int, hi: int) -> tuple[int, int] | None:
    """``lo:hi`` stripped, when it is short, outside quotes and holds no clause mark."""
    while lo < hi and ctx.text[lo].isspace():
        lo += 1
    while hi > lo and ctx.text[hi - 1].isspace():
        hi -= 1
    chunk = ctx.text[lo:hi]
    if not 2 <= len(chunk) <= _MAX_UNSPACED_NAME or _CLAUSE_MARK.search(chunk) or any(
            _inside(i, ctx.quoted) for i in (lo, hi - 1)) or not _WORD.search(chunk):
        return None
    return lo, hi


# --------------------------------------------------------------------------- reported speech


def _clause_of(cue: Any, qs: int, qe: int, speaker: tuple[int, int]) -> tuple[int, int] | None:
    """Characters of the clause a cue verb heads (its subtree less coordinated clauses that do
    not hold the quote), from its subject on (a conjunct sharing the subject of the verb before
    it, "X said A but added that “…”", from its connective or its first word); None when the
    quote lies outside it."""
    drop: set[int] = set()
    for child in cue.children:
        after = child.dep_ == "punct" and child.i > cue.i
        if child.dep_ in ("conj", "parataxis", "cc") or after or _other_report(child):
            sub = list(child.subtree)
            if not any(qs <= t.idx < qe for t in sub):
                drop.update(t.i for t in sub)
    toks = [t for t in cue.subtree if t.i not in drop]
    words = [t for t in toks if not t.is_punct]
    if not words:
        return None
    if cue.dep_ == "conj" and speaker[0] < cue.head.idx:
        left = connective_start(cue, words)  # a conjunct sharing its head's subject
    elif cue.dep_ == "advcl" and _participle(cue) and speaker[0] < cue.head.idx and _is_cue(
            cue.head, cue.lang_) and not any(qs <= t.idx < qe for t in cue.head.subtree
                                             if t.i not in {x.i for x in cue.subtree}):
        # "X urged allies to …, warning that “…”": the participle's own clause; the verb it
        # hangs on reports an utterance of its own
        left = min(t.idx for t in words)
    else:
        left = min(min(t.idx for t in words), speaker[0])
    right = max(t.idx + len(t) for t in toks)
    if not (left <= qs and qe <= right + 2):
        return None
    return left, min(right + 1 if right < len(cue.doc.text) and cue.doc.text[right:right + 1] in
                     "”»\"’" else right, len(cue.doc.text))


def _participle(tok: Any) -> bool:
    """A present participle or gerund: "warning", "louant", "elogiando"."""
    if tok.tag_ == "VBG":
        return True
    form = tok.morph.get("VerbForm")
    return "Ger" in form or ("Part" in form and "Pres" in tok.morph.get("Tense"))


def connective_start(cue: Any, toks: Sequence[Any]) -> int:
    """Where the clause of a conjunct cue sharing its head's subject starts (its tokens
    ``toks``): at the connective right before them ("… but added that …"), else at its first
    word ("…, then insisted …")."""
    first = min(toks, key=lambda t: t.i)
    cc = [c for c in cue.head.children if c.dep_ == "cc" and c.i == first.i - 1]
    return cc[0].idx if cc else first.idx


def _other_report(child: Any) -> bool:
    """A clause under a cue that reports another speaker's words: "Theresa May tweeted that
    …, Merkel called it “…” while Trump said …" (a cue verb with a subject of its own)."""
    return child.dep_ in ("ccomp", "advcl") and _is_cue(child, child.lang_) and any(
        c.dep_ in ("nsubj", "nsubjpass") for c in child.children)


_MODALS = frozenset(["would", "will", "could", "should", "must", "might", "may", "can", "had",
                     "was", "were", "is", "are", "has", "have"])
_PROMISE = frozenset(["vow", "promise", "pledge", "threaten", "agree", "urge", "call", "refuse"])


def _reported(cue: Any) -> bool:
    """A cue token heads reported speech: a clause or infinitive of saying, or "according to"."""
    if cue.lower_ in ("according", "selon", "según", "laut", "zufolge") or as_aside(cue):
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
    if _that_clause(cue) is not None:
        return True  # "he told a meeting of leaders that few people understood …"
    if _tag_at_end(cue):
        return True  # "Language unclear on whether mothers are covered, experts say."
    if cue.lemma_.lower() in _NAMING and any(c.dep_ == "dobj" for c in cue.children) and any(
            c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ == "as") for c in cue.children):
        return True  # "Democrats called the citation a political ploy", "described it as …"
    if cue.lemma_.lower() == "say" and any(
            c.dep_ == "dobj" and c.i > cue.i and c.lower_ not in _SAID_OBJECTS
            and any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in c.subtree)
            for c in cue.children):
        return True  # "said many of the examples … failed to note …", parsed as an object
    return cue.dep_ in ("parataxis", "ccomp") and cue.head.i != cue.i


def _tag_at_end(cue: Any) -> bool:
    """A verb of saying and its subject end the sentence after a comma ("…, experts say."),
    however the parser read what comes before: that is what they report."""
    doc = cue.doc
    sent = cue.sent
    if cue.lemma_.lower() not in ("say", "tell", "add", "write", "report", "note", "argue"):
        return False
    rest = [t for t in doc[cue.i + 1 : sent.end] if not t.is_space]
    if any(not t.is_punct and t.pos_ not in ("ADV", "NOUN", "PROPN") for t in rest) or len(
            rest) > 3:
        return False  # "…, experts say on Monday" is fine; "…, he said it" is no tag
    subj = [c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < cue.i]
    if not subj:
        return False
    before = doc[subj[0].left_edge.i - 1] if subj[0].left_edge.i > sent.start else None
    return before is not None and before.text == "," and subj[0].left_edge.i - sent.start >= 4


_NAMING = frozenset(["call", "term", "dub", "brand", "label", "describe", "hail", "deride"])
_SAID_OBJECTS = frozenset(["nothing", "something", "anything", "it", "this", "that", "so", "much",
                           "little", "goodbye", "hello", "thanks", "yes", "no", "what", "a lot",
                           "everything", "things", "words", "prayers", "grace", "more"])


def _that_clause(cue: Any) -> Any | None:
    """The verb of a "that" clause a cue's object carries when the parser hung the clause on
    the object ("told a meeting of Pacific leaders that few people understood …", read as a
    relative clause): "that" marks it, and a subject of its own follows."""
    for t in cue.doc[cue.i + 1 : min(len(cue.doc), cue.i + 12)]:
        if t.is_punct and t.text in ".;:!?":
            return None
        if (t.lower_ == "that" and t.dep_ == "mark" and t.head.i > t.i
                and cue in t.head.ancestors and any(
                    c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in t.head.children)):
            return t.head
    return None


_CLAUSE = re.compile(rf"\b(?:{COMPLEMENTISERS}|чтобы)\b|(?<!\w)कि(?!\w)|[,:]\s*[—–-]?\s*$|^\s*[—–-]",
                     re.IGNORECASE | re.UNICODE)


# Cue words that also mean "spoke of", "called", "launched": speech only with a clause.
_WEAK_STEMS = ("sprach", "bericht", "forder", "äußer", "назвал", "призв", "lanc", "appel", "salu", "lou",
               "pidi", "pide", "pedido", "calific", "выступил", "coment")


# Chinese and Japanese reported speech: the verb of saying before a comma or colon and what is
# said ("习近平指出，双方应加强合作"), or the quotative "と" and the verb after the clause
# ("対応を検討すると語った"), or "according to" ("据新华社报道，", "政府関係者によると、")
_CJK_REPORT = re.compile(r"(?:表示|指出|强调|说道|说|称|宣布|透露|回应|介绍|报道)[，,：:]|"
                         r"と(?:述べ|語|話し|強調し|説明し|明らかにし|発表し|指摘し|表明し|主張し|"
                         r"訴え|批判し|明言し|約束し|答え)|によると|によれば|^据")


# languages whose reported clause follows its verb of saying with no word to mark it
_BARE_CLAUSE = frozenset(["vi", "ko"])


def _reports_clause(sentence: str, lang: str) -> bool:
    """Without a parse, reported speech needs a complementiser ("dass", "que", "что"), a phrase
    cue ("laut", "según", "по словам") or a cue set off by a comma ("…, sagte Macron"); in
    Chinese and Japanese, a verb of saying that frames a clause (``_CJK_REPORT``)."""
    if lang in UNSPACED:
        return _CJK_REPORT.search(sentence.strip()) is not None
    if _CLAUSE.search(sentence) or phrase_cue(sentence, lang):
        return True
    if lang in _BARE_CLAUSE and cue_pattern(lang).search(sentence):
        return True  # Vietnamese reports with no complementiser ("X cho biết Việt Nam sẽ …")
    for m in _WORD.finditer(sentence):
        if false_cue(sentence, m.start(), m.end(), lang):
            continue
        if stem_cue(m.group(0), lang) or cue_pattern(lang).fullmatch(m.group(0)):
            if not m.group(0).lower().startswith(_WEAK_STEMS):
                return True
            # a comma right after the weak cue ("äußerte, man …"), or closing a quotation
            # before it ("…“, äußerte"): not the comma after an apposition ("Die Sprecherin,
            # Maria Sacharowa, äußerte sich am Mittwoch")
            if "," in sentence[m.end():m.end() + 2] or re.search(
                    r"[\"”“»«’']\s*,\s*$", sentence[max(0, m.start() - 4):m.start()]):
                return True
    return False
