"""Entity merging across spellings, scripts and inflections (names from public reporting)."""

from __future__ import annotations

import pytest

from storyline.cluster.embed import Embedder
from storyline.reconcile.entities import merge_entities, resolve_name
from storyline.reconcile.names import strip_titles
from storyline.records import Article, ArticleAnalysis, Entity, EntityMention


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder()


def _story(names: list[tuple[str, str]]) -> tuple[list[Article], list[ArticleAnalysis]]:
    text, ments = "", []
    for name, label in names:
        start = len(text)
        text += name + ". "
        ments.append(EntityMention("a1", start, start + len(name), name, label))
    return [Article(id="a1", text=text)], [ArticleAnalysis("a1", "en", entities=tuple(ments))]


def _groups(names: list[tuple[str, str]], embedder: Embedder | None = None) -> list[set[str]]:
    arts, ans = _story(names)
    ents = merge_entities("s-1", arts, ans, embedder=embedder)
    return sorted(({m.text for m in e.mentions} for e in ents), key=sorted)


@pytest.mark.parametrize(
    "names",
    [
        ["Sergei Lavrov", "Sergey Lavrov", "Lavrov", "Foreign Minister Sergei Lavrov"],
        ["Mr Putin", "President Putin", "Poutine", "Путин", "Путина", "Путиным", "Vladimir Putin"],
        ["the Élysée", "Elysee"],
        ["Евгений Пригожин", "Yevgeny Prigozhin", "Пригожиным", "Prigozhin's"],
    ],
)
def test_entities_merge_variants_into_one(names: list[str]) -> None:
    assert _groups([(n, "PERSON") for n in names]) == [set(names)]


@pytest.mark.parametrize("names", [["Boris Johnson", "Rachel Johnson", "Lyndon Johnson"]])
def test_entities_same_surname_different_people(names: list[str]) -> None:
    assert len(_groups([(n, "PERSON") for n in names])) == len(names)


@pytest.mark.parametrize(
    "query,expected",
    [
        ("Lavrov", "Sergei Lavrov"),
        ("Sergey Lavrov", "Sergei Lavrov"),
        ("the Russian foreign minister", None),
        # Arabic writes no short vowels: "lFrF" for لافروف and Lavrov alike
        ("سيرغي لافروف", "Sergei Lavrov"),
        ("لافروف", "Sergei Lavrov"),
        ("بيسكوف", "Dmitry Peskov"),
        ("ديمتري بيسكوف", "Dmitry Peskov"),
        ("وزير الخارجية", None),
    ],
)
def test_entities_resolve_name(query: str, expected: str | None) -> None:
    arts, ans = _story(
        [("Sergei Lavrov", "PERSON"), ("Lavrov", "PERSON"), ("Dmitry Peskov", "PERSON")]
    )
    ents = merge_entities("s-1", arts, ans)
    found = resolve_name(query, ents)
    assert (found.name if found else None) == expected


@pytest.mark.parametrize("names", [["Mr Putin", "Путиным", "Vladimir Putin"]])
def test_entities_canonical_prefers_latin_full_name(names: list[str]) -> None:
    arts, ans = _story([(n, "PERSON") for n in names])
    (ent,) = merge_entities("s-1", arts, ans)
    assert ent.name == "Vladimir Putin"
    assert "Putin" in ent.aliases and "Mr Putin" in ent.aliases
    assert all(arts[0].text[s.start : s.end] == s.text for s in ent.mentions)


@pytest.mark.parametrize(
    "names",
    [
        [
            ("Wagner", "ORG"),
            ("Wagner Group", "ORG"),
            ("Wagner mercenary group", "ORG"),
            ("ЧВК «Вагнер»", "ORG"),
            ("ЧВК", "ORG"),
        ],
        [("Russia", "GPE"), ("России", "GPE"), ("Россию", "OTHER")],
        [("Belarus", "GPE"), ("Беларуси", "GPE"), ("Белоруссии", "GPE"), ("Белоруссию", "OTHER")],
        [("Moscow", "GPE"), ("Москвы", "OTHER")],
        [
            ("Notre-Dame de Paris", "LOC"),
            ("Notre Dame", "LOC"),
            ("Notre-Dame Cathedral", "LOC"),
            ("Kathedrale Notre-Dame", "LOC"),
        ],
        [("Royal Boskalis Westminster", "ORG"), ("Boskalis", "PERSON")],
        [
            ("Osama Rabie", "PERSON"),
            ("Lt. Gen. Osama Rabei", "PERSON"),
            ("Admiral Osama Rabi", "PERSON"),
            ("Rabei", "ORG"),
        ],
        [
            ("Alexander Lukashenko", "PERSON"),
            ("Белоруссии Александр Лукашенко", "PERSON"),
            ("Лукашенко", "OTHER"),
        ],
    ],
)
def test_entities_merge_organisations_places_and_inflections(names: list[tuple[str, str]]) -> None:
    assert _groups(names) == [{n for n, _ in names}]


