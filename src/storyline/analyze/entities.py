"""Named-entity mentions of one article, in the contract's types.

Trained pipelines (English, French) give spaCy NER; the small models' habits are corrected by
rule (titles and possessives trimmed from names, a company's "Corp." keeps its period, a name cut
before "of" gets its end back: "Crown of Thorns"). Languages without NER get a capitalisation
rule: multi-word capitalised sequences (split where the script changes), single capitalised words
that recur in the text or are written in another script than the article ("VarlamovNews"), and
an acronym with a quoted name after it as one organisation ("ЧВК «Вагнер»").
"""

from __future__ import annotations

import re
from typing import Any

from storyline.analyze.cues import (
    EN_HEADLINE_VERBS,
    GIVEN_NAMES,
    ROLE_NOUNS,
    TITLES,
    UPPER,
    cue_pattern,
    is_role,
    stem_cue,
)
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
# A final period that belongs to the name: company abbreviations and dotted initials
# ("Evergreen Marine Corp.", "Shoei Kisen Kaisha Ltd.", "U.S.").
_ABBREVIATED = re.compile(r"(?:\b(?:Corp|Inc|Ltd|Co|Bros|Jr|Sr)|\b(?:[A-Z]\.){1,}[A-Z])$")
# Lower-case particles inside names ("van der Vaart", "Ministerio de la Presidencia")
_PARTICLES = frozenset(["de", "du", "von", "van", "der", "den", "la", "le", "di", "da", "al", "del"])
# (a name never runs over a line break: "… от Москвы\n\nПресс-служба" is two words)
_CAP_SEQ = re.compile(r"\b" + UPPER + r"[\w’'-]+(?:[^\S\n]+(?:(?:" + "|".join(sorted(_PARTICLES))
                      + r")[^\S\n]+){0,2}" + UPPER + r"[\w’'-]+)*", re.UNICODE)

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
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_QUOTED_NAME = re.compile(
    r"\b[A-ZА-ЯЁ]{2,6}\s+(?:«[A-ZА-ЯЁ][^«»\n]{1,39}»|\"[A-ZА-ЯЁ][^\"\n]{1,39}\""
    r"|„[A-ZА-ЯЁ][^„“\n]{1,39}“)"
)


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
    if end < len(text) and text[end] == "." and _ABBREVIATED.search(text[start:end]):
        end += 1
    return start, end


_TITLE_BEFORE = re.compile(r"(?:^|\s)(?:" + "|".join(sorted(TITLES, key=len, reverse=True))
                           + r")\.?\s+$", re.IGNORECASE)


# Words that make a name an institution whatever verb stands beside it ("Ministerio de Defensa
# aseguró", "des Auswärtigen Amts mitteilte"): beginnings, and German compounds' ends
_ORG_BEGINNINGS = ("minist", "gobiern", "gouvern", "govern", "regierung", "правительств",
                   "министерств", "parlament", "sénat", "senad", "senat", "congr", "kongress",
                   "comisi", "commissi", "kommission", "comité", "комитет", "tribunal", "gericht",
                   "polic", "polizei", "полици", "partido", "partei", "партия", "ayuntamiento",
                   "mairie", "embaj", "ambassade", "botschaft", "посольств", "kreml", "кремл")
_ORG_ENDINGS = ("ministerium", "ministeriums", "amt", "amts", "regierung", "gericht", "polizei",
                "partei", "behörde", "verband", "bank", "konzern")


def _institution(words: list[str]) -> bool:
    """One of the words names an institution ("Ministerio", "Amts", "Bundesregierung")."""
    for word in words:
        low = word.casefold()
        if low.startswith(_ORG_BEGINNINGS) or low in _ORG_ENDINGS or (
                len(low) > 6 and low.endswith(_ORG_ENDINGS)):
            return True
    return False


