"""clean_batch: RawDoc -> Article with metadata from input, page, stamp or URL (never invented)."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.clean import clean_batch, host_outlet, stamp_date
from storyline.clean.boilerplate import Furniture, learn_furniture
from storyline.ingest import read_inputs
from storyline.records import Article, RawDoc, Reject

FIX = Path(__file__).parent.parent / "fixtures" / "ingest"
SEEDS = Path(__file__).parent.parent.parent / "samples" / "seeds"


@pytest.fixture(scope="module")
def cleaned() -> dict[str, Article | Reject]:
    docs = [d for d in read_inputs([SEEDS, FIX]) if isinstance(d, RawDoc)]
    out = clean_batch(docs, learn_furniture(docs))
    return {d.id: a for d, a in zip(docs, out, strict=True)}


@pytest.mark.parametrize(
    "doc_id,published,source,outlet,language",
    [
        ("000_fac84f17711a65d7.txt", "2022-07-08", "page", None, "en"),  # "July 08, 2022" stamp
        ("001_f6cdfdc212c4f800.txt", None, None, None, "en"),
        ("amn-putin-call", "2022-07-08", "input", "AMN", "en"),
        ("st-russia-slams", None, None, "straitstimes.com", "en"),  # outlet from the URL host
        ("amn_seed.html", "2022-07-08", "page", "AMN", "en"),  # page metadata
        ("straits_seed_cp1252.html", None, None, "The Straits Times", "en"),
        ("straits_header.txt", "2022-07-07", "input", "The Straits Times", "en"),
        (
            "https://www.almasdarnews.com/article/secret-putin-phone-call-leaked/",
            "2022-07-08",
            "input",
            "almasdarnews.com",
            "en",
        ),  # feed item: its pubDate is input
    ],
)
def test_clean_metadata(
    cleaned: dict[str, Article | Reject],
    doc_id: str,
    published: str | None,
    source: str | None,
    outlet: str | None,
    language: str,
) -> None:
    art = cleaned[doc_id]
    assert isinstance(art, Article)
    assert (art.id, art.published, art.published_source, art.outlet, art.language) == (
        doc_id,
        published,
        source,
        outlet,
        language,
    )


@pytest.mark.parametrize(
    "doc_id,removed",
    [("000_fac84f17711a65d7.txt", 1), ("001_f6cdfdc212c4f800.txt", 5), ("straits_header.txt", 5)],
)
def test_clean_seed_text(cleaned: dict[str, Article | Reject], doc_id: str, removed: int) -> None:
    art = cleaned[doc_id]
    assert isinstance(art, Article)
    assert art.removed_lines == removed
    for gone in (
        "Telegram channel",
        "Skip to content",
        "Read More",
        "Leave a Reply",
        "Your email address will not be published",
    ):
        assert gone not in art.text
    assert "\n\n\n" not in art.text and not art.text.startswith("\n")
    assert art.source.endswith(doc_id.split("/")[-1])


@pytest.mark.parametrize(
    "text",
    [
        "Skip to content\n\nRead More\n\nLeave a Reply\n\nYour email address will not be published",
        "\u200b\u00ad\n\n* * *\n",
    ],
)
def test_clean_empty_after_cleaning(text: str) -> None:
    (out,) = clean_batch([RawDoc(id="x", source="x.txt", text=text)], Furniture())
    assert isinstance(out, Reject)
    assert (out.reason, out.record, out.source) == ("empty_after_cleaning", "x", "x.txt")


@pytest.mark.parametrize("html", ["<html><body><nav>Home</nav></body></html>"])
def test_clean_page_without_text_is_rejected(html: str) -> None:
    (out,) = clean_batch(
        [RawDoc(id="p", source="p.html", html=html, input_format="html")], Furniture()
    )
    assert isinstance(out, Reject) and out.reason == "no_main_text"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Title\n\nCaption\nJuly 08, 2022\n\nBody.", "2022-07-08"),
        ("Title\nBy Patrick Goodenough | April 15, 2019 | 7:21 PM EDT\nBody.", "2019-04-15"),
        (" date 2019-04-16 Macron vows to rebuild Notre-Dame after the fire", "2019-04-16"),
        (" date 2019-04 Vingt-quatre heures après le terrible incendie", None),  # month only
        ("Title\nJuly 2022\nBody.", None),
        ("27.09.2021 | Stand 27.09.2021, 12:51 Uhr |\nBody", "2021-09-27"),
        ("06/24/2023 – 5:35 pm\nBody", "2023-06-24"),
        ("03/04/2023\nBody", None),  # day and month cannot be told apart
        ("Title\n— LCP (@LCP) March 16, 2023\nBody", None),  # an embedded post's date
        ("Le 3 avril 1973, dans une rue de New York, l'inventeur appela.", None),  # a sentence
        ("Published: 8 July 2022\nBody", "2022-07-08"),
        ("February 30, 2022\nBody", None),
        ("Title\n24 июня 2023, 18:02\nBody", "2023-06-24"),
        ("Title\nPosted on July 8, 2022 by admin\nBody", "2022-07-08"),
    ],
)
def test_clean_stamp_date(text: str, expected: str | None) -> None:
    assert stamp_date(text) == expected


@pytest.mark.parametrize(
    "url,expected",
    [
        ("https://www.straitstimes.com/world/x", "straitstimes.com"),
        ("http://edition.cnn.com/2022/07/08/x", "edition.cnn.com"),
        (None, None),
        ("", None),
    ],
)
def test_clean_host_outlet(url: str | None, expected: str | None) -> None:
    assert host_outlet(url) == expected


@pytest.mark.parametrize("name", ["straits_whole_page.txt"])
def test_clean_whole_page_text_keeps_article_and_stamp(name: str) -> None:
    path = Path(__file__).parent.parent / "fixtures" / "clean" / name
    doc = RawDoc(id="p", source=str(path), text=path.read_text(encoding="utf-8"))
    (art,) = clean_batch([doc], Furniture())
    assert isinstance(art, Article)
    assert art.text.startswith("PARIS (BLOOMBERG)") and art.text.endswith("intensified.")
    assert "Most Popular" not in art.text and "cookies" not in art.text
    # the stamp above the article block, which the block itself does not hold
    assert (art.published, art.published_source) == ("2022-07-07", "page")
    assert art.removed_lines > 30
