"""Entity merging that reads the article around the mentions: longer name forms, mentions the
tagger missed or cut, types (names from public reporting)."""

from __future__ import annotations

import pytest

from storyline.cluster.embed import Embedder
from storyline.reconcile.entities import merge_entities
from storyline.records import Article, ArticleAnalysis, Entity, EntityMention

Tagged = tuple[str, str, str, list[tuple[str, str]]]  # article id, language, text, (name, label)


def _merge(parts: list[Tagged]) -> list[Entity]:
    """Merge a story whose articles carry the given mentions (each name found in text order)."""
    arts, ans = [], []
    for aid, lang, text, names in parts:
        ments, at = [], 0
        for name, label in names:
            start = text.index(name, at)
            ments.append(EntityMention(aid, start, start + len(name), name, label))
            at = start + len(name)
        arts.append(Article(id=aid, text=text, language=lang))
        ans.append(ArticleAnalysis(aid, lang, entities=tuple(ments)))
    return merge_entities("s-1", arts, ans)


def _holding(ents: list[Entity], alias: str) -> Entity:
    (ent,) = [e for e in ents if alias in e.aliases]
    return ent


@pytest.mark.parametrize(
    ("text", "names", "entity", "alias"),
    [
        # a possessive owner the tagger found too
        ("Traffic resumed in Egypt's Suez Canal on Monday.",
         [("Egypt", "GPE"), ("Suez Canal", "LOC")], "Suez Canal", "Egypt's Suez Canal"),
        # class nouns after an organisation, before a place
        ("The head of the Wagner mercenary group spoke.", [("Wagner", "ORG")], "Wagner",
         "Wagner mercenary group"),
        ("El incendio en la catedral de Notre-Dame sigue.", [("Notre-Dame", "LOC")],
         "Notre-Dame", "catedral de Notre-Dame"),
        # an organisation before the title, even as the sentence's first word
        ("Work resumed.\nBoskalis CEO Peter Berdowski said it was done.",
         [("Boskalis", "ORG"), ("Peter Berdowski", "PERSON")], "Peter Berdowski",
         "Boskalis CEO Peter Berdowski"),
    ],
)
def test_entities_alias_reads_longer_forms_around_mention(
    text: str, names: list[tuple[str, str]], entity: str, alias: str
) -> None:
    ents = _merge([("a1", "en", text, names)])
    assert alias in _holding(ents, entity).aliases


@pytest.mark.parametrize(
    ("text", "names", "not_alias"),
    [
        # a person's family is another entity
        ("The Trump family left.", [("Trump", "PERSON")], "Trump family"),
        # a descriptive word alone is no class noun ending a name
        ("The Wagner military convoy moved.", [("Wagner", "ORG")], "Wagner military"),
        # a sentence's first word before a title is no qualifier unless tagged
        ("Markets fell.\nToday CEO Peter Berdowski said so.", [("Peter Berdowski", "PERSON")],
         "Today CEO Peter Berdowski"),
        # a possessive owner the tagger did not find, or no place, or a person's
        ("In Its's Suez Canal.", [("Suez Canal", "LOC")], "Its's Suez Canal"),
        ("The Boston Herald's Silverman wrote.",
         [("Boston Herald", "ORG"), ("Silverman", "PERSON")], "Boston Herald's Silverman"),
        ("Alaska's Sarah Palin spoke.", [("Alaska", "GPE"), ("Sarah Palin", "PERSON")],
         "Alaska's Sarah Palin"),
        # a country takes no class noun, and only buildings take a link word
        ("The Democratic party of Turkmenistan won.", [("Turkmenistan", "GPE")],
         "party of Turkmenistan"),
        ("A group of Mafia bosses met.", [("Mafia", "ORG")], "group of Mafia"),
    ],
)
def test_entities_alias_leaves_other_words_out(
    text: str, names: list[tuple[str, str]], not_alias: str
) -> None:
    ents = _merge([("a1", "en", text, names)])
    assert all(not_alias not in e.aliases for e in ents)


def test_entities_surname_alias_in_each_script_when_unshared() -> None:
    ents = _merge([
        ("a1", "en", "Dmitry Peskov spoke. Donald Trump and Melania Trump came.",
         [("Dmitry Peskov", "PERSON"), ("Donald Trump", "PERSON"), ("Melania Trump", "PERSON")]),
        ("a2", "ru", "Дмитрий Песков заявил. Песков добавил.",
         [("Дмитрий Песков", "PERSON"), ("Песков", "PERSON")]),
    ])
    assert "Peskov" in _holding(ents, "Dmitry Peskov").aliases
    assert all("Trump" not in e.aliases for e in ents)


def test_entities_no_surname_alias_for_a_name_never_shortened() -> None:
    ents = _merge([("a1", "en", "Gabriel Plus spoke.", [("Gabriel Plus", "PERSON")])])
    assert "Plus" not in _holding(ents, "Gabriel Plus").aliases


