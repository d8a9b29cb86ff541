"""Event marks: the figures and people a group of reports keeps stating, for a cannot-link.

Two reports of one event state the same figures (23 pirates, a 9-14 record, magnitude 7.2) and
lead with the same people. Two events of one kind (two hijackings in the same waters, a coach
fired and the same coach hired years earlier) read alike, and single pairs of their reports
often score as high as pairs of one event's; but each event's reports keep stating their own
figures and names. Pairs are too noisy for that evidence (one report leaves a figure out,
another adds one, figures of a long story change from day to day); groups are not.

A group's marks are the lead figures (``lead_figures``) and lead surnames (``ClusterItem.lead``)
that at least ``share`` of its members (and at least ``MIN_HOLDERS``) state. Two groups
conflict (``Marks.conflict``) when each has a mark that the other never mentions: a figure
that none of its members states (in the lead or among the number terms of the full text), or a
person that none of them names (among all its entities; names are one when spelled alike, as
in ``link.other_people``); "never" tolerates one stray report of a large group
(``STRAY_SHARE``). Two large groups (``ONE_SIDED_SIZE``) also conflict when only one of them keeps
stating a mark the other does not know, if at least ``STRONG_SHARE`` of its members state it: the
other group may state nothing of its own (reports without figures or lead people), and a
figure most reports of one event repeat is not left out by every report of the same event.
A lone article has no marks: it joins on its links alone.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from storyline.records import ClusterItem

# "never mentions", tolerantly: a mark counts as unknown to a group where at most this share of
# its members (rounded down: none below ten members) mention it (one stray report of a large group)
STRAY_SHARE = 0.1
# two groups of at least this many members also conflict when one of them keeps stating a mark
# (held by at least ``STRONG_SHARE`` of its members) that the other does not know: one group
# stating nothing of its own (no figures, no lead people) is no evidence that it is the same event
ONE_SIDED_SIZE = 6
STRONG_SHARE = 0.4
MIN_HOLDERS = 2  # a mark is stated by at least this many members of its group
FIGURE_SENTENCES = 3  # the lead that states an event's figures (a headline line is often one)

# a figure: digits with decimal or thousands separators (a space only before three digits), not
# glued to a word or a clock ("76ers", "G7", "20:09")
_FIGURE = re.compile(r"(?<![\w.,:])\d+(?:[.,]\d+|[\u00a0\u202f ]\d{3}(?!\d))*(?![\w:])")
_THOUSANDS = re.compile(r"[.,\u00a0\u202f ](?=\d{3}(?!\d))")


def figure_key(text: str) -> str | None:
    """Canonical form of one written figure, None below two digits ("7" is too common).

    Thousands separators go ("2,000", "2.000", "2 000" -> "2000"), a decimal comma becomes a
    point ("7,2" -> "7.2"), so languages that write numbers differently agree.
    """
    key = _THOUSANDS.sub("", text.strip()).replace(",", ".").replace("\u00a0", "")
    key = key.replace("\u202f", "").replace(" ", "")
    return key if sum(c.isdigit() for c in key) >= 2 else None


def lead_figures(text: str, lead_end: int, spans: Sequence[tuple[int, int]]) -> tuple[str, ...]:
    """The figures of ``text[:lead_end]`` outside ``spans`` (its dates and clock times), sorted.

    Dates and times are left to the date rules: two reports of one event are stamped at
    different hours, and a report dates itself.
    """
    lead = list(text[:lead_end])
    for start, end in spans:
        for c in range(max(0, start), min(end, lead_end)):
            lead[c] = " "
    found = {figure_key(m.group(0)) for m in _FIGURE.finditer("".join(lead))}
    return tuple(sorted(k for k in found if k))


def _surname(key: str) -> str | None:
    tokens = [t for t in key.split() if len(t) >= 3]
    return tokens[-1] if tokens else None


def _mentions(name: str, counts: Counter[str]) -> int:
    """How many members mention ``name``, or else its most mentioned spelling alike (one first
    letter, rapidfuzz ratio >= 75: transliterations)."""
    if name in counts:
        return counts[name]
    from rapidfuzz.fuzz import ratio

    return max((c for n, c in counts.items() if n[0] == name[0] and ratio(name, n) >= 75),
               default=0)


@dataclass(frozen=True)
class ItemMarks:
    """What the cannot-link needs of one article: what its lead states, what it mentions."""

    figures: frozenset[str] = frozenset()  # lead figures
    figures_any: frozenset[str] = frozenset()  # lead figures and full-text number terms
    names: frozenset[str] = frozenset()  # lead surnames
    names_any: frozenset[str] = frozenset()  # name tokens of all its entities


def item_marks(item: ClusterItem) -> ItemMarks:
    """The marks of one clustering item (``ClusterItem.lead_figures``, ``lead``, ``terms``)."""
    figures = frozenset(item.lead_figures)
    numbers = {k for t, _ in item.terms if t[0].isdigit() and (k := figure_key(t))}
    names = {s for p in item.lead if (s := _surname(p))}
    tokens = {t for e in item.entities for t in e.split() if len(t) >= 3}
    return ItemMarks(figures=figures, figures_any=figures | frozenset(numbers),
                     names=frozenset(names), names_any=frozenset(tokens) | frozenset(names))


@dataclass
class _Group:
    """One group's members' marks: how many members state each, and all they mention."""

    size: int = 0
    figures: Counter[str] = field(default_factory=Counter)
    names: Counter[str] = field(default_factory=Counter)
    figures_any: Counter[str] = field(default_factory=Counter)  # members mentioning each
    names_any: Counter[str] = field(default_factory=Counter)

    def add(self, m: ItemMarks | _Group) -> None:
        """Count one more member's marks, or a whole group's."""
        self.size += m.size if isinstance(m, _Group) else 1
        self.figures.update(m.figures)
        self.names.update(m.names)
        self.figures_any.update(m.figures_any)
        self.names_any.update(m.names_any)


class Marks:
    """The marks of the groups of one average-link run, kept up to date as groups merge."""

    def __init__(self, items: Sequence[ItemMarks], share: float) -> None:
        self.share = share
        self.groups: dict[int, _Group] = {}
        for i, m in enumerate(items):
            g = _Group()
            g.add(m)
            self.groups[i] = g

    def _held(self, g: _Group, counts: Counter[str], share: float = 0.0) -> list[str]:
        need = max(MIN_HOLDERS, math.ceil(max(share, self.share) * g.size))
        return [k for k, c in counts.items() if c >= need]

    def _own_mark(self, g: _Group, other: _Group, share: float = 0.0) -> bool:
        """Whether ``g`` keeps stating a figure or a lead person that ``other`` hardly mentions."""
        stray = int(STRAY_SHARE * other.size)
        if any(other.figures_any[f] <= stray for f in self._held(g, g.figures, share)):
            return True
        return any(_mentions(n, other.names_any) <= stray for n in self._held(g, g.names, share))

    def conflict(self, a: int, b: int) -> bool:
        """True when groups ``a`` and ``b`` each keep stating what the other never does."""
        ga, gb = self.groups[a], self.groups[b]
        if ga.size < MIN_HOLDERS or gb.size < MIN_HOLDERS:
            return False
        if self._own_mark(ga, gb) and self._own_mark(gb, ga):
            return True
        if min(ga.size, gb.size) < ONE_SIDED_SIZE:
            return False
        return self._own_mark(ga, gb, STRONG_SHARE) or self._own_mark(gb, ga, STRONG_SHARE)

    def merge(self, keep: int, gone: int) -> None:
        """Group ``gone`` joins group ``keep`` (the smaller one's marks go into the larger's)."""
        small, large = self.groups.pop(gone), self.groups[keep]
        if small.size > large.size:
            small, large = large, small
        large.add(small)
        self.groups[keep] = large
