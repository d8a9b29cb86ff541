"""Event mentions: a clause with a (non-stamp) time expression and a predicate.

With a dependency parse (English, French) the trigger is the verb that governs the time
expression, or an event noun ("call", "invasion", "fire") that the time attaches to; the summary is
"subject trigger object" built from the parse. Without a parse the sentence holding the time is the
evidence and the nearest verb-like word the trigger. A relative anchor ("four days before the
invasion") also yields an event for its target, dated from the sentence's own date when it has one.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from storyline.analyze.dates import shift_value
from storyline.records import Article, EntityMention, EventMention, TimeMention

log = logging.getLogger(__name__)

# Nouns that name a happening: a time attached to them dates that happening.
EVENT_NOUNS = frozenset(
    [
        "call",
        "phone-call",
        "conversation",
        "talk",
        "talks",
        "discussion",
        "exchange",
        "meeting",
        "summit",
        "visit",
        "trip",
        "invasion",
        "attack",
        "strike",
        "offensive",
        "war",
        "mutiny",
        "rebellion",
        "uprising",
        "coup",
        "revolt",
        "march",
        "fire",
        "blaze",
        "explosion",
        "crash",
        "collapse",
        "accident",
        "grounding",
        "earthquake",
        "flood",
        "storm",
        "broadcast",
        "documentary",
        "interview",
        "speech",
        "address",
        "statement",
        "announcement",
        "conference",
        "vote",
        "election",
        "referendum",
        "poll",
        "ballot",
        "launch",
        "leak",
        "release",
        "deal",
        "agreement",
        "treaty",
        "ceasefire",
        "protest",
        "demonstration",
        "riot",
        "arrest",
        "trial",
        "verdict",
        "ruling",
        "funeral",
        "ceremony",
        "opening",
        "appel",
        "entretien",
        "conversation",
        "réunion",
        "sommet",
        "visite",
        "invasion",
        "attaque",
        "guerre",
        "incendie",
        "explosion",
        "effondrement",
        "discours",
        "allocution",
        "vote",
        "élection",
        "accord",
        "manifestation",
        "anruf",
        "gespräch",
        "treffen",
        "besuch",
        "angriff",
        "krieg",
        "brand",
        "einsturz",
        "rede",
        "wahl",
        "abstimmung",
        "llamada",
        "reunión",
        "visita",
        "invasión",
        "ataque",
        "guerra",
        "incendio",
        "discurso",
        "elección",
        "votación",
        "звонок",
        "разговор",
        "встреча",
        "визит",
        "вторжение",
        "нападение",
        "война",
        "пожар",
        "мятеж",
        "выступление",
        "выборы",
        "переговоры",
    ]
)
# Verbs that only say that the subject happened: the subject noun is the trigger.
_LIGHT_VERBS = frozenset(
    [
        "take",
        "happen",
        "occur",
        "be",
        "begin",
        "start",
        "end",
        "hold",
        "come",
        "air",
        "break",
        "erupt",
        "unfold",
        "follow",
    ]
)
_SUMMARY_WORDS = 12
_VERBISH = re.compile(
    r"(?:ed|é|ée|és|ait|aient|ó|aron|ieron|ió|te|ten|л|ла|ли|ло|ся|лась|лись)$", re.IGNORECASE
)


def _sentences(doc: Any, text: str) -> list[tuple[int, int]]:
    if doc is not None:
        try:
            return [(s.start_char, s.end_char) for s in doc.sents]
        except ValueError:
            pass
    out = [(m.start(), m.end()) for m in re.finditer(r"[^\n.!?]+[.!?]*", text)]
    return out or [(0, len(text))]


def _has_parse(doc: Any) -> bool:
    return doc is not None and bool(doc.has_annotation("DEP"))


def _lemma(tok: Any) -> str:
    return (tok.lemma_ or tok.text).lower()


def _governor(doc: Any, start: int, end: int) -> Any:
    """The verb (or event noun) that a time expression attaches to."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    tok = span.root
    noun_head = None
    for _ in range(12):
        head = tok.head
        if head is tok:
            break
        tok = head
        if noun_head is None and tok.pos_ in {"NOUN", "PROPN"} and _lemma(tok) in EVENT_NOUNS:
            noun_head = tok
        if tok.pos_ in {"VERB", "AUX"}:
            return noun_head if noun_head is not None and tok.dep_ in {"relcl", "acl"} else tok
    return noun_head or (tok if tok.pos_ in {"VERB", "AUX", "NOUN"} else None)


