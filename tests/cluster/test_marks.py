"""Event marks: the figures and lead people a group of reports keeps stating (cannot-link).

Fixtures are short texts written for these tests (two piracy arrests of one navy in one gulf,
years apart; a coach fired, and the same coach hired years earlier).
"""

from __future__ import annotations

import numpy as np
import pytest

from storyline.cluster.link import cluster_articles
from storyline.cluster.marks import ItemMarks, Marks, figure_key, item_marks, lead_figures
from storyline.records import ClusterItem
from storyline.settings import ClusterSettings, SettingsError


@pytest.mark.parametrize(("text", "key"), [
    ("2,000", "2000"), ("2.000", "2000"), ("2\u202f000", "2000"), ("7,2", "7.2"), ("7.2", "7.2"),
    ("23", "23"), ("7", None),
])
def test_marks_figure_key(text: str, key: str | None) -> None:
    assert figure_key(text) == key


def test_marks_lead_figures_skip_dates_glued_numbers_and_the_body() -> None:
    text = ("Updated: November 11, 2011 20:09 IST\nThe navy seized 2,000 rounds and arrested 26 "
            "pirates, the 76ers' rival said of the AK-47s.\nA 7,2 quake.\nLater: 99 boats.")
    date = text.index("November 11, 2011")
    lead_end = text.index("Later")
    figures = lead_figures(text, lead_end, [(date, date + len("November 11, 2011"))])
    # no 2011 or 11 (a date), 20:09 (a clock), 76 or 47 (glued to a word), 99 (past the lead)
    assert figures == ("2000", "26", "7.2")


def _marks(figures: tuple[str, ...] = (), lead: tuple[str, ...] = (),
           entities: tuple[str, ...] = (), numbers: tuple[str, ...] = ()) -> ItemMarks:
    return item_marks(ClusterItem(id="x", embedding=(1.0,), lead_figures=figures, lead=lead,
                                  entities=entities, terms=tuple((n, 1.0) for n in numbers)))


def _groups(items: list[ItemMarks], share: float = 0.3) -> Marks:
    """Members 0..k-1 merged into group 0, the rest into group k (k = half)."""
    marks = Marks(items, share)
    half = len(items) // 2
    for i in range(1, half):
        marks.merge(0, i)
    for i in range(half + 1, len(items)):
        marks.merge(half, i)
    return marks


def test_marks_groups_stating_other_figures_conflict() -> None:
    a = [_marks(("23",)), _marks(("23", "12")), _marks()]
    b = [_marks(("26",)), _marks(("26",)), _marks()]
    assert _groups(a + b).conflict(0, 3)
    # one report of the other group states the figure: no conflict
    b[2] = _marks(numbers=("23",))
    assert not _groups(a + b).conflict(0, 3)


def test_marks_lone_articles_and_unheld_figures_never_conflict() -> None:
    assert not Marks([_marks(("23",)), _marks(("26",))], 0.3).conflict(0, 1)
    # each figure stated by one member only: no group mark
    a = [_marks(("23",)), _marks(("24",)), _marks(("25",))]
    b = [_marks(("26",)), _marks(("27",)), _marks(("28",))]
    assert not _groups(a + b).conflict(0, 3)


def test_marks_lead_people_the_other_group_never_names() -> None:
    a = [_marks(lead=("maurice cheeks", "tony dileo")), _marks(lead=("tony dileo",)),
         _marks(entities=("maurice cheeks",))]
    b = [_marks(lead=("maurice cheeks", "jim o brien")), _marks(lead=("jim o brien",)),
         _marks(entities=("maurice cheeks", "billy king"))]
    assert _groups(a + b).conflict(0, 3)
    # the other group names one of ours (a transliteration counts): no conflict
    b[2] = _marks(entities=("maurice cheeks", "toni dilleo"))
    assert not _groups(a + b).conflict(0, 3)


