"""How alike two quote mentions read: the text score behind statement alignment.

Each mention is compared through *views* of its words: its content (``content``: the quoted
words of a mixed mention, an indirect one without its frame, a direct one as it is), for two
or more sentences each sentence, so "A. B." meets "A." (a quote one outlet splits in two), and
for indirect speech the clause after its verb of saying (``reported``: "..., where he vowed the
cathedral would be reborn" meets "We will rebuild the cathedral"). Two mentions score the best
cosine of any view of one against any view of the other (multilingual encoder, one batched call
for the whole story), plus a weighted overlap of the rare words they share (story IDF: the
topic words every mention shares weigh nothing; words transliterated, so names and numbers
match across scripts), or a near-verbatim fuzzy overlap for a
fragment of a longer quote. ``clause_starts`` cuts one sentence of reported speech into its
reported clauses ("..., adding that ...", "... and assuring that ..."), ``source_starts`` cuts
off a clause it credits to another source ("..., according to the fire chief, ...").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise
from typing import Any

import numpy as np

from storyline.analyze.cues import COMPLEMENTISER_RE, COMPLEMENTISERS, UPPER
from storyline.clean.stamps import unstamped
from storyline.records import QuoteMention

FUZZY_MIN_CHARS = 20  # partial_ratio is meaningless on very short fragments
FUZZY_FRAGMENT = 0.75  # partial_ratio below this is the noise floor of one language
FUZZY_SHORT = 40  # characters: a shorter fragment matches by chance unless near-verbatim
FUZZY_SHORT_FRAGMENT = 0.8  # ("we'll rebuild this cathedral" ~ "we built this cathedral": 0.79)
SENT_SPLIT = re.compile(r"(?<=[.!?…])[\"'”’»]?\s+(?=[\"'“‘«]?" + UPPER + ")")
LEXICAL_WEIGHT = 1.2  # weight of the story-IDF word overlap (above LEXICAL_FLOOR) in the score
MIN_SHARED = 2  # telling words two mentions share before their overlap counts (one is chance)
MIN_TERM = 3  # a telling word is longer than this ("for", "the" tell nothing), or a number
LEXICAL_FLOOR = 0.25  # word overlap below this is what two mentions of one story share anyway
SAME_ARTICLE_LEXICAL = 0.5  # share of the word overlap's weight for two mentions of one article
STEM = 5  # letters a term keeps: a crude, language-blind stem ("fundraising" ~ "fundraiser")
_MIN_VIEW = 12  # shorter stripped text says too little: keep the whole mention


# a period that ends a title or an initial ("Lt. Gen. Osama Rabei", "M. Macron", "J. Smith",
# "6 p.m.", "U.S."), not a sentence
_TITLES = (
    "Mr|Mrs|Ms|Dr|Prof|Lt|Gen|Col|Capt|Cpt|Sgt|Maj|Adm|Cmdr|Gov|Sen|Rep|Pres|Insp|Supt|St|Jr|Sr|"
    "No|Mt|Ft|Hr|Fr|Mme|Mgr|Sra|Dra|Ing"
)
_ABBREV = re.compile(rf"[\s(](?:{_TITLES}|{UPPER}|\w(?:\.\w)+)\.[\"'”’»]?\s+$")
_ABBREV_SPAN = 24  # characters before a sentence break that can hold such an abbreviation


def _after_abbreviation(text: str, end: int) -> bool:
    """The sentence break ending at ``end`` follows a title or an initial."""
    start = max(0, end - _ABBREV_SPAN)
    window = (" " if start == 0 else "") + text[start:end]
    return _ABBREV.search(window) is not None


def sentence_ends(text: str) -> list[int]:
    """Offsets where a new sentence of ``text`` starts (none after "Gen.", "Dr.", "p.m.")."""
    return [m.end() for m in SENT_SPLIT.finditer(text) if not _after_abbreviation(text, m.end())]


def sentences(text: str) -> list[str]:
    """The sentences of a text of two or more (empty when it has one)."""
    bounds = [0, *sentence_ends(text), len(text)]
    parts = [text[a:b].strip() for a, b in pairwise(bounds)]
    parts = [p for p in parts if len(p) >= 12]
    return parts if len(parts) > 1 else []


@lru_cache(maxsize=4096)  # one pattern per speaker word, not one compilation per mention
def _name_word(word: str) -> re.Pattern[str]:
    """A speaker's name word as a whole word, possessive included."""
    return re.compile(rf"(?<!\w){re.escape(word)}(?:['’]s)?(?!\w)")