def _rule_label(text: str, s: int, e: int, lang: str) -> str:
    """ORG for an acronym or a name with an institution's word in it, PERSON when a verb of
    saying or a title stands right beside the name, else OTHER."""
    if text[s:e].isupper():
        return "ORG" if len(text[s:e]) > 1 else "OTHER"  # ЧВК, NATO: acronyms are no people
    if _institution(text[s:e].split()):
        return "ORG"
    after = re.match(r"[\s,]*(?:a\s+|ha\s+|hat\s+)?([\w-]+)", text[e:e + 30])
    before = re.search(r"([\w-]+)\s*$", text[max(0, s - 30):s])  # ("sagte, Moskau …": no)
    if (after and stem_cue(after.group(1), lang)) or (before and stem_cue(before.group(1), lang)):
        return "PERSON"
    if _TITLE_BEFORE.search(text[max(0, s - 40):s]):
        return "PERSON"
    words = text[s:e].split()
    if 2 <= len(words) <= 3 and words[0].casefold() in GIVEN_NAMES and not _place_like(text[s:e]):
        return "PERSON"  # "Olaf Scholz", "Giorgia Meloni"
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


def _script_runs(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Split a capitalised sequence where the script changes ("Телеграм-канал VarlamovNews")."""
    runs: list[list[Any]] = []
    for w in re.finditer(r"\S+", text[s:e]):
        script = "cyrillic" if _CYRILLIC.search(w.group(0)) else "latin"
        if runs and runs[-1][2] == script:
            runs[-1][1] = s + w.end()
        else:
            runs.append([s + w.start(), s + w.end(), script])
    return [(a, b) for a, b, _ in runs]


def _main_script(text: str) -> str:
    cyr = len(_CYRILLIC.findall(text))
    return "cyrillic" if cyr * 2 > len(re.findall(r"[^\W\d_]", text)) else "latin"


def _quoted_names(text: str, article: Article) -> list[EntityMention]:
    """An acronym with a quoted name after it is one organisation ("ЧВК «Вагнер»")."""
    return [EntityMention(article.id, m.start(), m.end(), m.group(0), "ORG")
            for m in _QUOTED_NAME.finditer(text)]


# Arabic writes no capitals: a person is named after their office ("وزير الخارجية الروسي سيرغي
# لافروف", "الرئيس المصري عبد الفتاح السيسي"). The office's words (a role, words with the article
# "ال", "باسم"), then the name: words without the article, an "ال" word after "عبد", "بن", "أبو"
# or closing it (السيسي), to a word that begins what follows (the day, a verb, a complementiser).
_AR_ROLE = (
    "وزير|وزيرة|رئيس|رئيسة|نائب|مستشار|مستشارة|سفير|سفيرة|متحدث|متحدثة|ناطق|ناطقة|أمين|"
    "مدير|مديرة|قائد|زعيم|ملك|أمير|ولي|سيد|سيدة|شيخ|جنرال|عقيد|لواء|فريق|حاكم|عمدة|مؤسس|"
    "رئيس الوزراء|المستشار|المستشارة|النائب|المدعي"
)
_AR_ROLE_RE = re.compile(rf"(?<!\w)(?:و|ل|ب|ف)?(?:ال)?(?:{_AR_ROLE})(?!\w)")
_AR_LINKS = frozenset(["باسم", "عام", "العام", "لشؤون", "لدى", "الأسبق", "السابق", "السابقة"])
_AR_NAME_LINKS = frozenset(["عبد", "بن", "أبو", "ابن", "أبي", "بنت"])
_AR_AFTER = frozenset(
    ["يوم", "في", "خلال", "إن", "إنه", "إنها", "أن", "بأن", "أمس", "اليوم", "مساء", "صباح", "عن",
     "على", "إلى", "عبر", "أمام", "الذي", "التي", "الذين", "قال", "قالت", "وقال", "وقالت", "أكد",
     "وأكد", "أضاف", "وأضاف", "أعلن", "وأعلن", "من", "مع", "بعد", "قبل", "الأحد", "الاثنين",
     "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "للصحفيين", "لوسائل", "لوكالة", "و"])
_AR_WORD = re.compile(r"[^\W\d_]+")
_AR_NAME_WORDS = 4


def arabic_name(text: str, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
    """The span of the person an Arabic office names in ``text[start:end]`` (the office first:
    "وزير الخارجية الروسي سيرغي لافروف" -> "سيرغي لافروف"), or None."""
    role = _AR_ROLE_RE.search(text, start, len(text) if end is None else end)
    if role is None:
        return None
    words = list(_AR_WORD.finditer(text, role.end(), len(text) if end is None else end))
    k = 0
    while k < len(words) and words[k].start() - (words[k - 1].end() if k else role.end()) <= 2:
        w = words[k].group(0)
        if not (w.startswith("ال") or w in _AR_LINKS or _AR_ROLE_RE.fullmatch(w)):
            break
        k += 1
    name: list[re.Match[str]] = []
    for m in words[k:k + _AR_NAME_WORDS]:
        w = m.group(0)
        gap = text[(name[-1].end() if name else words[k - 1].end() if k else role.end()):
                   m.start()]
        if w in _AR_AFTER or gap.strip() or len(gap) > 2:
            break
        if w.startswith("ال") and not (name and name[-1].group(0) in _AR_NAME_LINKS):
            if name:  # "السيسي" closing a name, not its opening
                name.append(m)
            break
        name.append(m)
    if not name or name[-1].group(0) in _AR_NAME_LINKS:
        return None
    return name[0].start(), name[-1].end()


def _arabic_entities(text: str, article: Article) -> list[EntityMention]:
    """Persons named after their office in an Arabic article (``arabic_name``)."""
    out: list[EntityMention] = []
    pos = 0
    while (role := _AR_ROLE_RE.search(text, pos)) is not None:
        span = arabic_name(text, role.start(), min(len(text), role.end() + 120))
        pos = role.end()
        if span is not None:
            out.append(EntityMention(article.id, span[0], span[1], text[span[0]:span[1]],
                                     "PERSON"))
            pos = max(pos, span[1])
    return out


# Hindi has no capitals to tell a name: a person is the subject marked for a verb of saying ("X
# ने कहा", "X ने बताया"), less the office before it ("प्रधानमंत्री नरेंद्र मोदी ने कहा")
HI_ROLES = frozenset([
    "प्रधानमंत्री", "राष्ट्रपति", "मंत्री", "विदेश", "गृह", "रक्षा", "वित्त", "मुख्यमंत्री",
    "प्रवक्ता", "अध्यक्ष", "नेता", "सचिव", "राजदूत", "सांसद", "विधायक", "महासचिव", "उपराष्ट्रपति",
    "केंद्रीय", "पूर्व", "श्री", "श्रीमती", "डॉ", "डॉ.", "रूसी", "अमेरिकी", "चीनी", "भारतीय",
    "ब्रिटिश", "फ्रांसीसी", "जर्मन", "यूक्रेनी"])
_HI_STOP = frozenset([
    "और", "के", "की", "का", "में", "से", "को", "पर", "ने", "है", "हैं", "था", "थी", "थे", "ये",
    "यह", "वह", "वे", "इस", "उस", "एक", "भी", "तो", "कि", "जो", "बाद", "साथ", "लिए", "आज", "कल"])
_HI_SUBJECT = re.compile(
    r"((?:[\u0900-\u097F.]+[^\S\n]+){1,5}?)ने[^\S\n]+(?:[\u0900-\u097F]+[^\S\n]+){0,4}?"
    r"(?:कहा|बताया|दावा|घोषणा|जोर|आरोप|लिखा|स्पष्ट|दोहराया|कहते|पूछा|चेतावनी)")
_HI_NAME_WORDS = 3


def hindi_subject(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of the name before "ने" and a verb of saying in ``text[start:end]``, its office
    left out ("प्रधानमंत्री नरेंद्र मोदी ने कहा" -> "नरेंद्र मोदी"), or None."""
    m = _HI_SUBJECT.search(text, start, end)
    if m is None:
        return None
    words = list(re.finditer(r"[\u0900-\u097F.]+", m.group(1)))
    name: list[re.Match[str]] = []
    for w in reversed(words):
        if w.group(0) in _HI_STOP or w.group(0) in HI_ROLES or len(name) == _HI_NAME_WORDS:
            break
        name.insert(0, w)
    if not name:
        return None
    base = m.start(1)
    return base + name[0].start(), base + name[-1].end()


def _hindi_entities(text: str, article: Article) -> list[EntityMention]:
    """Persons who speak in a Hindi article (``hindi_subject``), and their names elsewhere."""
    spans = []
    pos = 0
    while (span := hindi_subject(text, pos, len(text))) is not None:
        spans.append(span)
        pos = span[1] + 1
    names = {text[a:b] for a, b in spans} | {text[a:b].split()[-1] for a, b in spans}
    return _everywhere(names, text, article, r"[\u0900-\u097F]")


def _everywhere(names: set[str], text: str, article: Article, letters: str,
                fused: bool = False) -> list[EntityMention]:
    """Every occurrence of the person ``names`` in ``text`` as a PERSON, the longest first (a
    surname inside a full name already taken stays in it). ``letters``, a class of the script's
    letters, may not stand right before a name, nor right after it unless the language fuses
    its particles to the name (``fused``: Korean "라브로프는")."""
    after = "" if fused else rf"(?!{letters})"
    out: list[EntityMention] = []
    for name in sorted(names, key=len, reverse=True):
        for m in re.finditer(rf"(?<!{letters}){re.escape(name)}{after}", text):
            if not any(e.start <= m.start() < e.end for e in out):
                out.append(EntityMention(article.id, m.start(), m.end(), name, "PERSON"))
    return sorted(out, key=lambda e: e.start)


# Korean has no capitals either: the speaker is the sentence's topic or subject, the particle
# fused to its last word ("문재인 대통령은 “…”고 말했다", "그는 …다고 밝혔다"), less the office
KO_ROLES = frozenset([
    "대통령", "총리", "장관", "대변인", "위원장", "대표", "의원", "국무장관", "외교부", "국방부",
    "부총리", "주석", "총재", "회장", "사장", "시장", "지사", "대사", "원내대표", "비서실장", "전"])
_KO_EOJEOL = re.compile(r"[가-힣A-Za-z·]+")
_KO_SUBJECT_WORDS = 4  # the topic stands in the sentence's first words
_KO_NAME = re.compile(r"[가-힣]{2,4}")


def _ko_role(word: str) -> bool:
    """An office, alone or closing a compound ("외무장관", "국무장관": 장관)."""
    return word in KO_ROLES or any(word.endswith(r) and len(r) >= 2 for r in KO_ROLES)


def korean_subject(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of the topic a Korean sentence ``text[start:end]`` opens with, its particle
    left out ("문재인 대통령은 …" -> "문재인 대통령", "세르게이 라브로프 러시아 외무장관은" whole),
    else of a subject that is an office ("…장관이"); None otherwise. The topic particle (은/는)
    closes the first word that carries it; a subject particle (이/가) ends names too
    ("세르게이"), so only an office's counts."""
    words = []
    pos = start
    while len(words) < _KO_SUBJECT_WORDS and (m := _KO_EOJEOL.match(text, pos, end)):
        words.append(m)
        gap = re.match(r"[^\S\n]+", text[m.end():end])
        if gap is None:
            break
        pos = m.end() + gap.end()
    for m in words:
        w = m.group(0)
        if len(w) > 1 and w[-1] in "은는":
            return words[0].start(), m.end() - 1
        if len(w) > 2 and w[-1] in "이가" and _ko_role(w[:-1]):
            return words[0].start(), m.end() - 1
    return None


def _korean_entities(text: str, article: Article, sentences: list[tuple[int, int]]
                     ) -> list[EntityMention]:
    """Persons who speak in a Korean article: the name before an office in a sentence's
    subject ("문재인 대통령은 …" -> "문재인"), and that name elsewhere."""
    names: set[str] = set()
    for ss, se in sentences:
        if not cue_pattern("ko").search(text, ss, se):
            continue
        span = korean_subject(text, ss, se)
        if span is None:
            continue
        words = text[span[0]:span[1]].split()
        roles = [k for k, w in enumerate(words) if _ko_role(w)]
        if not roles:
            continue
        if roles[0] == 0:  # "러시아 외무장관 세르게이 라브로프는": the office, then the name
            name = [w for w in words[roles[-1] + 1:] if _KO_NAME.fullmatch(w)]
        else:  # "문재인 대통령은", "세르게이 라브로프 러시아 외무장관은" (a country before the office)
            before = words[:roles[0]]
            name = before[:2] if len(before) >= 3 else before
            name = [w for w in name if _KO_NAME.fullmatch(w)]
        if name:
            names.add(" ".join(name))
            names.add(name[-1])
    return _everywhere(names, text, article, "[가-힣]", fused=True)


def _rule_entities(doc: Any, article: Article) -> list[EntityMention]:
    text = article.text
    lang = (article.language or "en").lower()[:2]
    if lang == "ar":
        return _arabic_entities(text, article)
    if lang == "hi":
        return _hindi_entities(text, article)
    if lang == "ko":
        return _korean_entities(text, article, [(x.start_char, x.end_char) for x in doc.sents])
    script = _main_script(text)
    sent_starts = {s.start_char for s in doc.sents}
    found = _quoted_names(text, article)
    taken = [(f.start, f.end) for f in found]
    runs = [r for m in _CAP_SEQ.finditer(text) for r in _script_runs(text, m.start(), m.end())]
    if lang == "de":  # "Dmitri Peskow der Agentur Interfax": an article, not "van der"
        runs = [r for a, b in runs for r in _german_article_cuts(text, a, b)]
    counts: dict[str, int] = {}
    for a, b in runs:
        counts[text[a:b]] = counts.get(text[a:b], 0) + 1
    # the surnames of full names ("Сергей Лавров"): one opening a sentence alone is a name too
    surnames = {w[-1] for w in (text[a:b].split() for a, b in runs)
                if len(w) > 1 and any(x.casefold() in GIVEN_NAMES for x in w[:-1])}
    for a, b in runs:
        if any(x < b and a < y for x, y in taken):
            continue
        s, e = _trim(text, a, b)
        if e - s < 3:
            continue
        words = text[s:e].split()
        recurring = False
        at_start = s in sent_starts or s == 0 or text[s - 1] in "\n«„“\"" or text[
            max(0, s - 2):s].strip() in (".", "!", "?", "—", "-", ":")
        if len(words) > 1 and words[0].lower() in _DETERMINERS:
            at_start = True  # "Eine Passantin": the article is no part of the name
        if at_start and len(words) > 1 and (not _recurs(text, words[0], s)
                                            or words[0].lower() in _DETERMINERS) and not (
                words[0].casefold() in GIVEN_NAMES and (
                    words[1][:1].isupper() or words[1] in _PARTICLES)):
            # "Вечером Дмитрий Песков": the capital of a sentence start is no part of the name.
            s += len(words[0])
            s += len(text[s:e]) - len(text[s:e].lstrip())
            words = words[1:]
            at_start = False
            # "Евгений Пригожин разворачивает …" with "Пригожин" again later: the name
            recurring = len(words) == 1 and _recurs(text, words[0], s)
        if len(words) > 2 and 2 <= len(words[0]) <= 5 and words[0].isupper() and not words[
                1].isupper():
            # "МИД России Мария Захарова": an organisation's acronym before a name is its own
            s += len(words[0])
            s += len(text[s:e]) - len(text[s:e].lstrip())
            words = words[1:]
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
        if len(words) > 2 and is_role(words[0].casefold()) and all(
                w[:1].isupper() for w in words[1:]):
            # "Regierungssprecher Steffen Hebestreit": a role before the name is no part of it
            s += len(words[0])
            s += len(text[s:e]) - len(text[s:e].lstrip())
            words = words[1:]
        given = [k for k, w in enumerate(words) if w.casefold() in GIVEN_NAMES]
        if len(words) > 2 and given and 0 < given[0] < len(words) - 1 and not _place_like(
                text[s:e]):
            # "Repubblica Sergio Mattarella", "Кремля Дмитрий Песков": the first name opens it
            s += [m.start() for m in re.finditer(r"\S+", text[s:e])][given[0]]
            words = words[given[0]:]
        recurring = recurring or (len(words) == 1 and words[0] in surnames)
        if len(words) == 1 and not recurring and (
                at_start or (counts.get(text[a:b], 0) < 2 and not _single_name(words[0], script))):
            continue
        found.append(EntityMention(article.id, s, e, text[s:e], _rule_label(text, s, e, lang)))
    return found


_DE_ARTICLE_IN_RUN = re.compile(r"(?<!\bvan)(?<!\bvon)\s+der\s+")


def _german_article_cuts(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """A German capitalised run cut at "der" that no "van"/"von" opens: the article of the
    next noun phrase ("Peskow der Agentur Interfax"), no part of a name."""
    out, start = [], a
    for m in _DE_ARTICLE_IN_RUN.finditer(text, a, b):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, b))
    return [(x, y) for x, y in out if y > x]


def _single_name(word: str, script: str) -> bool:
    """A capitalised word seen once mid-sentence is a name when written in a script other than
    the article's ("VarlamovNews" in Russian text); other one-off words are left to the story
    (reconcile finds them again when another article names them)."""
    return ("cyrillic" if _CYRILLIC.search(word) else "latin") != script


def extract_entities(doc: Any, article: Article) -> list[EntityMention]:
    """Entity mentions with offsets into ``article.text`` (the doc is ``nlp(article.text)``)."""
    if not doc.has_annotation("ENT_IOB"):
        return _rule_entities(doc, article)
    out = []
    text = article.text
    starts = sorted(ent.start_char for ent in doc.ents)
    for ent in doc.ents:
        label = LABELS.get(ent.label_)
        if label is None:
            continue
        s, e = _trim(text, ent.start_char, ent.end_char)
        last = text[s:e].split()[-1] if text[s:e].split() else ""
        if len(text[s:e].split()) > 1 and last.lower() in EN_HEADLINE_VERBS and last[:1].isupper():
            e = s + len(text[s:e]) - len(last) - 1  # "Macron Vows …" in a Title Case headline
            s, e = _trim(text, s, e)
        if e - s < 2 or not any(ch.isupper() for ch in text[s:e]):
            continue
        if label == "PERSON" and _place_like(text[s:e]):
            label = "LOC"  # small models take "Notre-Dame" for a person
        if label == "PERSON" and text[s].islower() and _after_role(text, s):
            label = "ORG"  # "président de la République": the institution a title names
        if label not in _NAMED_AFTER_OF:
            e = _of_name_end(text, e, starts)
        out.append(EntityMention(article.id, s, e, text[s:e], label))
    return out


def _after_role(text: str, start: int) -> bool:
    """The word before ``start`` is a role noun ("président", "ministre", "minister")."""
    before = re.search(r"([\w-]+)\s+$", text[max(0, start - 30):start])
    return before is not None and before.group(1).lower() in ROLE_NOUNS


# Types whose names never continue with "of ..." ("Macron of France" is two names).
_NAMED_AFTER_OF = frozenset(["PERSON", "GPE", "NORP"])
_OF_NAME = re.compile(r" of (?:the )?[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*")


def _of_name_end(text: str, end: int, starts: list[int]) -> int:
    """Where a name the small model cut before "of" ends ("Crown" + " of Thorns"), unless the
    words after "of" are a name of their own that the model tagged."""
    m = _OF_NAME.match(text, end)
    if m is None or any(end < x < m.end() for x in starts):
        return end
    return m.end()