@pytest.mark.parametrize(
    "names",
    [
        [("Suez Canal", "LOC"), ("Suez Canal Authority", "ORG")],
        [("Paris", "GPE"), ("Paris Fire Brigade", "ORG")],
        [("Russia", "GPE"), ("Belarus", "GPE"), ("Беларуси", "GPE")],
    ],
)
def test_entities_related_names_stay_apart(names: list[tuple[str, str]]) -> None:
    assert len(_groups(names)) == len({n for n, _ in names}) - (len(names) == 3)


@pytest.mark.parametrize(
    "same,apart",
    [
        (
            [("France", "GPE"), ("Francia", "GPE"), ("Frankreichs", "GPE")],
            [("Spain", "GPE"), ("Kremlin", "ORG"), ("Кремль", "PERSON")],
        ),
    ],
)
def test_entities_encoder_joins_translations_of_one_type(
    embedder: Embedder, same: list[tuple[str, str]], apart: list[tuple[str, str]]
) -> None:
    groups = _groups(same + apart, embedder)
    assert {n for n, _ in same} in groups
    assert all(len(g) == 1 for g in groups if g != {n for n, _ in same})
    assert len(_groups(same)) > 1  # "Frankreichs" needs the encoder


@pytest.mark.parametrize(
    "parts,trump_with",
    [
        ([("Donald Trump. Trump said", "a1"), ("Melania Trump visited", "a2")], "Donald Trump"),
    ],
)
def test_entities_ambiguous_surname_follows_its_article(
    parts: list[tuple[str, str]], trump_with: str
) -> None:
    arts, ans = [], []
    for text, aid in parts:
        ments = []
        for name in ("Donald Trump", "Melania Trump"):
            if name in text:
                ments.append(
                    EntityMention(
                        aid, text.index(name), text.index(name) + len(name), name, "PERSON"
                    )
                )
        if "Trump said" in text:
            at = text.index("Trump said")
            ments.append(EntityMention(aid, at, at + 5, "Trump", "PERSON"))
        arts.append(Article(id=aid, text=text))
        ans.append(ArticleAnalysis(aid, "en", entities=tuple(ments)))
    ents = {e.name: e for e in merge_entities("s-1", arts, ans)}
    assert set(ents) == {"Donald Trump", "Melania Trump"}
    assert "Trump" in ents[trump_with].aliases


@pytest.mark.parametrize(
    "text,name,alias",
    [
        ("Yesterday Mr Macron spoke.", "Macron", "Mr Macron"),
        ("Hier, le président Macron a parlé.", "Macron", "le président Macron"),
    ],
)
def test_entities_aliases_keep_titles_written_before(text: str, name: str, alias: str) -> None:
    start = text.index(name)
    arts = [Article(id="a1", text=text)]
    ans = [
        ArticleAnalysis(
            "a1", "fr", entities=(EntityMention("a1", start, start + len(name), name, "PERSON"),)
        )
    ]
    (ent,) = merge_entities("s-1", arts, ans)
    assert alias in ent.aliases and name in ent.aliases


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("Präsident Emmanuel Macron", "Emmanuel Macron"),
        ("le président Macron", "Macron"),
        ("presidente Pedro Sánchez", "Pedro Sánchez"),
        ("Prasident Steinmeier", "Steinmeier"),
        ("French President Emmanuel Macron", "Emmanuel Macron"),
        ("General Jean-Claude Gallet", "Jean-Claude Gallet"),
        ("General Motors", "General Motors"),
        ("American Airlines", "American Airlines"),
        ("Los Angeles", "Los Angeles"),
        ("Prigozhin's", "Prigozhin"),
    ],
)
def test_names_strip_titles(raw: str, expected: str) -> None:
    assert strip_titles(raw) == expected


def _tagged_and_untagged(text: str, names: list[str], untagged: str) -> list[Entity]:
    """Merge a story of one tagged article (``names`` as PERSON mentions) and one untagged."""
    ments = []
    for name in names:
        start = text.index(name, ments[-1].end if ments else 0)
        ments.append(EntityMention("a1", start, start + len(name), name, "PERSON"))
    arts = [Article("a1", text), Article("b1", untagged)]
    ans = [ArticleAnalysis("a1", "en", entities=tuple(ments)), ArticleAnalysis("b1", "ru")]
    return merge_entities("s-1", arts, ans)


@pytest.mark.parametrize(
    ("tagged", "untagged", "found"),
    [
        # a one-off inflected form in a language without a tagger joins the known person
        (
            "Yevgeny Prigozhin",
            "Вечером стало известно, что с Пригожиным договорились.",
            "Пригожиным",
        ),
        # a surname the tagger skipped in another article
        (
            "Dmitry Peskov",
            "The deal was announced late on Saturday, Peskov told reporters.",
            "Peskov",
        ),
    ],
)
def test_entities_recall_missed_mentions_of_known_names(tagged, untagged, found):  # type: ignore[no-untyped-def]
    ents = _tagged_and_untagged(f"{tagged} spoke. {tagged} left.", [tagged, tagged], untagged)
    person = next(e for e in ents if e.name == tagged)
    assert found in person.aliases
    assert any(m.article == "b1" and m.text == found for m in person.mentions)