def _strip_frame(q: QuoteMention, text: str) -> str:
    """``text`` without the speaker's name, the verb of saying and one "that"."""
    from storyline.analyze.cues import cue_pattern

    out = text
    for name in dict.fromkeys((q.speaker_text, q.speaker_name)):  # ordered: no hash-seed effect
        for w in (name or "").split():
            if len(w) > 2:
                out = _name_word(w).sub(" ", out)
    out = cue_pattern((q.language or "en")[:2]).sub(" ", out)
    out = COMPLEMENTISER_RE.sub(" ", out, count=1)
    return " ".join(out.split()).strip(" ,;:")


def content(q: QuoteMention) -> str:
    """The words that tell one utterance from another, for comparing mentions.

    A mixed mention is compared on its quoted words when they are a phrase or more ("termed the
    mutiny a 'stab in the back'" -> "stab in the back"); an indirect one without its frame, the
    speaker's name and the verb of saying ("Putin said in a televised address that ..."), which
    every mention of one speaker shares and which would pull them all into one statement.
    """
    from storyline.analyze.quotes import find_quoted

    text = unstamped(q.text)
    if q.kind == "direct":
        return text
    if q.kind == "mixed":
        inner = " ".join(text[a:b] for a, b in find_quoted(text))
        if len(inner.split()) >= 2:
            return inner
    out = _strip_frame(q, text)
    return out if len(out) >= _MIN_VIEW else text


# English verbs that hang reported words on a speaker, besides the cue list's surface forms.
_REPORTING = re.compile(
    r"(?<!\w)(?:vow|pledge|promise|claim|accuse|describe|call|urge|warn|announce|insist|assure|"
    r"denounce|express|confirm|acknowledge|explain|suggest|declare|stress)(?:s|es|d|ed)?(?!\w)",
    re.IGNORECASE,
)


# what stands between a verb of saying and the reported clause: one "that", after a short
# phrase of the setting ("said in a statement that", "told reporters on Monday that")
_LEAD_IN = re.compile(
    r"^\W*(?:(?:in|on|at|during|to|via|through|after|before|later|earlier|again)\b[^,;.:\n]"
    rf"{{0,60}}?\s)?(?:{COMPLEMENTISERS})\s*|^\W*",
    re.IGNORECASE,
)


def reported(q: QuoteMention) -> str:
    """The words after the verb of saying of indirect speech ("..., where he vowed the
    cathedral would be reborn" -> "the cathedral would be reborn"), without one "that";
    empty for other kinds, or when no verb of saying leaves a clause of ``_MIN_VIEW``."""
    from storyline.analyze.cues import cue_pattern

    if q.kind != "indirect":
        return ""  # a direct quote is all words; a mixed one is compared on its quoted words
    text = unstamped(q.text)
    lang = (q.language or "en")[:2]
    patterns = (cue_pattern(lang), _REPORTING) if lang == "en" else (cue_pattern(lang),)
    cues = [m.end() for pat in patterns for m in pat.finditer(text)]
    if not cues:
        return ""
    rest = text[min(cues):]
    rest = _LEAD_IN.sub("", rest)
    rest = rest.strip(" ,;:.")
    return rest if len(rest) >= _MIN_VIEW and len(rest) < len(text) - _MIN_VIEW else ""


def views(q: QuoteMention) -> list[str]:
    """The texts a mention is compared through: its content, then its sentences (if two or more),
    then its reported clause (``reported``)."""
    first = content(q)
    out = [first] + [s for s in sentences(first) if s != first]
    extra = reported(q)
    if extra and extra not in out:
        out.append(extra)
    return out


_WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=65536)  # pure: near-copies repeat the same sentences in a story
def _terms(text: str) -> frozenset[str]:
    """Crude language-blind terms: word beginnings (``STEM`` letters), numbers whole.

    Words are transliterated (anyascii) and case-folded first, so a name or a number two
    scripts share is one term ("Пригожина" and "Prigozhin" both begin "prigo").
    """
    from anyascii import anyascii

    return frozenset(
        w if w.isdigit() else w[:STEM]
        for w in _WORD.findall(anyascii(text).casefold())
        if len(w) > 2 or w.isdigit()
    )


def lexical_overlap(
    texts: Sequence[str], names: Sequence[str] = (), background: Sequence[str] = (),
    languages: Sequence[str | None] | None = None,
    background_languages: Sequence[str | None] | None = None,
) -> np.ndarray:
    """Cosine of the story-IDF-weighted term sets of the texts (one story's mentions).

    The document frequencies come from the story itself: the texts and the ``background``
    passages (the sentences of its articles). The words the whole story uses (its topic, its
    main names) weigh little, and a rare word two mentions share ("fundraising", "Rostov",
    "stab") weighs much, where the encoder, alike on the whole topic, does not tell the
    mentions apart. With ``languages`` (per text) and ``background_languages`` (per passage)
    a word's frequency is counted among the passages of the text's own language: in a story
    told mostly in English, the French articles' "notre" and "histoire" are in every other
    French sentence, not rare words two French mentions happen to share. The words of
    ``names`` (the speakers) never count: every mention of one speaker may name them. Two texts
    that share fewer than ``MIN_SHARED`` telling words (longer than ``MIN_TERM`` letters, or
    numbers) score 0: only the words two or more texts have enter the vectors, so in a small
    story one shared word ("think", with "for") would score as a full match.
    """
    stop = set().union(*(_terms(x) for x in names)) if names else set()
    sets = [_terms(t) - stop for t in texts]
    if languages is None or background_languages is None:
        langs: list[str] = [""] * len(texts)
        back_langs: list[str] = [""] * len(background)
    else:
        langs = [(x or "")[:2] for x in languages]
        back_langs = [(x or "")[:2] for x in background_languages]
    df: dict[tuple[str, str], int] = {}
    total: dict[str, int] = {}
    for lang, terms in zip([*langs, *back_langs],
                           [*sets, *(_terms(b) for b in background)], strict=True):
        total[lang] = total.get(lang, 0) + 1
        for w in terms:
            df[lang, w] = df.get((lang, w), 0) + 1
    shared: dict[str, int] = {}
    for terms in sets:
        for w in terms:
            shared[w] = shared.get(w, 0) + 1
    vocab = {w: k for k, w in enumerate(sorted(w for w in shared if shared[w] > 1))}
    mat = np.zeros((len(texts), len(vocab)), dtype=np.float32)
    for i, terms in enumerate(sets):
        n = total[langs[i]]
        for w in terms:
            if w in vocab:  # a word only one text has can add to no overlap
                mat[i, vocab[w]] = np.log((n + 1) / (df[langs[i], w] + 1))
    norms = np.linalg.norm(mat, axis=1, keepdims=True)
    unit = mat / np.maximum(norms, 1e-6)
    out = unit @ unit.T
    # shared words that can tell utterances apart: longer than MIN_TERM letters, or numbers
    long = [vocab[w] for w in vocab if len(w) > MIN_TERM or w.isdigit()]
    hits = (mat[:, long] > 0).astype(np.float32)
    out[(hits @ hits.T) < MIN_SHARED] = 0.0  # one such word: chance, not evidence
    return out


def _block_max(cross: np.ndarray, owner: np.ndarray, n: int) -> np.ndarray:
    """Best view-against-view cosine of every two quotes: the maxima of the blocks of ``cross``.

    Rows and columns are grouped by quote; a maximum does not depend on the order it is taken in.
    """
    order = np.argsort(owner, kind="stable")
    starts = np.searchsorted(owner[order], np.arange(n))
    grouped = cross[np.ix_(order, order)]
    return np.maximum.reduceat(np.maximum.reduceat(grouped, starts, axis=0), starts, axis=1)


