"""HTML extraction with trafilatura: text, metadata, input values kept, nothing invented."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.clean.extract import extract_html, strip_site_suffix
from storyline.ingest.html import read_html_file
from storyline.records import RawDoc, Reject

FIX = Path(__file__).parent.parent / "fixtures" / "ingest"


def _page(name: str) -> RawDoc:
    (doc,) = list(read_html_file(FIX / name, name))
    assert isinstance(doc, RawDoc)
    return doc


@pytest.mark.parametrize(
    "name,title,published,outlet,first,last",
    [
        (
            "amn_seed.html",
            "Secret Putin phone call leaked",
            "2022-07-08",
            "AMN",
            "A secret phone call between Russian President Vladimir Putin",
            "does not provide for such a unilateral leak of a recording.”",
        ),
        (
            "straits_seed_cp1252.html",
            "Russia slams France’s Macron for breaching diplomatic confidentiality",
            None,
            "The Straits Times",
            "PARIS (BLOOMBERG) – French President Emmanuel Macron’s decision",
            "as the crisis over Ukraine intensified.",
        ),
    ],
)
def test_extract_text_and_metadata(
    name: str, title: str, published: str | None, outlet: str, first: str, last: str
) -> None:
    out = extract_html(_page(name))
    assert isinstance(out, RawDoc)
    assert (out.title, out.published, out.outlet, out.html) == (title, published, outlet, None)
    text = out.text or ""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    assert lines[0] == title
    assert any(ln.startswith(first) for ln in lines)
    assert lines[-1].endswith(last)
    assert "Telegram" not in text and "Leave a Reply" not in text
    assert "Another story about something" not in text  # related links


@pytest.mark.parametrize("name", ["straits_seed_cp1252.html"])
def test_extract_never_guesses_a_date_from_the_text(name: str) -> None:
    # The body says "In 2020, Le Monde ..."; htmldate's extensive search would say 2020-01-01.
    out = extract_html(_page(name))
    assert isinstance(out, RawDoc) and out.published is None


@pytest.mark.parametrize("name", ["amn_seed.html"])
def test_extract_input_values_win(name: str) -> None:
    doc = _page(name).replace(
        title="Given title", published="2022-07-09", outlet="Al-Masdar", author="Given Author"
    )
    out = extract_html(doc)
    assert isinstance(out, RawDoc)
    assert (out.title, out.published, out.outlet, out.author) == (
        "Given title",
        "2022-07-09",
        "Al-Masdar",
        "Given Author",
    )


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><nav><a href='/'>Home</a></nav></body></html>",
        "<html><head><title>x</title></head><body></body></html>",
        "<<<>>> <div <p>",
        "\x00\x01garbage",
    ],
)
def test_extract_empty_or_broken_page_is_rejected(html: str) -> None:
    out = extract_html(RawDoc(id="p", source="p.html", html=html, input_format="html"))
    assert isinstance(out, Reject)
    assert out.reason in ("no_main_text", "html_unparsable") and out.record == "p"


@pytest.mark.parametrize(
    ("title", "sitename", "url", "expected"),
    [
        (
            "Lavrov rebukes leak | The Straits Times",
            None,
            "https://www.straitstimes.com/a",
            "Lavrov rebukes leak",
        ),
        (
            "Macron vows to rebuild - BBC News",
            "BBC News",
            "https://www.bbc.co.uk/a",
            "Macron vows to rebuild",
        ),
        ("Ever Given refloated – gCaptain", None, "https://gcaptain.com/a", "Ever Given refloated"),
        ("Headline | Europe | Site", None, None, "Headline"),
        # a dash clause that is not the site's name is part of the headline
        ("War in Gaza - live updates", None, "https://example.com/a", "War in Gaza - live updates"),
        (
            "Putin - the man behind the mutiny",
            "Example",
            "https://example.com/a",
            "Putin - the man behind the mutiny",
        ),
        ("| Site", None, None, "| Site"),
    ],
)
def test_extract_strip_site_suffix(title, sitename, url, expected):  # type: ignore[no-untyped-def]
    assert strip_site_suffix(title, sitename, url) == expected
