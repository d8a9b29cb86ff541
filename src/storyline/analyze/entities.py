"""Named-entity mentions of one article, in the contract's types.

Trained pipelines (English, French) give spaCy NER; the small models' habits are corrected by
rule (titles and possessives trimmed from names). Languages without NER get a capitalisation
rule: multi-word capitalised sequences, and single capitalised words that recur in the text.
"""

from __future__ import annotations

import re
from typing import Any

from storyline.analyze.cues import TITLES, stem_cue
from storyline.records import Article, EntityMention

LABELS = {
    "PERSON": "PERSON", "PER": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC",
    "NORP": "NORP", "EVENT": "EVENT", "WORK_OF_ART": "WORK", "FAC": "LOC", "PRODUCT": "OTHER",
    "LAW": "OTHER", "LANGUAGE": "OTHER", "MISC": "OTHER",
}
_LEADING = re.compile(
    r"^(?:(?:the|mr|mrs|ms|dr|president|prime minister|minister|foreign minister|chancellor|"
    r"spokesman|spokeswoman|m|mme)\.?\s+)+", re.IGNORECASE)
_TRAILING = re.compile(r"(?:'s|’s|'|’)$")
_CAP_SEQ = re.compile(r"\b[A-ZÀ-ÖØ-ÞА-ЯЁ][\w’'-]+(?:\s+(?:de|du|von|van|der|la|le|di|da|al)?"
                      r"\s*[A-ZÀ-ÖØ-ÞА-ЯЁ][\w’'-]+)*", re.UNICODE)


# Words that make a "person" a building or a place ("Notre-Dame", "Saint-Sulpice", "Pont Neuf").
_PLACE_WORD = re.compile(
    r"^(?:notre|saint|sainte|st|ste|san|santa|são)(?:-|$)|^(?:cathédrale|cathedral|église|church|"
    r"rue|street|place|pont|bridge|tour|tower|palais|palace|château|avenue|boulevard|quai)$",
    re.IGNORECASE)
# Russian genitive endings of a word before a name ("президента России Дмитрий Песков").
_DETERMINERS = frozenset(["the", "a", "an", "der", "die", "das", "den", "dem", "des", "ein", "eine",
                          "einer", "einem", "eines", "el", "los", "las", "un", "una", "une",
                          "les", "unos", "unas", "dieser", "diese", "este", "esta"])
_RU_GENITIVE = ("ии", "ого", "его", "ой", "ей", "ы")


def _place_like(name: str) -> bool:
    """True when a name holds a word of buildings or places (so it names no person)."""
    return any(_PLACE_WORD.search(w) for w in name.split())


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    span = text[start:end]
    m = _TRAILING.search(span)
    if m:
        end -= len(m.group(0))
        span = text[start:end]
    m = _LEADING.match(span)
    if m and m.end() < len(span):
        start += m.end()
    while True:  # titles of any language: "Präsident", "президент", "Mme"
        word = re.match(r"([\w-]+)\.?\s+", text[start:end])
        if not word or word.group(1).lower() not in TITLES or word.end() >= end - start:
            break
        start += word.end()
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


_TITLE_BEFORE = re.compile(r"(?:^|\s)(?:" + "|".join(sorted(TITLES, key=len, reverse=True))
                           + r")\.?\s+$", re.IGNORECASE)


def _rule_label(text: str, s: int, e: int, lang: str) -> str:
    """PERSON when a verb of saying or a title stands right beside the name, else OTHER."""
    if text[s:e].isupper():
        return "ORG" if len(text[s:e]) > 1 else "OTHER"  # ЧВК, NATO: acronyms are no people
    after = re.match(r"[\s,]*(?:a\s+|ha\s+|hat\s+)?([\w-]+)", text[e:e + 30])
    before = re.search(r"([\w-]+)[\s,]*$", text[max(0, s - 30):s])
    if (after and stem_cue(after.group(1), lang)) or (before and stem_cue(before.group(1), lang)):
        return "PERSON"
    if _TITLE_BEFORE.search(text[max(0, s - 40):s]):
        return "PERSON"
    return "OTHER"


def _recurs(text: str, word: str, pos: int) -> bool:
    """True when ``word`` appears capitalised elsewhere, not only at ``pos``."""
    for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text):
        if m.start() != pos:
            return True
    return False


def _stands_alone(text: str, first: str, second: str) -> bool:
    """True when ``first`` also occurs without ``second`` after it (so is a name of its own)."""
    for m in re.finditer(rf"(?<!\w){re.escape(first)}(?!\w)", text):
        if not text[m.end():].lstrip().startswith(second):
            return True
    return False


def _rule_entities(doc: Any, article: Article) -> list[EntityMention]:
    text = article.text
    lang = (article.language or "en").lower()[:2]
    sent_starts = {s.start_char for s in doc.sents}
    found = []
    counts: dict[str, int] = {}
    for m in _CAP_SEQ.finditer(text):
        counts[m.group(0)] = counts.get(m.group(0), 0) + 1
    for m in _CAP_SEQ.finditer(text):
        s, e = _trim(text, m.start(), m.end())
        if e - s < 3:
            continue
        words = text[s:e].split()
        at_start = s in sent_starts or s == 0 or text[s - 1] in "\n«„“\"" or text[
            max(0, s - 2):s].strip() in (".", "!", "?", "—", "-", ":")
        if len(words) > 1 and words[0].lower() in _DETERMINERS:
            at_start = True  # "Eine Passantin": the article is no part of the name
        if at_start and len(words) > 1 and (not _recurs(text, words[0], s)
                                            or words[0].lower() in _DETERMINERS):
            # "Вечером Дмитрий Песков": the capital of a sentence start is no part of the name.
            s += len(words[0])
            s += len(text[s:e]) - len(text[s:e].lstrip())
            words = words[1:]
            at_start = False
        if len(words) > 2 and _stands_alone(text, words[0], words[1]):
            # "президента России Дмитрий Песков": a place in the genitive is no first name.
            s += len(words[0])
            s += len(text[s:e]) - len(text[s:e].lstrip())
            words = words[1:]
        elif (len(words) > 2 and re.match(r"[А-ЯЁ]", words[0])
              and words[0].lower().endswith(_RU_GENITIVE)
              and not words[1].lower().endswith(_RU_GENITIVE)):
            # "России Дмитрий Песков": a genitive before a nominative name is no part of it.
            s += len(words[0])
            s += len(text[s:e]) - len(text[s:e].lstrip())
            words = words[1:]
        if len(words) == 1 and (at_start or counts.get(m.group(0), 0) < 2):
            continue
        found.append(EntityMention(article.id, s, e, text[s:e], _rule_label(text, s, e, lang)))
    return found


def extract_entities(doc: Any, article: Article) -> list[EntityMention]:
    """Entity mentions with offsets into ``article.text`` (the doc is ``nlp(article.text)``)."""
    if not doc.has_annotation("ENT_IOB"):
        return _rule_entities(doc, article)
    out = []
    text = article.text
    for ent in doc.ents:
        label = LABELS.get(ent.label_)
        if label is None:
            continue
        s, e = _trim(text, ent.start_char, ent.end_char)
        if e - s < 2 or not any(ch.isupper() for ch in text[s:e]):
            continue
        if label == "PERSON" and _place_like(text[s:e]):
            label = "LOC"  # small models take "Notre-Dame" for a person
        out.append(EntityMention(article.id, s, e, text[s:e], label))
    return out
