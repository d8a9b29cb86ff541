"""Entity mentions: contract labels, trimmed titles and possessives, rule fallback."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("spacy")

from storyline.analyze.entities import extract_entities
from storyline.analyze.nlp import load_pipeline
from storyline.records import Article

SEEDS = Path(__file__).parent.parent.parent / "samples" / "seeds"
_CONTRACT = {"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "WORK", "OTHER"}


@pytest.mark.parametrize("seed", ["000", "001"])
def test_entities_seed_labels_and_spans(seed: str) -> None:
    path = next(SEEDS.glob(f"{seed}_*.txt"))
    article = Article(id=path.name, text=path.read_text(encoding="utf-8"), language="en")
    ents = extract_entities(load_pipeline("en")(article.text), article)
    assert ents
    for e in ents:
        assert e.text == article.text[e.start:e.end]
        assert e.label in _CONTRACT
        assert not e.text.endswith(("’s", "'s"))
        assert not e.text.startswith(("Mr ", "President "))
    persons = {e.text for e in ents if e.label == "PERSON"}
    assert {"Putin", "Macron"} & persons or {"Vladimir Putin", "Emmanuel Macron"} & persons


@pytest.mark.parametrize(
    ("lang", "text", "name", "label"),
    [
        ("de", "Am Abend sprach man lange. „Wir bauen sie auf“, sagte Emmanuel Macron in Paris.",
         "Emmanuel Macron", "PERSON"),
        ("ru", "Вечером Дмитрий Песков заявил журналистам, что сделка заключена.", "Дмитрий Песков",
         "PERSON"),
        ("de", "Die Stadt Paris und die Europäische Union halfen beim Wiederaufbau.",
         "Europäische Union", "OTHER"),
    ],
)
def test_entities_rule_fallback_without_ner(lang: str, text: str, name: str, label: str) -> None:
    article = Article(id="a", text=text, language=lang)
    doc = load_pipeline(lang)(text)
    assert not doc.has_annotation("ENT_IOB")
    found = {e.text: e.label for e in extract_entities(doc, article)}
    assert found.get(name) == label


@pytest.mark.parametrize(
    ("text", "name", "dropped"),
    [("Об этом сообщил пресс-секретарь президента России Дмитрий Песков в воскресенье.",
      "Дмитрий Песков", "России Дмитрий Песков")],
)
def test_entities_russian_genitive_before_name_is_trimmed(text: str, name: str,
                                                          dropped: str) -> None:
    article = Article(id="a", text=text, language="ru")
    found = {e.text for e in extract_entities(load_pipeline("ru")(text), article)}
    assert name in found
    assert dropped not in found


@pytest.mark.parametrize(
    "text",
    ["Le toit de Notre-Dame a brûlé lundi soir. Le président Emmanuel Macron s'est rendu sur place."],
)
def test_entities_buildings_are_not_persons(text: str) -> None:
    article = Article(id="a", text=text, language="fr")
    ents = extract_entities(load_pipeline("fr")(text), article)
    assert all(not e.text.startswith("Notre-Dame") for e in ents if e.label == "PERSON")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Бойцы ЧВК «Вагнер» покинули город, сообщил источник.", "ЧВК «Вагнер»"),
        ('Переговоры с руководителем ЧВК "Вагнер" вел он.', 'ЧВК "Вагнер"'),
    ],
)
def test_entities_rule_acronym_with_quoted_name_is_one_org(text: str, name: str) -> None:
    article = Article(id="a", text=text, language="ru")
    found = {e.text: e.label for e in extract_entities(load_pipeline("ru")(text), article)}
    assert found.get(name) == "ORG"
    assert "ЧВК" not in found


@pytest.mark.parametrize(
    "text", ["Основатель ЧВК «уйдет в отставку», сказал он. Бойцы ЧВК ушли."]
)
def test_entities_rule_quoted_phrase_is_no_name(text: str) -> None:
    article = Article(id="a", text=text, language="ru")
    found = {e.text for e in extract_entities(load_pipeline("ru")(text), article)}
    assert not any("«" in f for f in found)


@pytest.mark.parametrize(
    ("text", "name", "dropped"),
    [("Об этом сообщает Телеграм-канал VarlamovNews со ссылкой на источники.", "VarlamovNews",
      "Телеграм-канал VarlamovNews")],
)
def test_entities_rule_name_in_another_script(text: str, name: str, dropped: str) -> None:
    article = Article(id="a", text=text, language="ru")
    found = {e.text for e in extract_entities(load_pipeline("ru")(text), article)}
    assert name in found and dropped not in found


@pytest.mark.parametrize(
    ("text", "name"),
    [("The operator, Taiwanese company Evergreen Marine Corp., said the cause was wind.",
      "Evergreen Marine Corp.")],
)
def test_entities_company_abbreviation_keeps_its_period(text: str, name: str) -> None:
    article = Article(id="a", text=text, language="en")
    found = {e.text for e in extract_entities(load_pipeline("en")(text), article)}
    assert name in found


@pytest.mark.parametrize(
    ("lang", "text", "name"),
    [
        ("de", "Annalena Weber sagte, die Regierung werde die Hilfen verlängern.", "Annalena Weber"),
        ("es", "Pedro Ortega dijo que el acuerdo se firmará el martes.", "Pedro Ortega"),
        ("it", "Giorgia Ferri ha detto che il governo non si fermerà.", "Giorgia Ferri"),
        ("ru", "Сергей Волков заявил, что переговоры продолжатся.", "Сергей Волков"),
    ],
)
def test_entities_a_first_name_keeps_a_sentence_opening_name_whole(
        lang: str, text: str, name: str) -> None:
    """Without a recogniser, a capital at a sentence start says nothing, but a first name does:
    the name that opens the sentence is a person's, first name and all."""
    article = Article(id="x", text=text, language=lang)
    ents = extract_entities(load_pipeline(lang)(text), article)
    assert (name, "PERSON") in {(e.text, e.label) for e in ents}