def test_marks_a_figure_against_a_person_conflicts() -> None:
    """One group keeps stating a figure, the other a person: each is what the other lacks."""
    a = [_marks(("23",)), _marks(("23",)), _marks()]
    b = [_marks(lead=("jim o brien",)), _marks(lead=("jim o brien",)), _marks()]
    assert _groups(a + b).conflict(0, 3)
    b[2] = _marks(numbers=("23",))  # b mentions a's figure; a never names b's person
    assert not _groups(a + b).conflict(0, 3)


def test_marks_one_stray_report_of_a_large_group_does_not_mention() -> None:
    """"Never mentions" tolerates one report in ten: a large group's stray mention."""
    a = [_marks(("23",))] * 4 + [_marks()] * 6
    b = [_marks(("26",))] * 3 + [_marks()] * 7  # a mark of b, not a strong one
    assert _groups(a + b).conflict(0, 10)
    b[9] = _marks(numbers=("23",))  # one of ten reports of b mentions a's figure
    assert _groups(a + b).conflict(0, 10)
    b[8] = _marks(numbers=("23",))  # two of ten do: a's figure is known to b
    assert not _groups(a + b).conflict(0, 10)


def test_marks_large_groups_conflict_on_one_side_only_if_strongly_held() -> None:
    """Two large groups, one stating a figure the other never does, the other nothing of its
    own: they conflict when most of the first group states it, not when a few do."""
    a = [_marks(("50",))] * 3 + [_marks()] * 3
    b = [_marks()] * 6  # reports with no figures and no lead people
    assert _groups(a + b).conflict(0, 6)  # 3 of 6 >= STRONG_SHARE
    a[2] = _marks()
    assert not _groups(a + b).conflict(0, 6)  # 2 of 6: a mark, but not a strong one
    small = [_marks(("50",))] * 3 + [_marks()] * 2 + [_marks()] * 5
    assert not _groups(small).conflict(0, 5)  # groups of five: both sides need a mark


def test_marks_merge_keeps_the_counts_of_both_groups() -> None:
    marks = Marks([_marks(("23",)), _marks(("23",)), _marks(("23",)), _marks()], 0.5)
    marks.merge(3, 0)  # the larger group's marks survive under the kept label
    marks.merge(3, 1)
    marks.merge(3, 2)
    assert set(marks.groups) == {3}
    assert marks.groups[3].size == 4 and marks.groups[3].figures["23"] == 3


def _unit(v: np.ndarray) -> tuple[float, ...]:
    return tuple(float(x) for x in v / np.linalg.norm(v))


def piracy_items() -> list[ClusterItem]:
    """Six reports that read alike (two piracy arrests, a* and b*), each event's first two
    stating its own count of pirates (also used by ``test_topics``)."""
    rng = np.random.default_rng(3)
    centre = rng.standard_normal(16)
    own = {"a": 0.1 * rng.standard_normal(16), "b": 0.1 * rng.standard_normal(16)}
    figures = {"a1": ("23",), "a2": ("23",), "a3": (), "b1": ("26",), "b2": ("26",), "b3": ()}
    return [ClusterItem(id=k, embedding=_unit(centre + own[k[0]] + 0.02 * rng.standard_normal(16)),
                        lead_figures=f) for k, f in figures.items()]


def test_marks_split_two_events_of_one_kind_in_clustering() -> None:
    """Two piracy arrests: each event's reports keep stating their own count of pirates, so
    the two groups stay two stories."""
    items = piracy_items()
    merged = cluster_articles(items, ClusterSettings(mark_share=0.0))
    assert len(set(merged.values())) == 1
    stories = cluster_articles(items, ClusterSettings())
    assert stories["a1"] == stories["a2"] != stories["b1"] == stories["b2"]
    assert len(set(stories.values())) == 2  # the reports without figures join one of them


def test_marks_share_is_checked() -> None:
    with pytest.raises(SettingsError):
        ClusterSettings(mark_share=1.5)
