"""Name normalisation shared by entity merging, speakers and clustering."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Titles, honorifics and roles that precede a name (several languages), written without accents:
# matching folds accents, so "president" also strips "président", "Präsident" and "presidente".
TITLES = frozenset((  # noqa: SIM905 - a word list reads better as text
    "mr mrs ms miss dr prof sir dame lord lady mister madame mme mlle m monsieur herr frau "
    "senor senora sr sra don dona president presidente presidenta prasident praesident prime "
    "minister premier chancellor kanzler kanzlerin bundeskanzler bundeskanzlerin "
    "bundesprasident foreign secretary gen lt col capt sgt adm admiral king queen prince "
    "princess pope father rev saint st sen senator rep representative governor gov mayor "
    "judge justice minister ministre ministro ambassador spokesman spokeswoman spokesperson "
    "chief ceo chairman chairwoman chair director head leader commander officer "
    "premierminister господин госпожа президент премьер министр глава"
).split())
# Words that are titles only when more of the name follows ("General Motors" stays whole).
_WEAK_TITLES = frozenset(["general", "major", "colonel", "lieutenant", "captain", "sergeant"])
# Nationality adjectives: stripped only in front of a title ("French President Emmanuel Macron").
_NATIONALITIES = frozenset((  # noqa: SIM905
    "russian french german american us u.s u.s. ukrainian british egyptian chinese spanish "
    "italian belarusian belarussian israeli iranian turkish japanese indian polish dutch"
).split())
# Articles in front of a name: any in lower case, only "The" capitalised ("Los Angeles" stays).
_ARTICLES = re.compile(r"^(?:(?:the|la|le|les|der|die|das|el|los|las)\s+|l['’]|The\s+)")
_GLUED_THE = re.compile(r"^the(?=[A-Z])")  # "theSuez Canal Authority": scraped text lost a space
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_WORD = re.compile(r"([^\s]+?)(\.?)(\s+)")


def _fold(text: str) -> str:
    """Lower case without accents, one character per input character (offsets stay valid)."""
    return "".join(unicodedata.normalize("NFD", ch)[0] for ch in text).lower()


@lru_cache(maxsize=65536)  # pure: the same words recur in every article of a story
def is_title(word: str) -> bool:
    """True for a title or honorific word ("Mr", "Präsident", "président"), case/accent-blind."""
    w = _fold(word).rstrip(".")
    return w in TITLES or w in _WEAK_TITLES


def _title_prefix(s: str) -> int:
    """Length of the run of titles (with nationality adjectives before them) that opens ``s``."""
    folded = _fold(s)
    pos, cut, _pending = 0, 0, False
    while True:
        m = _WORD.match(folded, pos)
        if m is None:
            return cut
        word = m.group(1)
        if word in _NATIONALITIES:
            pass
        elif word in TITLES or (word in _WEAK_TITLES and len(s[m.end():].split()) >= 2):
            cut, _pending = m.end(), False
        else:
            return cut
        pos = m.end()


@lru_cache(maxsize=65536)  # pure: every mention of a name is stripped again
def strip_titles(name: str) -> str:
    """"Mr Putin" -> "Putin", "Russian Foreign Minister Sergei Lavrov" -> "Sergei Lavrov",
    "Macron's" -> "Macron", "le président Macron" -> "Macron"; the name itself is left as written.

    Accents and case are ignored when matching titles; a nationality adjective goes only together
    with the title after it, and "General"-like words only when at least two words follow.
    """
    s = " ".join(name.split())
    s = _POSSESSIVE.sub("", s)
    s = _GLUED_THE.sub("", s)
    s = _ARTICLES.sub("", s)
    stripped = s[_title_prefix(s + " "):] if s else s
    return stripped.strip(" ,.-") or s
