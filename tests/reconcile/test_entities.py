"""Entity merging across spellings, scripts and inflections (names from public reporting)."""

from __future__ import annotations

import pytest

from storyline.records import Article, ArticleAnalysis, EntityMention
from storyline.reconcile.entities import merge_entities, resolve_name


def _story(names: list[tuple[str, str]]) -> tuple[list[Article], list[ArticleAnalysis]]:
    text, ments = "", []
    for name, label in names:
        start = len(text)
        text += name + ". "
        ments.append(EntityMention("a1", start, start + len(name), name, label))
    return [Article(id="a1", text=text)], [ArticleAnalysis("a1", "en", entities=tuple(ments))]


def _groups(names: list[tuple[str, str]]) -> list[set[str]]:
    arts, ans = _story(names)
    return [set(m.text for m in e.mentions) for e in merge_entities("s-1", arts, ans)]


@pytest.mark.parametrize("names", [
    ["Sergei Lavrov", "Sergey Lavrov", "Lavrov", "Foreign Minister Sergei Lavrov"],
    ["Mr Putin", "President Putin", "Poutine", "Путин", "Путина", "Путиным", "Vladimir Putin"],
    ["the Élysée", "Elysee"],
    ["Евгений Пригожин", "Yevgeny Prigozhin", "Пригожиным", "Prigozhin's"],
])
def test_entities_merge_variants_into_one(names: list[str]) -> None:
    assert _groups([(n, "PERSON") for n in names]) == [set(names)]


@pytest.mark.parametrize("names", [["Boris Johnson", "Rachel Johnson", "Lyndon Johnson"]])
def test_entities_same_surname_different_people(names: list[str]) -> None:
    assert len(_groups([(n, "PERSON") for n in names])) == len(names)


@pytest.mark.parametrize("query,expected", [
    ("Lavrov", "Sergei Lavrov"), ("Sergey Lavrov", "Sergei Lavrov"),
    ("the Russian foreign minister", None),
])
def test_entities_resolve_name(query: str, expected: str | None) -> None:
    arts, ans = _story([("Sergei Lavrov", "PERSON"), ("Lavrov", "PERSON"),
                        ("Dmitry Peskov", "PERSON")])
    ents = merge_entities("s-1", arts, ans)
    found = resolve_name(query, ents)
    assert (found.name if found else None) == expected


@pytest.mark.parametrize("names", [["Mr Putin", "Путиным", "Vladimir Putin"]])
def test_entities_canonical_prefers_latin_full_name(names: list[str]) -> None:
    arts, ans = _story([(n, "PERSON") for n in names])
    (ent,) = merge_entities("s-1", arts, ans)
    assert ent.name == "Vladimir Putin"
    assert "Putin" in ent.aliases and "Mr Putin" in ent.aliases
    assert all(arts[0].text[s.start:s.end] == s.text for s in ent.mentions)