def test_entities_legal_form_makes_an_organisation_that_takes_its_short_name() -> None:
    ents = _merge([("a1", "en", "Shoei Kisen Kaisha Ltd. owns it. Shoei Kisen said sorry.",
                    [("Shoei Kisen Kaisha Ltd.", "PERSON"), ("Shoei Kisen", "PERSON")])])
    (ent,) = ents
    assert ent.type == "ORG"
    assert {"Shoei Kisen", "Shoei Kisen Kaisha Ltd.", "Shoei Kisen Kaisha Ltd"} <= set(ent.aliases)


def test_entities_full_name_decides_the_type() -> None:
    text = "Rostov fell. Rostov was calm. Rostov slept. Fighters left Rostov-on-Don at night."
    ents = _merge([("a1", "en", text, [("Rostov", "PERSON"), ("Rostov", "PERSON"),
                                       ("Rostov", "PERSON"), ("Rostov-on-Don", "GPE")])])
    assert _holding(ents, "Rostov-on-Don").type == "GPE"


def test_entities_surname_keeps_its_type_vote() -> None:
    text = "Sabathia threw. Sabathia won. CC Sabathia signed. Sabathia left."
    ents = _merge([("a1", "en", text, [("Sabathia", "PERSON"), ("Sabathia", "PERSON"),
                                       ("CC Sabathia", "ORG"), ("Sabathia", "PERSON")])])
    assert _holding(ents, "CC Sabathia").type == "PERSON"


def test_entities_place_is_no_surname_or_head_word() -> None:
    ents = _merge([
        ("a1", "en", "Paris woke. The Paris Fire Brigade came. Paris slept.",
         [("Paris", "GPE"), ("Paris Fire Brigade", "ORG"), ("Paris", "GPE")]),
        ("a2", "es", "Habla el Departamento de Bomberos de París. París duerme.",
         [("Departamento de Bomberos de París", "OTHER"), ("París", "GPE")]),
    ])
    paris = _holding(ents, "Paris")
    assert "París" in paris.aliases
    assert not {"Paris Fire Brigade", "Departamento de Bomberos de París"} & set(paris.aliases)


def test_entities_recall_known_multiword_name_elsewhere() -> None:
    ents = _merge([
        ("a1", "en", "Notre-Dame burned. Notre-Dame is old.",
         [("Notre-Dame", "LOC"), ("Notre-Dame", "LOC")]),
        ("a2", "de", "Die Notre-Dame ist ein Meisterwerk.", []),
    ])
    ent = _holding(ents, "Notre-Dame")
    assert "Die Notre-Dame" in ent.aliases
    assert any(m.article == "a2" for m in ent.mentions)


def test_entities_first_name_cut_at_sentence_start_is_put_back() -> None:
    ents = _merge([
        ("a1", "en", "Yevgeny Prigozhin spoke.", [("Yevgeny Prigozhin", "PERSON")]),
        ("a2", "ru", "Колонны ушли.\n\nЕвгений Пригожин разворачивает колонны.",
         [("Пригожин", "OTHER")]),
    ])
    ent = _holding(ents, "Yevgeny Prigozhin")
    assert "Евгений Пригожин" in ent.aliases
    assert any(m.text == "Евгений Пригожин" for m in ent.mentions)


@pytest.mark.parametrize(
    ("lang", "text", "name", "other_lang", "other", "found"),
    [
        ("en", "Russia acted. Russia spoke.", "Russia", "ru", "Мятеж в России утих.", "России"),
        ("fr", "La France pleure. La France prie.", "France", "es",
         "Es parte del destino de Francia, dijo.", "Francia"),
    ],
)
def test_entities_recall_translated_single_names(
    lang: str, text: str, name: str, other_lang: str, other: str, found: str
) -> None:
    ents = _merge([("a1", lang, text, [(name, "GPE"), (name, "GPE")]),
                   ("a2", other_lang, other, [])])
    assert found in _holding(ents, name).aliases


def test_entities_fuzzy_recall_not_within_one_language() -> None:
    ents = _merge([
        ("a1", "en", "France mourns. France prays.", [("France", "GPE"), ("France", "GPE")]),
        ("a2", "en", "Pope Francis prayed for Paris.", []),
    ])
    assert "Francis" not in _holding(ents, "France").aliases


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder()


def test_entities_encoder_recalls_translated_place_names(embedder: Embedder) -> None:
    arts, ans = [], []
    parts = [("a1", "en", "France mourns. Paris weeps. France prays.",
              ["France", "Paris", "France"]),
             ("a2", "de", "Es ist ein Teil von Frankreichs Geschichte, sagen die Franzosen heute.",
              [])]
    for aid, lang, text, names in parts:
        ments, at = [], 0
        for name in names:
            start = text.index(name, at)
            ments.append(EntityMention(aid, start, start + len(name), name, "GPE"))
            at = start + len(name)
        arts.append(Article(id=aid, text=text, language=lang))
        ans.append(ArticleAnalysis(aid, lang, entities=tuple(ments)))
    france = _holding(merge_entities("s-1", arts, ans, embedder=embedder), "France")
    assert "Frankreichs" in france.aliases
    assert "Franzosen" not in france.aliases
    assert "Frankreichs" not in _holding(merge_entities("s-1", arts, ans), "France").aliases