@pytest.mark.parametrize("untagged", ["Yesterday Trump said the fire was horrible."])
def test_entities_recall_leaves_shared_surnames_alone(untagged):  # type: ignore[no-untyped-def]
    text = "Donald Trump and Melania Trump visited."
    ents = _tagged_and_untagged(text, ["Donald Trump", "Melania Trump"], untagged)
    assert not any(m.article == "b1" for e in ents for m in e.mentions)


@pytest.mark.parametrize(
    ("text", "alias"),
    [
        (
            "The fire was, French President Emmanuel Macron said, terrible.",
            "French President Emmanuel Macron",
        )
    ],
)
def test_entities_alias_keeps_qualifier_before_title(text, alias):  # type: ignore[no-untyped-def]
    s = text.index("Emmanuel")
    ans = [
        ArticleAnalysis(
            "a1", "en", entities=(EntityMention("a1", s, s + 15, "Emmanuel Macron", "PERSON"),)
        )
    ]
    ents = merge_entities("s-1", [Article("a1", text)], ans)
    assert alias in ents[0].aliases


@pytest.mark.parametrize(
    "second",
    [
        (
            "“God bless France!” tweeted President Trump. First Lady Melania Trump visited in "
            "2017. “So horrible,” Trump said."
        ),
    ],
)
def test_entities_role_title_rules_out_a_namesake(second: str) -> None:
    """In an article naming only Melania Trump, "President Trump" (and the article's bare
    "Trump") is Donald Trump, named in another article: the role titles differ."""

    def mention(aid: str, text: str, name: str, at: int = 0) -> EntityMention:
        start = text.index(name, at)
        return EntityMention(aid, start, start + len(name), name, "PERSON")

    first = "Donald Trump spoke at the White House."
    arts = [Article(id="a1", text=first), Article(id="a2", text=second)]
    m2 = [mention("a2", second, "Trump"), mention("a2", second, "Lady Melania Trump"),
          mention("a2", second, "Trump", second.index("Trump said"))]
    ans = [ArticleAnalysis("a1", "en", entities=(mention("a1", first, "Donald Trump"),)),
           ArticleAnalysis("a2", "en", entities=tuple(m2))]
    ents = {e.name: e for e in merge_entities("s-1", arts, ans)}
    assert set(ents) == {"Donald Trump", "Melania Trump"}
    assert {"Trump", "President Trump"} <= set(ents["Donald Trump"].aliases)
    assert "Trump" not in ents["Melania Trump"].aliases


def test_encoder_merge_skips_a_group_left_without_mentions() -> None:
    """A name group whose mentions all moved to other groups has no form to encode (it made a
    100k-article run reject one story with 'max() arg is an empty sequence')."""
    from collections import Counter

    from storyline.reconcile.entities import _Clusters, _encoder_merge
    from storyline.reconcile.entity_names import KeyGroup, name_key

    class _Never:
        def encode(self, texts):  # type: ignore[no-untyped-def]
            raise AssertionError(f"nothing to encode: {texts}")

    keys = [KeyGroup(key=name_key("Red Sea Authority"), types=Counter({"ORG": 1})),
            KeyGroup(key=name_key("Canal Authority"), types=Counter({"ORG": 1}))]
    uf = _Clusters(len(keys))
    _encoder_merge(keys, uf, _Never())  # type: ignore[arg-type]
    assert len(uf.groups()) == 2


@pytest.mark.parametrize(
    "names",
    [["Emmanuel Macron", "إيمانويل ماكرون"], ["Vladimir Putin", "فلاديمير بوتين", "Путин"],
     ["Yevgeny Prigozhin", "يفغيني بريغوجين"]],
)
def test_entities_merge_arabic_script_with_latin(names: list[str]) -> None:
    assert _groups([(n, "PERSON") for n in names]) == [set(names)]


@pytest.mark.parametrize(
    "names",
    # Korean puts a vowel between consonants and has no "v", "f" or "r" apart from "l"
    # ("라브로프", romanised "labeulopeu"); Devanagari romanises as it is written
    [["Sergei Lavrov", "세르게이 라브로프", "라브로프"], ["Emmanuel Macron", "마크롱"],
     ["Vladimir Putin", "푸틴"], ["Sergei Lavrov", "सर्गेई लावरोव", "लावरोव"]],
)
def test_entities_merge_hangul_and_devanagari_with_latin(names: list[str]) -> None:
    assert _groups([(n, "PERSON") for n in names]) == [set(names)]


def test_entities_hangul_keeps_different_people_apart() -> None:
    names = ["Sergei Lavrov", "마크롱", "푸틴", "드미트리 페스코프"]
    assert len(_groups([(n, "PERSON") for n in names])) == len(names)


def test_entities_arabic_script_keeps_different_people_apart() -> None:
    names = ["Emmanuel Macron", "ماريا زاخاروفا", "بشار الأسد"]
    assert len(_groups([(n, "PERSON") for n in names])) == len(names)