def similarity(
    quotes: Sequence[QuoteMention],
    embedder: Any,
    lexical_weight: float = LEXICAL_WEIGHT,
    names: Sequence[str] = (),
    background: Sequence[str] = (),
    background_languages: Sequence[str | None] | None = None,
) -> np.ndarray:
    """Pairwise text score of the quotes (the diagonal is each quote's self-cosine).

    The score is the best cosine of a view of one against a view of the other, plus
    ``lexical_weight`` times their story-IDF word overlap (``lexical_overlap``; for two mentions
    of one article ``SAME_ARTICLE_LEXICAL`` of it: an outlet repeats its own words), or a
    near-verbatim fuzzy overlap (``partial_ratio`` of the contents) for a fragment of a longer
    quote when that is higher. A fuzzy overlap below ``FUZZY_FRAGMENT`` says nothing: unrelated
    texts of one language share enough characters to score around one half (below
    ``FUZZY_SHORT_FRAGMENT`` for a fragment under ``FUZZY_SHORT`` characters, which a few
    common words match).

    Args:
        quotes: the mentions (or their sentence units).
        embedder: the multilingual sentence encoder; called once, on every view.
        lexical_weight: weight of the word overlap (0: the encoder and fuzzy overlap alone).
        names: speaker names whose words the word overlap ignores (besides each quote's own
            ``speaker_text`` and ``speaker_name``).
        background: the story's other passages (sentences of its articles), for the word
            overlap's document frequencies.
        background_languages: the language of each passage (None: one pool for all
            languages); a word's frequency is then counted in its text's language.

    Returns:
        A symmetric ``float32`` matrix.
    """
    n = len(quotes)
    per = [views(q) for q in quotes]
    owner = np.asarray([i for i, vs in enumerate(per) for _ in vs])
    flat = [v for vs in per for v in vs]
    uv = np.asarray(embedder.encode(flat), dtype=np.float32)
    firsts = np.searchsorted(owner, np.arange(n))
    full = uv[firsts]
    sims = full @ full.T
    block = _block_max(uv @ uv.T, owner, n)
    off = ~np.eye(n, dtype=bool)
    sims[off] = np.maximum(sims[off], block[off])
    if lexical_weight:
        speakers = [x for q in quotes for x in (q.speaker_text, q.speaker_name) if x]
        overlap = lexical_overlap([vs[0] for vs in per], [*names, *speakers], background,
                                  [q.language for q in quotes], background_languages)
        # two mentions of one article share its own words (its scene, its names, its phrasing):
        # less evidence of one utterance than the same words in two outlets
        _, articles = np.unique([q.article for q in quotes], return_inverse=True)
        weight = np.where(articles[:, None] == articles[None, :],
                          SAME_ARTICLE_LEXICAL * lexical_weight, lexical_weight)
        sims[off] += (weight * np.maximum(overlap - LEXICAL_FLOOR, 0.0))[off]
    _fuzzy_fragments(sims, [vs[0].casefold() for vs in per])
    return sims


def _fuzzy_fragments(sims: np.ndarray, folded: Sequence[str]) -> None:
    """Raise ``sims[i, j]`` (i < j, both texts of ``FUZZY_MIN_CHARS`` or more) to the fuzzy
    overlap ``partial_ratio(folded[i], folded[j])`` where that is ``FUZZY_FRAGMENT`` or more.

    Scored once per distinct pair of texts (copies of one wire story repeat them), all in
    rapidfuzz's C loop. Under the cutoff rapidfuzz returns 0 (and gives up early): such a score
    is under ``FUZZY_FRAGMENT`` anyway; above it the score is the one without a cutoff.
    """
    from rapidfuzz import fuzz, process

    long = [i for i, t in enumerate(folded) if len(t) >= FUZZY_MIN_CHARS]
    if len(long) < 2:
        return
    distinct = sorted({folded[i] for i in long})
    at = {t: k for k, t in enumerate(distinct)}
    cutoff = FUZZY_FRAGMENT * 100.0 - 0.1
    fz = process.cdist(distinct, distinct, scorer=fuzz.partial_ratio, score_cutoff=cutoff,
                       dtype=np.float64) / 100.0
    for x, i in enumerate(long):
        for j in long[x + 1:]:
            f = float(fz[at[folded[i]], at[folded[j]]])
            floor = FUZZY_SHORT_FRAGMENT if min(len(folded[i]), len(folded[j])) < FUZZY_SHORT \
                else FUZZY_FRAGMENT
            if f >= floor and f > sims[i, j]:
                sims[i, j] = sims[j, i] = f


