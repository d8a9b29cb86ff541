"""Speaker resolution rules: fullest names, pronouns, descriptors, possessives."""

from __future__ import annotations

import pytest

from storyline.analyze.cues import role_base
from storyline.analyze.speakers import fullest_name, resolve_speaker
from storyline.records import EntityMention

TEXT = (
    "Russian Foreign Minister Sergei Lavrov met Emmanuel Macron. First Lady Brigitte Macron "
    "smiled. Later the foreign minister spoke, and Mr Macron’s diplomatic adviser left. "
    "Maria Zakharova replied; she said no. Lavrov said yes."
)


def _ents() -> list[EntityMention]:
    out = []
    for name in ("Sergei Lavrov", "Emmanuel Macron", "Brigitte Macron", "Maria Zakharova"):
        i = TEXT.index(name)
        out.append(EntityMention("a", i, i + len(name), name, "PERSON"))
    i = TEXT.index("Macron’s")
    out.append(EntityMention("a", i, i + 6, "Macron", "PERSON"))
    i = TEXT.rindex("Lavrov")
    out.append(EntityMention("a", i, i + 6, "Lavrov", "PERSON"))
    return sorted(out, key=lambda e: e.start)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Lavrov", "Sergei Lavrov"), ("Mr Macron", "Emmanuel Macron"), ("Zakharova", "Maria Zakharova"),
     ("Nobody", "Nobody")],
)
def test_speakers_fullest_name(name: str, expected: str) -> None:
    assert fullest_name(name, _ents()) == expected


@pytest.mark.parametrize(
    ("written", "occurrence", "expected"),
    [
        ("the foreign minister", 0, "Sergei Lavrov"),
        ("Mr Macron’s diplomatic adviser", 0, "Mr Macron’s diplomatic adviser"),
        ("she", 0, "Maria Zakharova"),
        ("Lavrov", 1, "Sergei Lavrov"),
    ],
)
def test_speakers_resolve(written: str, occurrence: int, expected: str) -> None:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(written, start + 1)
    got = resolve_speaker(written, start, start + len(written), TEXT, _ents())
    assert got == expected


@pytest.mark.parametrize(
    ("text", "written", "expected"),
    [("Eine Passantin sagte das.", "Eine Passantin", "Passantin"),
     ("Un témoin a dit cela.", "Un témoin", "témoin")],
)
def test_speakers_descriptor_drops_article(text: str, written: str, expected: str) -> None:
    start = text.index(written)
    assert resolve_speaker(written, start, start + len(written), text, []) == expected


@pytest.mark.parametrize(
    ("text", "written", "expected"),
    [("The Water Board said the pumps failed. Crews are working, it added.", "it",
      "Water Board")],
)
def test_speakers_it_resolves_to_the_organisation(text: str, written: str, expected: str) -> None:
    start = text.rindex(written)
    org = text.index("Water Board")
    ents = [EntityMention("a", org, org + len("Water Board"), "Water Board", "ORG")]
    assert resolve_speaker(written, start, start + len(written), text, ents) == expected


@pytest.mark.parametrize("written", ["I", "we", "they"])
def test_speakers_first_person_names_no_one(written: str) -> None:
    text = f"Lavrov said so. {written} said no."
    start = text.index(written + " said no")
    ents = [EntityMention("a", 0, 6, "Lavrov", "PERSON")]
    assert resolve_speaker(written, start, start + len(written), text, ents) is None


def _ent(text: str, name: str, label: str) -> EntityMention:
    i = text.index(name)
    return EntityMention("a", i, i + len(name), name, label)


