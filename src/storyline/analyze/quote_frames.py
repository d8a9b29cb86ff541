"""What frames a quotation around it: a colon that hands it to the clause before it
(:func:`colon_speaker`: "A friend commented: “…”", "The senator wrote on Facebook:" over a
block quote), a dash signature after it (:func:`signature`: "“…” ― Pamela Padilla") and a
name and a colon opening a line (:func:`label_speaker`: "Lavrov: Leak breached etiquette",
a transcript's "PENCE: Well, look, …") and a source opening the sentence (:func:`opening_source`:
"Pour Marine Le Pen, « … »").
``quotes`` reads these beside the cues of ``attribution``.
"""

from __future__ import annotations

import re
from typing import Any

from storyline.analyze.attribution import (
    _OPENERS,
    _Article,
    _inside,
    _is_cue,
    _speaker_span,
    _subject,
    can_speak,
)
from storyline.analyze.cues import (
    DEFINITE_ARTICLES,
    PRONOUNS,
    ROLE_NOUNS,
    SPEAKING_NOUNS,
    UPPER,
    cue_pattern,
    stem_cue,
)

__all__ = ["colon_speaker", "incise", "label_speaker", "opening_source", "signature",
           "transcript_labels"]


def colon_speaker(ctx: _Article, qs: int) -> tuple[tuple[int, int], Any] | None:
    """(speaker span, verb) of the clause a colon ends right before a quote: "A friend
    commented: “…”", or a paragraph "The senator wrote on Facebook:" over a block quote. A verb
    that is no cue needs a subject that speaks by itself ("Obama has a message: “…”"). The
    clause is the nearest one with a subject of its own when that subject is a person ("She
    got upset, so I had to change my answer: “…”" is the narrator's), unless a cue above it speaks."""
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
    nearest = None  # the first verb up the tree with a subject of its own
    while verb.head.i != verb.i and verb.head.i < toks[0].i and not (
            verb.pos_ in ("VERB", "AUX") and _is_cue(verb, ctx.lang)):
        if nearest is None and verb.pos_ in ("VERB", "AUX") and _has_subject(verb):
            nearest = verb
        verb = verb.head
    if nearest is not None and nearest is not verb and not across and not (
            verb.pos_ in ("VERB", "AUX") and _is_cue(verb, ctx.lang)):
        subj = _subject(nearest, ctx.quoted)
        if subj is not None and subj.i < toks[0].i and not _inside(subj.idx, ctx.quoted) and (
                subj.ent_type_ == "PERSON" or subj.lower_ in PRONOUNS):
            return _speaker_span(subj), nearest
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


def _has_subject(verb: Any) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "nsubj:pass", "csubj", "expl")
               for c in verb.children)


_DASH_SIGNATURE = re.compile(r"[\s’'”\"»」]*(?:[―—–]+|--?)\s*")
_CAPS = re.compile(r"[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){0,4}", re.UNICODE)


def signature(ctx: _Article, qe: int) -> tuple[int, int] | None:
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


# "Pence: Flowers won't be at debate", "PENCE: Well, look, …": a name and a colon open the line
_LABEL = re.compile(
    r"[^\S\n]*[\"“„«‘]?[^\S\n]*(" + UPPER + r"[\w’'.-]*(?:[^\S\n]+" + UPPER + r"[\w’'.-]*){0,3}"
    # (Arabic, Devanagari and Hangul have no capitals: their words, a person's surname the
    # label's last, "لافروف: …", "लावरोव: …")
    r"|[\u0600-\u06ff\u0900-\u097f\uac00-\ud7a3]+(?:[^\S\n]+[\u0600-\u06ff\u0900-\u097f"
    r"\uac00-\ud7a3]+){0,2})"
    r"[^\S\n]*:[^\S\n]+(?=\S)")
