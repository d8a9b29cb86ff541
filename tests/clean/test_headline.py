"""A story's title from a text that came without one: the first line that reads as a headline."""

from __future__ import annotations

import pytest

from storyline.clean.headline import headline, strip_stamp


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a comment counter, a caption printed twice with its credit, a kicker, then the headline
        (("0\nOlaf Scholz (Mitte) verfolgt die Ergebnisse.  - © picture alliance / photothek\n"
         "Olaf Scholz (Mitte) verfolgt die Ergebnisse.  | © picture alliance / photothek\n"
         "Bundestagswahl 2021\n\nScholz gewinnt Bundestagswahl - doch auch Laschet will Kanzler "
         "werden\n\nNach 16 Jahren Kanzlerschaft stürzt die Union auf ein Rekordtief."),
         "Scholz gewinnt Bundestagswahl - doch auch Laschet will Kanzler werden"),
        # a scraper's stamp before the first sentence of a lead paragraph
        ((" date 2023-06-24 “A stab in the back of our troops and Russia”. This is how Vladimir "
         "Putin, in a televised address to the nation, defined the armed revolt."),
         "“A stab in the back of our troops and Russia”."),
        # a site name of two words is no headline; the lead's first sentence is
        ((" date 2021-03-24 Newsfrom Japan\n\nA massive container ship on Tuesday ran aground in "
         "the Suez Canal. Traffic stopped."),
         "A massive container ship on Tuesday ran aground in the Suez Canal."),
        ("Baltimore Key Bridge Collapses After Being Struck by Container Ship\nThe bridge fell.",
         "Baltimore Key Bridge Collapses After Being Struck by Container Ship"),
        # the headline the page prints again over its photo is the headline still
        (("Feijóo gana y Sánchez resiste, pero ninguno se asegura la presidencia\n\nLa suma del "
         "PP y Vox se queda lejos de la mayoría\n\nFeijóo gana y Sánchez resiste, pero ninguno "
         "se asegura la presidencia\n"), ("Feijóo gana y Sánchez resiste, pero ninguno se asegura "
         "la presidencia")),
        ("0\n12\n", None),
        ("Breaking\n", "Breaking"),
    ],
)
def test_headline(text: str, expected: str | None) -> None:
    assert headline(text) == expected


def test_headline_cuts_a_long_sentence_at_a_word() -> None:
    line = "The head of the mercenary group " + "will move to a neighbouring country " * 10
    title = headline(line)
    assert title is not None and title.endswith(" …") and len(title) <= 202
    assert line.startswith(title[:-2])


@pytest.mark.parametrize(
    ("line", "expected"),
    [("date 2023-06-24 Putin Accuses Wagner", "Putin Accuses Wagner"),
     ("Published: 8 July 2022 Title here", "Title here"),
     ("Date night ideas for the summer", "Date night ideas for the summer")],
)
def test_strip_stamp(line: str, expected: str) -> None:
    assert strip_stamp(line) == expected


def test_story_title_prefers_the_earliest_original_title_then_a_headline() -> None:
    from storyline.clean.headline import story_title
    from storyline.records import Article

    early = Article(id="b", text="0\nScholz gewinnt die Bundestagswahl knapp vor Laschet\nText.",
                    language="de", published="2021-09-26")
    late = Article(id="a", text="Body only.", language="de", published="2021-09-27",
                   title="Scholz  wins")
    copy = Article(id="c", text="x", language="de", published="2021-09-25", title="Copy",
                   duplicate_of="a")
    assert story_title([late, early, copy], "s") == "Scholz wins"  # a title beats a headline
    assert story_title([early, copy], "s") == "Scholz gewinnt die Bundestagswahl knapp vor Laschet"
    assert story_title([Article(id="d", text="0\n", language="de")], "s") == "s"
