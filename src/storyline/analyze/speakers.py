"""Who a speaker mention refers to, by rule (no coreference model is available offline).

A speaker written as a name is expanded to the fullest form of that name in the article
("Lavrov" -> "Sergei Lavrov"); a pronoun takes the most recent speaker or person subject; a
description ("the foreign minister", "the ministry's spokeswoman") takes the person introduced
earlier with that role, and stays a description when none was ("Mr Macron's diplomatic adviser").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from storyline.analyze.cues import (
    ARABIC,
    CJK,
    DEFINITE_ARTICLES,
    FEMALE_NAMES,
    INDEFINITE_ARTICLES,
    ORG_NOUNS,
    PRONOUNS,
    ROLE_NOUNS,
    SPEAKING_NOUNS,
    compound_role,
    is_role,
    role_base,
)
from storyline.analyze.entities import arabic_name
from storyline.reconcile.names import strip_titles
from storyline.records import EntityMention

_WORD = re.compile(r"[\w’'\u0900-\u0dff-]+", re.UNICODE)  # (Indic vowel signs: "उन्होंने")
# Roles that describe one another ("top diplomat" is a foreign minister).
# A diplomat is a foreign minister, an ambassador or an envoy, or speaks for a foreign ministry
# ("the diplomat" after "Foreign Ministry spokeswoman Maria Zakharova"); each language's words
# for the office and the ministry ("Exteriores", "Affaires étrangères", "МИД").
_DIPLOMAT = frozenset(
    ["foreign", "minister", "diplomat", "secretary", "ambassador", "envoy",
     "diplomate", "ministre", "ambassadeur", "ambassadrice", "étrangères", "diplomatie",
     "diplomático", "diplomática", "canciller", "ministro", "ministra", "embajador", "embajadora",
     "exteriores", "cancillería", "diplomatin", "außenminister", "außenministerin",
     "botschafter", "botschafterin", "außenamt", "auswärtigen", "diplomatico", "diplomatica",
     "esteri", "ambasciatore", "ambasciatrice", "farnesina", "diplomata", "chanceler",
     "embaixador", "embaixadora", "itamaraty", "дипломат", "министр", "мид", "посол",
     "иностранных", "дипломатка"])
# One who speaks for an office, in each language
_SPOKESPERSON = frozenset(
    ["spokeswoman", "spokesperson", "spokesman", "porte-parole", "portavoz", "sprecher",
     "sprecherin", "пресс-секретарь", "представитель", "официальный", "portavoce", "porta-voz",
     "rzecznik", "rzeczniczka", "woordvoerder", "woordvoerster", "речник", "речниця"])
_ROLE_SYNONYMS = {
    **{w: set(_DIPLOMAT) for w in ("diplomat", "diplomate", "diplomático", "diplomática",
                                  "diplomatin", "diplomatico", "diplomatica", "diplomata",
                                  "дипломат")},
    **{w: set(_SPOKESPERSON) for w in _SPOKESPERSON if w != "официальный"},
    "leader": {"president", "leader", "chancellor", "premier", "prime"},
    # the head of a country or a party: its president or leader ("le chef de l'Hexagone")
    "chef": {"chef", "président", "présidente", "dirigeant", "dirigeante", "leader"},
    "dirigeant": {"chef", "président", "présidente", "dirigeant", "dirigeante", "leader"},
    "jefe": {"jefe", "jefa", "presidente", "presidenta", "líder", "dirigente"},
    "лидер": {"лидер", "глава", "президент", "руководитель"},
    "глава": {"лидер", "глава", "президент", "руководитель"},
}
_ROLE_CONTEXT_CHARS = 60
_ROLE_AHEAD_CHARS = 1500  # how far after a descriptor its person may be named
# a leading article (lower-case "de", "het", "een" only: "De Gaulle" is a name)
_ARTICLE = re.compile(
    r"^(?:l['’]|" + "|".join(sorted((DEFINITE_ARTICLES | INDEFINITE_ARTICLES) - {"l", "de", "het",
                                                                                "een"}))
    + r"|(?-i:de|het|een))\s*(?<=\s|['’])", re.IGNORECASE)
_NAME_ARTICLE = re.compile(r"^(?:the|an?|ein|eine|einer|einem|eines|une?|una?)\s+",
                           re.IGNORECASE)
# Lower-case words that belong to a title ("foreign minister", "top diplomat").
_ROLE_WORDS = frozenset(["foreign", "prime", "deputy", "top", "chief", "press", "defence", "defense", "interior", "finance", "vice", "general", "state", "executive", "senior"])


def _tokens(s: str) -> list[str]:
    return [t.casefold() for t in _WORD.findall(s)]


def _same_word(a: str, b: str) -> bool:
    """Equal words, or one an inflection of the other (Пригожин / Пригожина, Lavrov / Lavrov's)."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 5 and long_.startswith(short[:-1]) and len(long_) - len(short) <= 3


def _person_like(ent: EntityMention) -> bool:
    """A person, or a name of two words or more in a language with no recogniser whose first
    name the name lists lack (``OTHER``: "Serghei Lavrov" in a Romanian article)."""
    return ent.label == "PERSON" or (ent.label == "OTHER" and len(_tokens(ent.text)) > 1)


def fullest_name(name: str, entities: Sequence[EntityMention]) -> str:
    """The fullest PERSON mention in the article with the same surname and no other first name
    ("Lavrov" -> "Sergei Lavrov"; the first introduced wins a tie: "Trump" -> "Donald Trump")."""
    base = strip_titles(name)
    words = _tokens(base)
    if not words:
        return name
    best, best_len = base, len(words)
    # A full name introduced only after the bare surname was already in use names someone
    # else ("Trump said ..." then "First Lady Melania Trump").
    alone = [e.start for e in entities if e.label == "PERSON"
             and len(_tokens(strip_titles(e.text))) == 1
             and _same_word(_tokens(strip_titles(e.text))[0], words[-1])]
    first_alone = min(alone) if len(words) == 1 and alone else None
    for ent in entities:
        if not _person_like(ent) or (first_alone is not None and ent.start > first_alone):
            continue
        cand = strip_titles(ent.text)
        ctoks = _tokens(cand)
        if len(ctoks) <= best_len or not _same_word(ctoks[-1], words[-1]):
            continue
        if all(any(_same_word(w, c) for c in ctoks) for w in words):
            best, best_len = cand, len(ctoks)
    return best


# Japanese titles follow the name (岸田文雄首相, 林官房長官); Chinese ones precede it
# (外交部发言人毛宁, 国家主席习近平).
_JA_TITLE = re.compile(r"(?:首相|大統領|外相|官房長官|長官|大臣|知事|市長|議員|社長|会長|代表|"
                       r"総裁|幹事長|報道官|外務報道官|氏|さん|容疑者|被告)$")
_ZH_TITLE = re.compile(r"^.*(?:发言人|主席|总统|总理|部长|外长|大使|书记|市长|省长|司长|局长|"
                       r"主任|秘书长|董事长|总裁|发言人)")


def _cjk_name(text: str) -> str:
    """A Japanese or Chinese speaker as written less their title ("岸田文雄首相" -> 岸田文雄,
    "林官房長官" -> 林, "外交部发言人毛宁" -> 毛宁); the whole text when no name would be
    left."""
    name = text
    while (m := _JA_TITLE.search(name)) is not None and m.start() >= 1:
        name = name[:m.start()]
    m = _ZH_TITLE.match(name)
    if m is not None and 2 <= len(name) - m.end() <= 4:
        name = name[m.end():]
    return name


_FEMALE_SURNAME = ("ova", "eva", "skaya", "ovna", "evna")  # Zakharova, Petrovskaya, -ovna


def _female(name: str) -> bool:
    """The name is a woman's where its first name or a Slavic surname says so ("Maria
    Zakharova", "Zakharova"; "Sergei Lavrov" and "Lavrov" are not)."""
    toks = _tokens(name)
    return bool(toks) and (toks[0] in FEMALE_NAMES or (
        len(toks[-1]) > 5 and toks[-1].endswith(_FEMALE_SURNAME)))


def _is_subject(ent: EntityMention, doc: Any) -> bool:
    if doc is None or not doc.has_annotation("DEP"):
        return True
    span = doc.char_span(ent.start, ent.end, alignment_mode="expand")
    return span is not None and any(t.dep_ in ("nsubj", "nsubjpass", "nsubj:pass") for t in span)


def _antecedent(pronoun: str, start: int, entities: Sequence[EntityMention],
                quote_spans: Sequence[tuple[int, int]], doc: Any) -> str | None:
    """The person a "he"/"she" most likely points to: the latest person subject before it,
    outside quotes, of the pronoun's gender where the first name tells."""
    gender = PRONOUNS.get(pronoun, "")
    near = [e for e in entities if e.end <= start and start - e.start < 2500
            and not any(qs <= e.start < qe for qs, qe in quote_spans)]
    # (names no recogniser labelled only where no person is known: "Serghei Lavrov", Romanian)
    cands = [e for e in near if e.label == "PERSON"] or [e for e in near if _person_like(e)]
    # (by the fullest name the article gives: "Zakharova" is "Maria Zakharova")
    if gender == "m":
        cands = [e for e in cands if not _female(fullest_name(e.text, entities))]
    elif gender == "f":
        cands = [e for e in cands if _female(fullest_name(e.text, entities))] or cands
    if not cands:
        return None
    for ent in reversed(cands):
        if start - ent.start > 700:
            break
        if _is_subject(ent, doc):
            return fullest_name(ent.text, entities)
    return fullest_name(cands[-1].text, entities)


def _organisation_antecedent(start: int, text: str, entities: Sequence[EntityMention],
                             quote_spans: Sequence[tuple[int, int]], doc: Any) -> str | None:
    """What a speaking "it" stands for ("…,” it tweeted"): the latest organisation subject
    before it, outside quotes, within a few sentences; a description of one as its subject
    ("France's civil protection agency explained …") when the parse shows it."""
    lo = max(0, start - 700)
    orgs = [e for e in entities if e.label in ("ORG", "GPE", "NORP") and lo <= e.start < start
            and not any(qs <= e.start < qe for qs, qe in quote_spans)]
    subjects = [e for e in orgs if _is_subject(e, doc)]
    best: tuple[int, str] | None = None
    if subjects:
        best = (subjects[-1].start, _drop_article(subjects[-1].text, name=True) or "")
    if doc is not None and doc.has_annotation("DEP"):
        for tok in doc:
            if not (lo <= tok.idx < start) or any(qs <= tok.idx < qe for qs, qe in quote_spans):
                continue
            if (tok.dep_ == "nsubj" and tok.pos_ == "NOUN"
                    and tok.lemma_.lower() in SPEAKING_NOUNS
                    and (best is None or tok.idx > best[0])):
                phrase = doc[tok.left_edge.i : tok.i + 1].text
                best = (tok.idx, _drop_article(phrase) or phrase)
    return best[1] if best else None


def _entity_in(start: int, end: int, entities: Sequence[EntityMention]) -> EntityMention | None:
    inside = [e for e in entities if e.start < end and e.end > start]
    if not inside:
        return None
    order = {"PERSON": 0, "ORG": 1, "GPE": 2, "NORP": 3}
    inside.sort(key=lambda e: (order.get(e.label, 4), -(e.end - e.start)))
    return inside[0]


# Words that join an office to its complement ("ministre de l'Intérieur", "ministro de
# Economía", "Secretary of State"): the role word before them still titles the name after.
_ELIDED = re.compile(r"^[ldLD]['’](?=\w)")
_ROLE_LINKS = frozenset(("de", "du", "des", "d", "l", "la", "del", "of", "the", "für", "der"))


def _role_match(descriptor: str, start: int, text: str,
                entities: Sequence[EntityMention]) -> EntityMention | None:
    """The latest person before ``start`` introduced with a role word of the descriptor, else
    the first one after it within ``_ROLE_AHEAD_CHARS`` (a lead often names the person after
    describing them: "le président français s'est engagé … Le président français Emmanuel
    Macron …")."""
    words = _tokens(descriptor)
    # "der Kremlsprecher" too, and a role in another case ("по словам пресс-секретаря")
    roles = {b for t in words if (b := role_base(t)) is not None}
    if not roles:
        return None
    wanted = set(roles)
    for r in roles:
        wanted |= _ROLE_SYNONYMS.get(r, set())
    own = set(words)  # "français" of "le président français" may stand in the context too
    # (languages without a recogniser label names OTHER: a two-word one may be the person)
    persons = [e for e in entities if _person_like(e)]
    before = sorted((e for e in persons if e.start < start), key=lambda e: -e.start)
    ahead = sorted((e for e in persons if start < e.start <= start + _ROLE_AHEAD_CHARS),
                   key=lambda e: e.start)
    for ent in [*before, *ahead]:
        if ent.label == "OTHER" and re.search(
                r"(?<!\w)(?:des|der|du|del|de\s+la|della|do|da)\s+$",
                text[max(0, ent.start - 12):ent.start], re.IGNORECASE):
            continue  # "ein Sprecher des Auswärtigen Amts": the office's complement, no person
        # The title right before the name, within its sentence ("Foreign Minister Sergei
        # Lavrov"), or an appositive right after it ("Lavrov, the foreign minister").
        lead = re.split(r"[.!?;:“”«»\"()\n]", text[max(0, ent.start - _ROLE_CONTEXT_CHARS):
                                                     ent.start])[-1]
        context = []
        lead_words = [_ELIDED.sub("", w) for w in _WORD.findall(lead)]  # "l'Intérieur" -> "Intérieur"
        for word in reversed(lead_words[-7:]):
            low = word.casefold()
            if low in _ROLE_LINKS:
                continue  # "Le ministre de l'Intérieur, Gérald Darmanin": the office's complement
            if not (word[:1].isupper() or low in ROLE_NOUNS or low in _ROLE_WORDS or low in own):
                break
            context.append(low)
        # "le président français Emmanuel Macron": a role word up to two adjectives back
        context += [w.casefold() for w in lead_words[-3:] if w.casefold() in ROLE_NOUNS]
        # a title with its office's complement and an adjective ("La portavoz del Ministerio
        # de Exteriores ruso, María Zajárova", "Die Sprecherin des russischen
        # Außenministeriums"): the words of the office anywhere in it, the title there too
        # (set off by its comma, no other name in it; lower: "Außen-" stays "außen-")
        title = [w.lower() for w in lead_words[-8:]]
        lead_at = ent.start - len(lead)
        if lead.rstrip().endswith(",") and any(is_role(w) for w in title) and not any(
                lead_at <= x.start < ent.start and x.label == "PERSON" for x in entities):
            context += [x for w in title for x in wanted
                        if w == x or (len(x) >= 6 and w.startswith(x))]
        after = re.split(r"[.!?;:“”«»\"()\n]", text[ent.end:ent.end + 40])[0]
        context += _tokens(after)[:5]
        if wanted & {role_base(c) or c for c in context} or any(
                compound_role(c, w) for c in context for w in wanted):
            return ent
    return None


_DEFINITE = frozenset(("the", "le", "la", "l", "der", "die", "das", "el"))
_ORG_CONTEXT_CHARS = 1500


def _org_match(noun: str, start: int, text: str,
               entities: Sequence[EntityMention]) -> EntityMention | None:
    """The latest organisation before ``start`` that the text calls a ``noun`` beside its name
    ("Bernhard Schulte Shipmanagement, the company that manages the ship", "the Dutch firm
    Boskalis"), for a later "the company said"."""
    for ent in sorted(entities, key=lambda e: -e.start):
        if ent.label != "ORG" or ent.start >= start or start - ent.start > _ORG_CONTEXT_CHARS:
            continue
        after = re.split(r"[.!?;:“”«»\"()\n]", text[ent.end:ent.end + 40])[0]
        before = re.split(r"[.!?;:“”«»\"()\n]", text[max(0, ent.start - 40):ent.start])[-1]
        if noun in _tokens(after)[:4] or noun in _tokens(before)[-3:]:
            return ent
    return None


def resolve_speaker(
    speaker_text: str,
    start: int,
    end: int,
    text: str,
    entities: Sequence[EntityMention],
    previous: Sequence[tuple[int, str]] = (),
    quote_spans: Sequence[tuple[int, int]] = (),
    doc: Any = None,
) -> str | None:
    """Name of the speaker written ``speaker_text`` at ``start:end`` of ``text``.

    Args:
        previous: (position, resolved name) of speakers already found, used for "he"/"she" when
            the article has no person mention before the pronoun.
        quote_spans: quoted passages, whose names are never taken for a pronoun's antecedent.
        doc: the parsed doc, to prefer subjects as antecedents (optional).

    Returns:
        The fullest written name, the descriptor itself when it names no known person, or None.
    """
    if CJK.search(speaker_text):
        return _cjk_name(speaker_text.strip())
    if ARABIC.search(speaker_text):
        # the person an office names ("وزير الخارجية الروسي سيرغي لافروف"), in full when the
        # article names them in full elsewhere; an office alone stays as written
        named = arabic_name(speaker_text)
        if named is not None:
            return fullest_name(speaker_text[named[0]:named[1]], entities)
        return fullest_name(speaker_text.strip(), entities) if len(speaker_text.split()) <= 2 \
            and any(e.label == "PERSON" and e.text.split()[-1] == speaker_text.split()[-1]
                    for e in entities) else _drop_article(speaker_text)
    toks = [re.sub(r"^-?(?:t-)?", "", t) for t in _tokens(speaker_text)]  # "-t-il" -> "il"
    if not toks:
        return None
    if toks == ["it"]:
        return _organisation_antecedent(start, text, entities, quote_spans, doc)
    if len(toks) == 1 and toks[0] in PRONOUNS:
        if toks[0] in ("i", "we", "they", "it"):
            return None
        found = _antecedent(toks[0], start, entities, quote_spans, doc)
        if found is None:
            prior = [name for pos, name in previous if pos < start]
            found = prior[-1] if prior else None
        return found
    persons = [e for e in entities if e.label == "PERSON" and e.start < end and start < e.end
               and not re.match(r"['’]s?\s+\w", text[e.end:end])]
    if persons:
        full = fullest_name(persons[-1].text, entities)
        described = _described(speaker_text, persons[-1].text)
        if described and len(_tokens(full)) == 1:
            # "Philippe, a communications worker": someone known by one name, not a namesake
            return f"{full} ({described})"
        return full
    named_after = _name_after_role(speaker_text)
    if named_after is not None:
        return fullest_name(named_after, entities)
    # "The head of the Suez Canal Authority, Admiral Osama Rabi": the name in apposition.
    tail = re.match(r"(?:\s+of\b[^,.;\n]{0,60})?,\s*", text[end:end + 80])
    if tail and not _SOURCE_BEFORE.search(text[max(0, start - 20):start]):
        # (not "according to the Kremlin, Putin has …": the words after that comma are what
        # the source says, not its name)
        at = end + tail.end()
        appos = [e for e in entities if e.label == "PERSON" and at <= e.start <= at + 40]
        if appos:
            return fullest_name(appos[0].text, entities)
    # "le secrétaire d'État à l'Intérieur Laurent Nunez": the office's complement, then the
    # name, with no comma
    office = _OFFICE_THEN_NAME.match(text, end, min(len(text), end + 80))
    if office is not None and any(is_role(t) for t in toks):
        named = [e for e in entities if e.label == "PERSON" and e.start == office.end()]
        if named:
            return fullest_name(named[0].text, entities)
    # "The vessel's operator, Taiwanese transport company Evergreen Marine Corp.": an
    # organisation named in apposition inside the speaker phrase
    named = [e for e in entities if e.label == "ORG" and start < e.start and e.end <= end
             and "," in text[start:e.start]]
    if named:
        return _drop_article(named[0].text, name=True)
    possessed = bool(re.search(r"\w['’]s?\s+\w", speaker_text))
    head = toks[-1]
    if not is_role(head) and _ARTICLE.match(speaker_text.strip()) and len(toks) > 1:
        head = toks[1]  # a role noun before its adjectives: "le président français"
    elif not is_role(head):
        head = toks[0]
    # "Russia's top diplomat" is Russia's diplomat, not someone else's: a place's possessive
    # still describes the person by office
    placed = possessed and any(e.label in ("GPE", "LOC", "NORP") and start <= e.start < end
                               and re.match(r"['’]s?\s", text[e.end:e.end + 3])
                               for e in entities)
    if (not possessed or placed) and is_role(head):
        match = _role_match(speaker_text, start, text, entities)
        if match is not None:
            return fullest_name(match.text, entities)
    if not possessed and speaker_text.strip()[:1].isupper() and len(toks) <= 3:
        full = fullest_name(speaker_text, entities)
        if _tokens(full) != _tokens(strip_titles(speaker_text)):
            return full
    if not possessed and head in ORG_NOUNS and toks[0] in _DEFINITE:
        org = _org_match(head, start, text, entities)
        if org is not None:  # "the company said", after "Bernhard Schulte, the company that …"
            return _drop_article(org.text, name=True)
    ent = _entity_in(start, end, entities)
    if ent is not None and ent.label == "NORP" and len(_tokens(ent.text)) < len(
            _tokens(_drop_article(speaker_text) or "")):
        ent = None  # "a Japanese firm": a nationality describing the speaker, not its name
    if ent is not None and not possessed and not (head in ROLE_NOUNS and ent.label != "PERSON"):
        return _drop_article(strip_titles(ent.text), name=True)
    return _drop_article(speaker_text)


_SOURCE_BEFORE = re.compile(r"(?:according\s+to|selon|laut|según|d['’]après|по\s+словам)\s+$",
                            re.IGNORECASE)
_INDEFINITE = re.compile(r"^\s*,\s*(?:an?|une?|ein|eine|una?)\s+([^\W\d_][\w’'-]*(?:\s+[\w’'-]+){0,3})"
                         r"\s*,?\s*$", re.IGNORECASE | re.UNICODE)


def _described(speaker_text: str, name: str) -> str | None:
    """The description an indefinite appositive gives a name ("Philippe, a communications
    worker" -> "communications worker"), in lower case; None for anything else."""
    at = speaker_text.find(name)
    if at < 0:
        return None
    m = _INDEFINITE.match(speaker_text[at + len(name):])
    if m is None or not m.group(1)[:1].islower():
        return None
    return " ".join(m.group(1).split())


# (not "de", "des", "a": in French, Spanish, Italian also "of" and "to", which join an office to
# its complement, "le président de la République")
_LEAD_ARTICLES = DEFINITE_ARTICLES - {"de", "des", "a"}


_OFFICE_THEN_NAME = re.compile(
    r"(?:\s+(?:d['’]|de\s+la\s+|de\s+l['’]|de\s+|du\s+|des\s+|à\s+l['’]|à\s+la\s+|à\s+|au\s+|"
    r"aux\s+|del\s+|di\s+|della\s+|dello\s+|of\s+(?:the\s+)?|for\s+(?:the\s+)?)"
    r"[\w’'-]+(?:\s+[a-zà-ÿ]+)?){1,3}\s+")


def _name_after_role(speaker_text: str) -> str | None:
    """The name written after a role ("o presidente Lula", "the minister Ana Ruiz") that no
    recogniser found: the capitalised words that end the speaker, after an article and role
    words only."""
    words = speaker_text.split()
    k = len(words)
    while k > 0 and words[k - 1][:1].isupper():
        k -= 1
    if k == 0:  # German capitalises the role too: "Kanzler Scholz", "Ministerin Anna Berg"
        while k < len(words) - 1 and (is_role(words[k].lower())
                                      or words[k].lower() in _LEAD_ARTICLES):
            k += 1
        if not any(is_role(w.lower()) for w in words[:k]):
            return None
    lead = [w.lower() for w in words[:k] if w.lower() not in _LEAD_ARTICLES]
    if not 0 < k < len(words) or len(words) - k > 3 or not lead or not all(
            is_role(w) or w in _ROLE_WORDS for w in lead):
        return None
    return " ".join(words[k:])


def _drop_article(speaker_text: str, name: bool = False) -> str | None:
    """The descriptor without its leading article ("Eine Passantin" -> "Passantin"); for a
    name only articles that never begin a surname ("Le Pen", "La Russa", "El País" stay)."""
    pattern = _NAME_ARTICLE if name else _ARTICLE
    cleaned = pattern.sub("", " ".join(speaker_text.split())).rstrip(" ,;:")
    return cleaned or None