@pytest.mark.parametrize(
    ("text", "org", "expected"),
    [(("Bernhard Schulte Shipmanagement, the company that manages the ship, said the crew was "
      "safe. Two pilots were aboard, the company said."), "Bernhard Schulte Shipmanagement",
      "Bernhard Schulte Shipmanagement"),
     ("The Water Board said the pumps failed. Crews are working, the company said.",
      "Water Board", "company")],
)
def test_speakers_the_company_resolves_to_the_organisation_called_so(
        text: str, org: str, expected: str) -> None:
    start = text.rindex("the company")
    got = resolve_speaker("the company", start, start + 11, text, [_ent(text, org, "ORG")])
    assert got == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [("Philippe, a communications worker", "Philippe (communications worker)"),
     ("Philippe", "Philippe")],
)
def test_speakers_one_name_with_an_indefinite_appositive_keeps_its_description(
        written: str, expected: str) -> None:
    text = f"“Paris is disfigured,” said {written}, in his mid-30s."
    start = text.index(written)
    got = resolve_speaker(written, start, start + len(written), text,
                          [_ent(text, "Philippe", "PERSON")])
    assert got == expected


def test_speakers_spokesperson_matches_an_earlier_spokesman() -> None:
    text = ("Kremlin spokesman Dmitry Peskov spoke on Monday. Later the deal held, a Kremlin "
            "spokesperson said.")
    written = "a Kremlin spokesperson"
    start = text.index(written)
    got = resolve_speaker(written, start, start + len(written), text,
                          [_ent(text, "Dmitry Peskov", "PERSON")])
    assert got == "Dmitry Peskov"


@pytest.mark.parametrize(
    ("text", "written", "person", "expected"),
    [
        # a role noun before its adjectives, named only later in the article
        (("Le président français s'est engagé à reconstruire la cathédrale. Plus tard, le "
          "président français Emmanuel Macron a visité le parvis."), "président français",
         "Emmanuel Macron", "Emmanuel Macron"),
        # the head of a country: its president
        (("Le président Emmanuel Macron était sur place. Le chef de l'Hexagone a dit avoir une "
          "pensée pour les catholiques."), "chef de l'Hexagone", "Emmanuel Macron",
         "Emmanuel Macron"),
        # a role no one in the text holds stays the descriptor
        (("Le ministre a dit non. Le président Emmanuel Macron était sur place."), "ministre",
         "Emmanuel Macron", "ministre"),
        # a Cyrillic role in another case ("по словам пресс-секретаря") is the one introduced
        # in the nominative before it
        (("Пресс-секретарь президента Дмитрий Песков заявил, что дело будет закрыто. По словам "
          "пресс-секретаря, лидеры условились о посредничестве."), "пресс-секретаря",
         "Дмитрий Песков", "Дмитрий Песков"),
        (("Прем'єр-міністр Денис Шмигаль заявив, що уряд готовий. За словами прем'єр-міністра, "
          "рішення ухвалять у вівторок."), "прем'єр-міністра", "Денис Шмигаль", "Денис Шмигаль"),
    ],
)
def test_speakers_role_descriptors_of_other_languages(text: str, written: str, person: str,
                                                      expected: str) -> None:
    start = text.index(written)
    got = resolve_speaker(written, start, start + len(written), text,
                          [_ent(text, person, "PERSON")])
    assert got == expected


@pytest.mark.parametrize(
    ("word", "base"),
    [("пресс-секретаря", "пресс-секретарь"), ("президента", "президент"),
     ("премьер-министра", "премьер-министр"), ("главы", "глава"), ("kremlsprecher", "sprecher"),
     ("spokesman", "spokesman"),
     # other words that begin like a role are none
     ("министерство", None), ("президентский", None), ("presidential", None)],
)
def test_speakers_role_base(word: str, base: str | None) -> None:
    assert role_base(word) == base


@pytest.mark.parametrize(
    ("written", "entity", "label", "expected"),
    [
        # an organisation named in apposition after a possessive description
        ("The vessel's operator, Taiwanese transport company Evergreen Marine Corp.,",
         "Evergreen Marine Corp.", "ORG", "Evergreen Marine Corp."),
        # a nationality describing the speaker is not its name
        ("Its owner, a Japanese firm,", "Japanese", "NORP", "Its owner, a Japanese firm"),
        ("The Russians", "Russians", "NORP", "Russians"),
    ],
)
def test_speakers_named_in_the_description(written: str, entity: str, label: str,
                                           expected: str) -> None:
    text = f"{written} said the ship was stuck."
    got = resolve_speaker(written, 0, len(written), text, [_ent(text, entity, label)])
    assert got == expected