_LABEL_MIN_WORDS = 3  # what a label introduces: a claim, not "Photo: AFP"
# Labels of page furniture and kinds of item, whatever the recogniser makes of them
_FURNITURE = frozenset([
    "photo", "photos", "foto", "fotos", "image", "images", "picture", "video", "vidéo", "vídeo",
    "credit", "credits", "crédit", "crédits", "source", "sources", "quelle", "fuente", "caption",
    "légende", "update", "updated", "read", "lire", "watch", "listen", "live", "breaking",
    "exclusive", "opinion", "analysis", "editorial", "correction", "related", "see", "voir",
    "archive", "archives", "file", "tags", "topics", "share", "note", "editor", "fotografía",
    "illustration", "infographie", "grafik", "bild", "фото", "видео", "источник", "читайте",
])
_TRANSCRIPT_LINES = 2  # lines opened by one capitalised label that make a transcript


def _caps(label: str) -> bool:
    letters = [c for c in label if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def transcript_labels(text: str) -> frozenset[str]:
    """The capitalised labels ("WALLACE", "PENCE") that open lines of a transcript: all of
    them once one opens two or more lines, whoever the entity pass knows."""
    counts: dict[str, int] = {}
    for line in re.finditer(r"[^\n]+", text):
        m = _LABEL.match(line.group())
        if m and _caps(m.group(1)):
            counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    if not any(n >= _TRANSCRIPT_LINES for n in counts.values()):
        return frozenset()
    return frozenset(counts)


def label_speaker(ctx: _Article, start: int, end: int, transcript: frozenset[str] = frozenset()
                  ) -> tuple[tuple[int, int], int, bool] | None:
    """(speaker span, start of the words, verbatim) for a line ``start:end`` that opens with
    its speaker's name and a colon: a headline ("Pence: Gennifer Flowers won't be at debate",
    the name one of the article's people or organisations as recognised there, or a surname
    of one of its people) or a line of a transcript ("PENCE: Gennifer Flowers will not …", a
    capitalised label of ``transcript`` or a person's surname: the words as spoken, verbatim).
    None for other labels ("Update:", "Photo: AFP", "Notre Dame fire: …"), for a quotation
    right after the colon (read as a quote) and for fewer than three words after it."""
    m = _LABEL.match(ctx.text, start, end)
    if m is None:
        return None
    rest = ctx.text[m.end():end]
    if len(rest.split()) < _LABEL_MIN_WORDS or rest[0] in _OPENERS:
        return None
    s, e = m.span(1)
    label = m.group(1)
    if any(w.casefold() in _FURNITURE for w in label.split()):
        return None
    last = label.split()[-1].casefold()
    persons = [x for x in ctx.entities if x.label == "PERSON"]
    surname = any(x.text.split()[-1].casefold() == last for x in persons if x.text.split())
    if _caps(label):
        return ((s, e), m.end(), True) if label in transcript or surname else None
    named = any(x.start == s and x.end == e and x.label in ("PERSON", "ORG")
                for x in ctx.entities)
    if named or (surname and len(label.split()) == 1):
        return (s, e), m.end(), False
    return None


# "Pour Marine Le Pen, « … »", "Para el ministro, la medida …": whose view the sentence gives
_OPENING_SOURCE = {
    "fr": re.compile(r"[^\S\n]*(?:Pour|Selon)[^\S\n]+([^,;:.!?\n«»“”\"]{2,60}?),[^\S\n]+(?=\S)"),
    "es": re.compile(r"[^\S\n]*Para[^\S\n]+([^,;:.!?\n«»“”\"]{2,60}?),[^\S\n]+(?=\S)"),
    "it": re.compile(r"[^\S\n]*Per[^\S\n]+([^,;:.!?\n«»“”\"]{2,60}?),[^\S\n]+(?=\S)"),
}
_SOURCE_ARTICLE = re.compile(
    r"(?:l['’]\s*|(?:" + "|".join(sorted(DEFINITE_ARTICLES - {"l"})) + r")\s+)", re.IGNORECASE)


def opening_source(ctx: _Article, start: int, end: int) -> tuple[int, int] | None:
    """The span of the source a sentence ``start:end`` opens with ("Pour Marine Le Pen, « … »",
    "Para el ministro, la medida llega tarde", "Per il premier, …"): a person or an
    organisation the recogniser found, or a role or speaking noun after its article, then a
    comma and three words or more. None for other openings ("Pour la première fois, …")."""
    pattern = _OPENING_SOURCE.get(ctx.lang)
    m = pattern.match(ctx.text, start, end) if pattern is not None else None
    if m is None or len(ctx.text[m.end():end].split()) < 3:
        return None
    s, e = m.span(1)
    capitalised = all(w[:1].isupper() for w in ctx.text[s:e].split())
    if any(x.end == e and s <= x.start and (x.start == s or capitalised)
           and x.label in ("PERSON", "ORG") for x in ctx.entities):
        return s, e  # (the recogniser may have found "Le Pen" in "Marine Le Pen")
    phrase = _SOURCE_ARTICLE.sub("", ctx.text[s:e], count=1)
    words = phrase.split()
    if words and words[0].casefold() in (ROLE_NOUNS | SPEAKING_NOUNS) and len(words) <= 5:
        return s, e
    return None


# An attribution set inside the quotation marks: Spanish, Italian, Portuguese between dashes
# ("«Es un día histórico —dijo Sánchez—, y …»"), French between commas with the verb before
# its subject ("« Nous sommes prêts, a-t-il affirmé, à discuter. »", ", poursuit le ministre,")
_DASH_INCISE = re.compile(r"\s*[—–]\s*([^—–«»“”\n]{3,80}?)\s*[—–]\s*,?\s*")
_COMMA_INCISE = re.compile(r",\s*([^,«»“”\n]{3,80}?)\s*,\s*")
_INVERTED_PRONOUN = re.compile(r"-(?:t-)?(il|elle|ils|elles)\b", re.IGNORECASE)


def incise(ctx: _Article, qs: int, qe: int) -> tuple[int, int, tuple[int, int], str] | None:
    """(start, end, speaker span, cue) of an attribution set inside the quotation ``qs:qe``,
    between dashes ("—dijo Sánchez—", es/it/pt/ca) or, in French, between commas with the verb
    first ("…, a-t-il affirmé, …", "…, poursuit le ministre, …"): its words are no part of the
    quote, which goes on after it. The speaker is the name, role or pronoun after the verb."""
    lang = ctx.lang
    if lang in ("es", "it", "pt", "ca"):
        pattern = _DASH_INCISE
    elif lang == "fr":
        pattern = _COMMA_INCISE
    else:
        return None
    text = ctx.text
    for m in pattern.finditer(text, qs, qe):
        inner = m.group(1)
        first = re.match(r"[\w'’-]+(?:\s+[\w'’-]+)?", inner)
        if first is None or m.start() - qs < 3 or qe - m.end() < 3:
            continue
        words = first.group(0).split()
        opening = cue_pattern(lang).match(inner)
        verb = opening.group(0) if opening is not None else next(
            (w for w in words[:2] if stem_cue(re.sub(r"-.*$", "", w), lang)), None)
        if verb is None:
            continue  # the incise opens with its verb ("a-t-il affirmé", "dijo", "ha detto")
        s1 = m.start(1)
        pron = _INVERTED_PRONOUN.search(inner)
        if pron is not None:
            return m.start(), m.end(), (s1 + pron.start(1), s1 + pron.end(1)), verb
        after = text.find(verb, s1) + len(verb)
        rest = text[after:m.end(1)]
        if rest.strip():  # the words after the verb: "dijo Sánchez", "poursuit le ministre"
            return m.start(), m.end(), (after + len(rest) - len(rest.lstrip()), m.end(1)), verb
    return None
