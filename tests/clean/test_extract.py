"""HTML extraction with trafilatura: text, metadata, input values kept, nothing invented."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.clean import clean_batch
from storyline.clean.boilerplate import Furniture
from storyline.clean.extract import (
    drop_header_stamps,
    drop_headline,
    drop_invisible,
    extract_html,
    prune_link_lists,
    strip_site_suffix,
)
from storyline.clean.stamps import HeaderDates, header_dates
from storyline.ingest.html import read_html_file
from storyline.records import Article, RawDoc, Reject

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
    assert lines[0] != title  # the headline is the title field, not a line of the body
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


CLEAN_FIX = Path(__file__).parent.parent / "fixtures" / "clean"
SEED = Path(__file__).parent.parent.parent / "samples" / "seeds" / "001_f6cdfdc212c4f800.txt"
SEED_PARAGRAPHS = [ln for ln in SEED.read_text(encoding="utf-8").split("\n") if len(ln) > 80]
SEED_TITLE = "Russia slams France’s Macron for breaching diplomatic confidentiality"


@pytest.mark.parametrize("name", ["straits_headline_dates.html"])
def test_extract_headline_dates_and_table(name: str) -> None:
    html = (CLEAN_FIX / name).read_text(encoding="utf-8")
    doc = RawDoc(id="p", source=name, html=html, input_format="html")
    out = extract_html(doc)
    assert isinstance(out, RawDoc)
    assert out.title == SEED_TITLE  # the visible <h1>, not og:title / <title>
    assert out.published == "2022-07-07"  # "Published:" in the byline, not the update
    assert "| Emmanuel Macron | February 20 |" in (out.text or "")  # tables are kept
    (art,) = clean_batch([doc], Furniture())
    assert isinstance(art, Article)
    assert art.text.endswith("Russia invades Ukraine on February 24")  # closing list kept


def _page_with(
    head: str, header: str, body_title: str = "<h1>Macron leak angers Moscow</h1>"
) -> str:
    paras = "".join(f"<p>{p}</p>" for p in SEED_PARAGRAPHS[:3])
    return (
        f"<html><head><title>Leak | Example News</title>{head}</head><body><article>"
        f"{body_title}<div>{header}</div>{paras}</article></body></html>"
    )


@pytest.mark.parametrize(
    ("head", "header", "expected"),
    [
        # markup gives the modification, the byline the first publication: the earlier wins
        (
            '<meta property="article:published_time" content="2022-07-09">',
            "July 7, 2022",
            "2022-07-07",
        ),
        # an unnamed date by the headline alone is not taken (it may be an event's)
        ("", "<span>July 7, 2022</span>", None),
        # one the byline names the publication's is
        ("", "<span>Published on</span> <span>July 7, 2022</span>", "2022-07-07"),
        # schema.org microdata
        (
            "",
            '<time itemprop="datePublished" datetime="2022-07-06T08:00:00Z">Wed</time>',
            "2022-07-06",
        ),
        # an update stamp is not a publication date
        (
            '<meta property="article:published_time" content="2022-07-07">',
            "Updated July 1, 2022",
            "2022-07-07",
        ),
    ],
)
def test_extract_published_date_sources(head: str, header: str, expected: str | None) -> None:
    out = extract_html(
        RawDoc(id="p", source="p.html", html=_page_with(head, header), input_format="html")
    )
    assert isinstance(out, RawDoc) and out.published == expected


@pytest.mark.parametrize(
    ("body_title", "expected"),
    [
        ("<h1>Macron leak angers Moscow</h1>", "Macron leak angers Moscow"),
        # several <h1>: none is known to be the headline, the page title is used
        ("<h1>Example News</h1><h1>Macron leak angers Moscow</h1>", "Leak"),
    ],
)
def test_extract_title_from_single_h1(body_title: str, expected: str) -> None:
    html = (
        _page_with("", "", body_title).replace("<article>", "<div>").replace("</article>", "</div>")
    )
    out = extract_html(RawDoc(id="p", source="p.html", html=html, input_format="html"))
    assert isinstance(out, RawDoc) and out.title == expected


@pytest.mark.parametrize(
    ("fragments", "expected"),
    [
        (
            ["By Jane Doe", "|", "Updated on June 7, 2024"],
            HeaderDates(None, None, frozenset({"2024-06-07"})),
        ),
        (
            ["Last updated: November 29, 2025", "Published:", "October 29, 2024"],
            HeaderDates("2024-10-29", None, frozenset({"2025-11-29"})),
        ),
        (
            ["December 3, 2025.", "Updated: December 7, 2025"],
            HeaderDates(None, "2025-12-03", frozenset({"2025-12-07"})),
        ),
        (["We reviewed the watches on November 18, 2025 and kept the best ones."], HeaderDates()),
    ],
)
def test_extract_header_dates(fragments: list[str], expected: HeaderDates) -> None:
    assert header_dates(fragments) == expected


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("Error", "We'll be right back! It looks like we're having some trouble."),
        ("404 - Page not found", "The page you are looking for does not exist. Go back home."),
    ],
)
def test_extract_error_page_is_rejected(title: str, text: str) -> None:
    html = (
        f"<html><head><title>{title}</title></head><body><main><p>{text}</p></main></body></html>"
    )
    out = extract_html(RawDoc(id="e", source="e.html", html=html, input_format="html"))
    assert isinstance(out, Reject) and out.reason == "error_page"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Macron leak angers Moscow\n\nThe Kremlin said.", "The Kremlin said."),
        ("MACRON LEAK ANGERS MOSCOW!\nThe Kremlin said.", "The Kremlin said."),  # words, case aside
        ("Moscow angry\nThe Kremlin said.", "Moscow angry\nThe Kremlin said."),
        ("Macron leak angers Moscow", "Macron leak angers Moscow"),  # nothing else: kept
    ],
)
def test_extract_drop_headline(text: str, expected: str) -> None:
    assert drop_headline(text, ("Macron leak angers Moscow", None)) == expected


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


@pytest.mark.parametrize(
    ("items", "removed"),
    [
        # related articles: every item is a link (a teaser line beside it is fine)
        (
            [
                '<a href="/a">Fire at the cathedral</a>',
                '<a href="/b">Spire falls</a> Watch',
                '<a href="/c">Donations pour in</a>',
            ],
            1,
        ),
        # the article's own list: text, with a link now and then
        (
            [
                "The spire collapsed at 7.50 pm",
                'Firefighters saved <a href="/t">the towers</a>',
                "Donations reached 850 million euros",
            ],
            0,
        ),
        # two links are not a list of links
        (['<a href="/a">Fire at the cathedral</a>', '<a href="/b">Spire falls</a>'], 0),
    ],
)
def test_extract_prune_link_lists(items: list[str], removed: int) -> None:
    from lxml import html

    tree = html.fromstring(
        f"<html><body><article><p>Text.</p>{_list(items)}</article></body></html>"
    )
    assert prune_link_lists(tree) == removed
    assert len(tree.findall(".//ul")) == 1 - removed


def test_extract_drop_header_stamps() -> None:
    para = "The cathedral's spire collapsed on Monday evening as firefighters fought the blaze."
    # a stamp and the page's own URL above the first paragraph go; a date below it stays
    text = f"Updated: April 16, 2019\nhttps://example.com/news/fire\n{para}\nApril 16, 2019"
    assert drop_header_stamps(text, "https://example.com/news/fire/") == f"{para}\nApril 16, 2019"


def test_extract_link_list_and_headline_left_out_date_kept() -> None:
    paras = "".join(f"<p>{p}</p>" for p in SEED_PARAGRAPHS[:3])
    related = _list([f'<a href="/{k}">Other story number {k}</a>' for k in range(4)])
    html = (
        "<html><head><title>Leak | Example News</title></head><body><article>"
        "<h1>Macron leak angers Moscow</h1><p>Updated July 9, 2022</p>"
        f"{paras}{related}</article></body></html>"
    )
    doc = RawDoc(id="p", source="p.html", html=html, input_format="html")
    (art,) = clean_batch([doc], Furniture())
    assert isinstance(art, Article)
    assert art.title == "Macron leak angers Moscow"
    assert art.text.split("\n")[0] == SEED_PARAGRAPHS[0]  # no headline, no stamp line
    assert "Other story" not in art.text


def test_extract_drop_invisible_keeps_json_ld_and_text() -> None:
    from lxml import html

    long_text = "The spire collapsed. " * 20
    tree = html.fromstring(
        "<html><head><style>p {}</style><script>var x = 1;</script>"
        '<script type="application/ld+json">{"articleBody": "x"}</script></head><body>'
        f"<svg><path d='M0'/></svg><p>Text.</p><svg><p>{long_text}</p></svg></body></html>"
    )
    drop_invisible(tree)
    assert [s.get("type") for s in tree.iter("script")] == ["application/ld+json"]
    assert not list(tree.iter("style"))
    assert len(list(tree.iter("svg"))) == 1  # an unclosed <svg> holding the page text stays
    assert "The spire collapsed." in tree.text_content()