@pytest.mark.parametrize(
    ("lang", "text", "name"),
    [
        # a German article after a name starts the next noun phrase, "van der" is the name's
        ("de", "„Keine Pläne“, sagte Kremlsprecher Dmitri Orlow der Agentur Interfax.",
         "Dmitri Orlow"),
        ("de", "Rafael van der Berg sagte, das Spiel sei vorbei.", "Rafael van der Berg"),
        # two particles inside a name ("de la")
        ("es", "El Ministerio de la Presidencia aseguró que la ley se aprobará.",
         "Ministerio de la Presidencia"),
    ],
)
def test_entities_particles_and_articles_inside_capitalised_runs(
        lang: str, text: str, name: str) -> None:
    article = Article(id="x", text=text, language=lang)
    ents = extract_entities(load_pipeline(lang)(text), article)
    assert name in {e.text for e in ents}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # Arabic has no capitals: the person an office names, after the office's words
        ("قال وزير الخارجية الروسي سيرغي لافروف يوم الأربعاء إن التسريب خرق.", "سيرغي لافروف"),
        ("قال الرئيس المصري عبد الفتاح السيسي إن مصر لن تسمح بذلك.", "عبد الفتاح السيسي"),
        ("وقالت المتحدثة باسم الخارجية الروسية ماريا زاخاروفا للصحفيين إن موسكو سترد.",
         "ماريا زاخاروفا"),
        ("أعلن ولي العهد السعودي الأمير محمد بن سلمان اليوم عن خطة جديدة.", "محمد بن سلمان"),
        ("قال الرئيس السوري بشار الأسد في مقابلة إن الحرب انتهت.", "بشار الأسد"),
    ],
)
def test_entities_arabic_person_after_office(text: str, name: str) -> None:
    article = Article(id="ar", text=text, language="ar")
    found = [(e.text, e.label) for e in extract_entities(load_pipeline("ar")(text), article)]
    assert found == [(name, "PERSON")]


def test_entities_arabic_office_alone_names_no_one() -> None:
    text = "وقالت الشرطة إن الحريق اندلع بشكل عرضي."
    article = Article(id="ar", text=text, language="ar")
    assert not extract_entities(load_pipeline("ar")(text), article)


@pytest.mark.parametrize(
    ("lang", "text", "name"),
    [
        # capitals beyond Latin-1: Polish "Ł", Ukrainian "І", Turkish "İ", Czech "Š"
        ("pl", "Minister Siergiej Ławrow przyjechał do Warszawy.", "Siergiej Ławrow"),
        ("uk", "Міністр Ігор Клименко заявив про це.", "Ігор Клименко"),
        ("tr", "Bakan Ömer Şahin dün konuştu.", "Ömer Şahin"),
    ],
)
def test_entities_names_with_extended_capitals(lang: str, text: str, name: str) -> None:
    article = Article(id="x", text=text, language=lang)
    assert name in {e.text for e in extract_entities(load_pipeline(lang)(text), article)}


@pytest.mark.parametrize(
    ("lang", "text", "name"),
    [
        # an institution's word makes a name an organisation, whatever verb follows it
        ("es", "El Ministerio de Defensa aseguró que no hubo víctimas.", "Ministerio de Defensa"),
        ("de", "Wie ein Sprecher des Auswärtigen Amts mitteilte, ist die Lage ruhig.",
         "Auswärtigen Amts"),
    ],
)
def test_entities_institutions_are_organisations(lang: str, text: str, name: str) -> None:
    article = Article(id="x", text=text, language=lang)
    found = {e.text: e.label for e in extract_entities(load_pipeline(lang)(text), article)}
    assert found.get(name) == "ORG"
