"""Name normalisation shared by entity merging, speakers and clustering."""

from __future__ import annotations

import re

# Titles, honorifics and roles that precede a name (several languages).
_TITLES = (
    "mr mrs ms miss dr prof sir dame lord lady mister madame mme mlle m monsieur herr frau "
    "señor señora sr sra don doña president presidente présidente präsident prime minister "
    "premier chancellor kanzler kanzlerin foreign minister secretary general gen col lt "
    "capt sgt king queen prince princess pope father rev saint st sen senator rep "
    "representative governor gov mayor judge justice minister ambassador spokesman "
    "spokeswoman spokesperson chief ceo chairman chairwoman chair director head leader "
    "commander officer russian french german american us u.s. ukrainian british "
    "господин президент министр"
).split()
_TITLE_RE = re.compile(
    r"^(?:(?:" + "|".join(re.escape(t) for t in sorted(set(_TITLES), key=len, reverse=True))
    + r")\.?\s+)+",
    re.I,
)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def strip_titles(name: str) -> str:
    """"Mr Putin" -> "Putin", "Russian Foreign Minister Sergei Lavrov" -> "Sergei Lavrov",
    "Macron's" -> "Macron"; the name itself is left as written."""
    s = " ".join(name.split())
    s = _POSSESSIVE.sub("", s)
    s = re.sub(r"^(the|la|le|les|der|die|das|el|los)\s+", "", s, flags=re.I)
    stripped = _TITLE_RE.sub("", s)
    return stripped.strip(" ,.-") or s