# A reported clause that starts a second utterance inside one sentence of reported speech:
# "..., adding that ...", "... but added that ...", "... and that ...", "..., vows to ..."
# (headlines). The split falls before the connective, which stays with the second clause.
# Not ", saying": it mostly hangs the words on an action ("called off the march, saying ..."),
# and the action is no utterance of its own.
_CLAUSE_CUES = {
    "en": r",?\s+(?:but|and)\s+(?:also\s+)?(?:he\s+|she\s+|they\s+|it\s+)?"
    r"(?:added|said|noted|warned|stressed|insisted|vowed|promised|pledged|assured|"
    r"called|urged|accused|described)\b"
    r"|(?:,\s+|,?\s+(?:and|but)\s+)(?:adding|noting|stressing|warning|insisting|assuring|"
    r"describing|calling|speaking\s+of|promising|vowing|urging|accusing)\b"
    r"|,?\s+and\s+that\b"
    # "said the case would be dropped, and the fighters would not face …": a second clause
    # with a subject and a finite verb of its own
    r"|,\s+and\s+(?:the|all|his|her|their|its|those)\s+(?:[\w’'-]+\s+){0,7}?"
    r"(?:would|will|could|should|had|has|have|was|were|is|are)\b"
    r"|,\s+(?:vows|says|adds|warns|promises|pledges|urges)\b",
    "fr": r"(?:,\s+|,?\s+et\s+)(?:ajoutant|assurant|soulignant|estimant|affirmant|précisant|louant|"
    r"promettant)\b"
    r"|,?\s+et\s+(?:a\s+)?(?:ajouté|assuré|promis|souligné)\b|,?\s+et\s+qu(?:e\b|['’])"
    r"|,\s+et\s+(?:le|la|les|l['’]|tous|ses|leurs?)\s*(?:[\w’'-]+\s+){0,7}?"
    r"(?:sera|seront|serait|seraient|pourra|pourront|a|ont|est|sont|avait|avaient)\b",
    "es": r"(?:,\s+|,?\s+y\s+)(?:añadiendo|asegurando|afirmando|prometiendo|subrayando)\b"
    r"|,?\s+y\s+(?:añadió|aseguró|prometió|subrayó)\b|,?\s+y\s+que\b"
    r"|,\s+y\s+(?:el|la|los|las|todos|sus)\s+(?:[\w’'-]+\s+){0,7}?"
    r"(?:será|serán|sería|serían|podrá|podrán|ha|han|es|son|había|habían)\b",
    "de": r",?\s+und\s+(?:fügte|betonte|versprach|sagte|erklärte)\b|,\s+und\s+dass\b",
    "ru": r",\s+а\s+(?=\w)|,?\s+и\s+(?:добавил|заявил|пообещал|подчеркнул)[аио]?\b",
}
# a comma may close the first clause's quoted words: 'led to treason," adding that ...'
_CLAUSE_RE = {
    k: re.compile(
        v.replace(r",\s+", r",[\"'”’»]?\s+").replace(r",?\s+", r",?[\"'”’»]?\s+"),
        re.IGNORECASE | re.UNICODE,
    )
    for k, v in _CLAUSE_CUES.items()
}
# A headline quoting one remark and reporting a second in the third person: "Worst avoided,
# vows to rebuild" (taken as a direct quote as a whole). No speaker speaks of themselves so.
_HEADLINE_CUES = {
    "en": r",\s+(?:vows|says|adds|warns|promises|pledges|urges)\b",
    "fr": r",\s+(?:promet|assure|ajoute|affirme|prévient)\b",
    "es": r",\s+(?:promete|asegura|añade|afirma|advierte)\b",
}
_HEADLINE_RE = {
    k: re.compile(v.replace(r",\s+", r",[\"'”’»]?\s+"), re.IGNORECASE | re.UNICODE)
    for k, v in _HEADLINE_CUES.items()
}
MIN_CLAUSE = 12  # a shorter clause is no utterance of its own