def _child_text(tok: Any, deps: tuple[str, ...], skip: tuple[int, int], limit: int = 5) -> str:
    for dep in deps:
        for child in tok.children:
            if child.dep_ != dep:
                continue
            sub = list(child.subtree)
            if sub[0].idx < skip[1] and skip[0] < sub[-1].idx + len(sub[-1]):
                continue  # the time expression itself is no argument
            words = [t for t in sub if not t.is_punct]
            if len(words) > limit and dep.startswith("nsubj"):
                # a subject keeps the words up to its head, the name last: "foreign minister
                # Sergei Lavrov", not "Russia's foreign minister Sergei"
                upto = [t for t in words if t.i <= child.i]
                words = upto[-limit:]
                while len(words) > 1 and words[0].dep_ in ("case", "cc", "prep"):
                    words = words[1:]  # ("'s foreign minister …": the cut left a clitic)
            return _words(words[:limit])
    return ""


def _words(toks: list[Any]) -> str:
    """The tokens as the article writes them ("Russia's", not "Russia 's"), one space between
    tokens it separates, none inside a word."""
    out = ""
    for a, b in zip(toks, [*toks[1:], None], strict=True):
        out += a.text + (" " if b is None or a.whitespace_ or b.i != a.i + 1 else "")
    return " ".join(out.split())


def _summary(verb: Any, skip: tuple[int, int] = (0, 0)) -> tuple[str, str]:
    """(trigger, "subject trigger object") for a governing token."""
    trigger = _lemma(verb)
    if verb.pos_ in {"VERB", "AUX"} and trigger in _LIGHT_VERBS:
        subj = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass", "nsubj:pass"}]
        noun = subj[0] if subj else None
        if verb.dep_ in {"relcl", "acl"}:
            noun = verb.head
            if _lemma(noun) not in EVENT_NOUNS:
                prior = [t for t in verb.sent if t.i < verb.i and _lemma(t) in EVENT_NOUNS]
                noun = prior[-1] if prior else noun
        if noun is not None and noun.pos_ in {"NOUN", "PROPN"}:
            mods = _words([t for t in noun.subtree if not t.is_punct and t.i <= noun.i][-4:])
            rest = _child_text(verb, ("dobj", "obj", "prt"), skip, 2)
            return _lemma(noun), " ".join(p for p in [mods, verb.text, rest] if p)
    if verb.pos_ in {"NOUN", "PROPN"}:
        words = [t for t in verb.subtree if not t.is_punct][:_SUMMARY_WORDS]
        return trigger, _words(words)
    subj = _child_text(verb, ("nsubj", "nsubjpass", "nsubj:pass", "expl"), skip, 5)
    obj = _child_text(verb, ("dobj", "obj", "attr", "xcomp", "ccomp", "prep", "obl"), skip, 6)
    parts = [p for p in (subj, verb.text, obj) if p]
    return trigger, " ".join(parts)


def _clause(verb: Any, sent_lo: int, sent_hi: int) -> tuple[int, int]:
    toks = list(verb.subtree)
    lo, hi = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    if hi - lo < 25:
        return sent_lo, sent_hi
    return max(lo, sent_lo), min(hi, sent_hi)


def _fallback_trigger(text: str, lo: int, hi: int, t_start: int) -> tuple[str, str]:
    """Without a parse: the verb-like word nearest the time, and the clause cut to ~12 words."""
    words = list(re.finditer(r"[^\W\d_]{3,}", text[lo:hi]))
    best, best_d = None, 10**9
    for w in words:
        pos = lo + w.start()
        if w.group(0)[0].isupper() and pos != lo:
            continue
        d = abs(pos - t_start) - (1000 if _VERBISH.search(w.group(0)) else 0)
        if d < best_d:
            best, best_d = w.group(0).lower(), d
    summary = " ".join(text[lo:hi].split()[:_SUMMARY_WORDS])
    return best or "event", summary