def opens_clause(text: str, lang: str) -> bool:
    """``text`` opens with the connective of a further reported clause ("but added that ...",
    "adding that ...", "and that ..."): a quote cut off a sentence after another utterance."""
    pattern = _CLAUSE_RE.get((lang or "en")[:2])
    return pattern is not None and pattern.match(", " + text.lstrip()) is not None


def clause_starts(text: str, lang: str, direct: bool = False) -> list[int]:
    """Offsets in ``text`` where a second reported clause starts (after the space or comma).

    Each piece before and after a cut is at least ``MIN_CLAUSE`` characters long. ``direct``:
    the text is taken for a direct quote, where only a headline's third-person verb of saying
    after a comma ("..., vows to rebuild") starts a second clause.
    """
    table = _HEADLINE_RE if direct else _CLAUSE_RE
    pattern = table.get((lang or "en")[:2])
    if pattern is None:
        return []
    cuts: list[int] = []
    last = 0
    for m in pattern.finditer(text):
        word = m.start() + len(m.group()) - len(m.group().lstrip(" ,\"'”’»"))
        if word - last >= MIN_CLAUSE and len(text) - word >= MIN_CLAUSE:
            cuts.append(word)
            last = word
    return cuts


# A parenthetical attribution to another source inside reported speech: "X vowed the cathedral
# would be rebuilt, after a fire devastated it but failed, according to the fire chief, to
# destroy it completely". Its clause is that source's words, not the quote's speaker's.
_SOURCE_CUES = {
    "en": r"according\s+to",
    "fr": r"selon|d['’]après",
    "es": r"según",
    "de": r"laut|nach\s+Angaben",
    "ru": r"по\s+словам|по\s+данным",
}
_SOURCE_RE = {
    k: re.compile(rf",\s+(?:{v})\s+([^,]{{3,80}}),\s+\w", re.IGNORECASE | re.UNICODE)
    for k, v in _SOURCE_CUES.items()
}
# where that source's clause begins: a comma, or a connective (kept with the clause)
_CLAUSE_OPEN = re.compile(
    r",\s+(?=\w)|\s(?=(?:but|and|while|whereas|mais|et|pero|y|aber|und|но|а|и)\s+\w)",
    re.IGNORECASE | re.UNICODE,
)


def source_starts(text: str, lang: str, speaker: str = "") -> list[int]:
    """Offsets in ``text`` (reported speech) where a clause attributed to another source starts.

    The attribution is parenthetical (", according to the city's fire chief, ...") and names
    nobody whose name is in ``speaker``; the clause starts at the comma or connective nearest
    before it (the connective stays with the clause), each piece ``MIN_CLAUSE`` or longer.
    """
    pattern = _SOURCE_RE.get((lang or "en")[:2])
    if pattern is None:
        return []
    own = {w.casefold() for w in re.findall(r"\w+", speaker or "") if len(w) > 3}
    cuts: list[int] = []
    for m in pattern.finditer(text):
        if own & {w.casefold() for w in re.findall(r"\w+", m.group(1))}:
            continue  # the quote's own speaker: its frame, not another source
        opens = [o.end() for o in _CLAUSE_OPEN.finditer(text, 0, m.start())]
        if not opens:
            continue
        word = opens[-1]
        if word >= MIN_CLAUSE and len(text) - word >= MIN_CLAUSE and (not cuts or word > cuts[-1]):
            cuts.append(word)
    return cuts