def _strip_span(text: str, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and text[lo] in " \n\t“”\"'‘’":
        lo += 1
    while hi > lo and text[hi - 1] in " \n\t":
        hi -= 1
    return lo, hi


def _participants(entities: list[EntityMention], lo: int, hi: int) -> tuple[str, ...]:
    seen: list[str] = []
    for e in entities:
        inside = lo <= e.start and e.end <= hi
        if inside and e.label in {"PERSON", "ORG", "GPE", "NORP", "LOC"} and e.text not in seen:
            seen.append(e.text)
    return tuple(seen)


def _anchor_target_trigger(doc: Any, anchor: str, a_start: int, a_end: int) -> str:
    words = re.findall(r"[^\W\d_]+", anchor.lower())
    for w in words:
        if w in EVENT_NOUNS or w.rstrip("s") in EVENT_NOUNS:
            return w
    if _has_parse(doc):
        span = doc.char_span(a_start, a_end, alignment_mode="expand")
        if span is not None and len(span):
            return _lemma(span.root)
    return words[-1] if words else "event"


def extract_events(
    doc: Any, article: Article, times: list[TimeMention], entities: list[EntityMention]
) -> list[EventMention]:
    """Find dated event mentions in one article.

    Args:
        doc: the spaCy ``Doc`` of ``article.text`` (parse used when present), or None.
        article: the article; evidence spans index into ``article.text``.
        times: its time mentions (stamps are ignored).
        entities: its entity mentions, for participants.

    Returns:
        Event mentions in text order; one per governing predicate and time, plus anchor targets.
    """
    text = article.text
    parsed = _has_parse(doc)
    # Durations, sets and vague references ("three years", "every week", "now") date nothing.
    usable = [
        t
        for t in times
        if not t.is_stamp and t.kind in {"date", "time"} and (t.value or t.anchor_text)
    ]
    stamps = [t for t in times if t.is_stamp]
    out: list[EventMention] = []
    seen: set[tuple[int, int, str]] = set()
    for lo, hi in _sentences(doc, text):
        in_sent = [t for t in usable if lo <= t.start < hi]
        if not in_sent:
            continue
        sent_dates = [t for t in in_sent if t.value]
        for t in in_sent:
            try:
                ev = _event_for(doc, article, t, lo, hi, parsed, entities, in_sent, stamps)
            except (ValueError, IndexError) as exc:
                log.debug("no event for %r in %s: %s", t.text, article.id, exc)
                continue
            if ev is not None and (ev.start, ev.end, ev.trigger) not in seen:
                seen.add((ev.start, ev.end, ev.trigger))
                out.append(ev)
            if t.anchor_text and t.offset_days is not None:
                target = _anchor_target(doc, article, t, sent_dates, entities)
                if target is not None and (target.start, target.end, target.trigger) not in seen:
                    seen.add((target.start, target.end, target.trigger))
                    out.append(target)
    out.sort(key=lambda e: (e.start, e.end))
    return out


def _event_for(
    doc: Any,
    article: Article,
    t: TimeMention,
    lo: int,
    hi: int,
    parsed: bool,
    entities: list[EntityMention],
    in_sent: list[TimeMention],
    stamps: list[TimeMention],
) -> EventMention | None:
    text = article.text
    if t.anchor_text and any(o.value for o in in_sent):
        return None  # the sentence's own date already makes its event; the anchor is the target
    time_end = t.end
    if t.anchor_text:
        time_end = text.find(t.anchor_text, t.start, t.end + 1)
        time_end = t.end if time_end < 0 else time_end
    gov = _governor(doc, t.start, time_end) if parsed else None
    if gov is not None and not gov.text[:1].isalpha():
        gov = doc.char_span(lo, hi, alignment_mode="expand").root if parsed else None
        if gov is not None and not gov.text[:1].isalpha():
            gov = None
    if gov is not None:
        trigger, summary = _summary(gov, (t.start, t.end))
        if len(in_sent) > 1 and gov.pos_ in {"VERB", "AUX"}:
            c_lo, c_hi = _clause(gov, lo, hi)
        else:
            c_lo, c_hi = lo, hi
    else:
        trigger, summary = _fallback_trigger(text, lo, hi, t.start)
        c_lo, c_hi = lo, hi
    for stamp in stamps:
        # A stamp glued to the sentence (caption + date line) is no part of the evidence.
        if c_lo <= stamp.start < c_hi:
            if stamp.start > t.start:
                c_hi = stamp.start
            else:
                c_lo = max(c_lo, stamp.end)
    c_lo, c_hi = _strip_span(text, c_lo, c_hi)
    if c_hi - c_lo < 8:
        return None
    summary = " ".join(summary.split()[:_SUMMARY_WORDS]) or trigger
    date = t.value
    anchor, offset = (None, None)
    if date is None:
        others = [o for o in in_sent if o.value and o is not t]
        if others:
            date = others[0].value
        else:
            anchor, offset = t.anchor_text, t.offset_days
    return EventMention(
        article=article.id,
        start=c_lo,
        end=c_hi,
        text=text[c_lo:c_hi],
        summary=summary,
        trigger=trigger,
        date=date,
        time_text=t.text,
        participants=_participants(entities, c_lo, c_hi),
        anchor_text=anchor,
        offset_days=offset,
    )


def _anchor_target(
    doc: Any,
    article: Article,
    t: TimeMention,
    sent_dates: list[TimeMention],
    entities: list[EntityMention],
) -> EventMention | None:
    """The event an anchor names ("the Russian invasion of Ukraine" in "four days before ...")."""
    text = article.text
    assert t.anchor_text is not None and t.offset_days is not None
    a_start = text.find(t.anchor_text, t.start, t.end + 1)
    if a_start < 0:
        return None
    a_end = a_start + len(t.anchor_text)
    trigger = _anchor_target_trigger(doc, t.anchor_text, a_start, a_end)
    base = next((d.value for d in sent_dates if d.value), None)
    if base is None:
        return None  # nothing dates the target here; the anchored sentence event waits for it
    date = shift_value(base.split("/")[0], -t.offset_days)
    return EventMention(
        article=article.id,
        start=a_start,
        end=a_end,
        text=text[a_start:a_end],
        summary=" ".join(t.anchor_text.split()[:_SUMMARY_WORDS]),
        trigger=trigger,
        date=date,
        time_text=t.text,
        participants=_participants(entities, a_start, a_end),
    )
