"""Furniture removal: line rules and repetition, conservative with sentences."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from storyline.clean.boilerplate import (
    Furniture,
    is_furniture_line,
    learn_furniture,
    main_block,
    main_block_span,
    strip_boilerplate,
)
from storyline.records import RawDoc

SEEDS = Path(__file__).parent.parent.parent / "samples" / "seeds"
SEED_FURNITURE = {
    "Join our brand new verified AMN Telegram channel and get important news uncensored!",
    "Skip to content",
    "• by",
    "Read More",
    "Leave a Reply",
    "Your email address will not be published.",
}
SEED_LINES = sorted(
    {
        (p.name, ln)
        for p in SEEDS.glob("*.txt")
        for ln in p.read_text(encoding="utf-8").split("\n")
        if ln.strip()
    }
)


def _seed_docs() -> list[RawDoc]:
    return [
        RawDoc(id=p.name, source=str(p), text=p.read_text(encoding="utf-8"))
        for p in sorted(SEEDS.glob("*.txt"))
    ]


@pytest.fixture(scope="module")
def seed_cleaned() -> dict[str, str]:
    docs = _seed_docs()
    furniture = learn_furniture(docs)
    return {d.id: strip_boilerplate(d.text or "", furniture, d.outlet)[0] for d in docs}


@pytest.mark.parametrize("name,line", SEED_LINES)
def test_boilerplate_seed_line(seed_cleaned: dict[str, str], name: str, line: str) -> None:
    kept = line in seed_cleaned[name].split("\n")
    assert kept is (line.strip() not in SEED_FURNITURE), line


@pytest.mark.parametrize(
    "name,removed", [("000_fac84f17711a65d7.txt", 1), ("001_f6cdfdc212c4f800.txt", 5)]
)
def test_boilerplate_seed_counts(name: str, removed: int) -> None:
    docs = {d.id: d for d in _seed_docs()}
    assert strip_boilerplate(docs[name].text or "", Furniture(), None)[1] == removed


@pytest.mark.parametrize(
    "line",
    [
        "Skip to main content",
        "Subscribe to our newsletter",
        "Sign up for The Week's Free Newsletters",
        "Support us and go ad-free",
        "Read on...",
        "READ MORE: Notre Dame Fire: Is Notre Dame still on fire?",
        "Follow us on Twitter",
        "Share this article",
        "Download the app",
        "Please enter your comment!",
        "Please enter your name here",
        "Required fields are marked *",
        "Written by Jane Doe",
        "By Jane Doe",
        "Abonnez-vous à notre newsletter",
        "Lire aussi",
        "Mehr zum Thema",
        "Suscríbete a nuestro boletín",
        "Читайте также",
        "We use cookies to improve your experience",
        "* * *",
        "|",
        "Temps de lecture : 2 minutes",
        "5 min read",
        "Join our WhatsApp channel for the latest news",
        "We may earn a commission when you buy through links on our site.",
        "As an Amazon Associate, I earn from qualifying purchases.",
        "(Reporting by Jane Doe; Editing by John Smith)",
        "Associated Press writers Jane Doe and John Smith contributed to this report.",
        "Plague fears: holidaymakers quarantined after outbreak [VIDEO]",
        "Milan Griffes on September 12, 2018 at 4:47 pm said:",
    ],
)
def test_boilerplate_furniture_line_rules(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Secret Putin phone call leaked",
        "July 08, 2022",
        "April 15, 2019 | 7:21 PM EDT",
        "Vladimir Putin and Emmanuel Macron (Official Internet Resources of the President of Russia)",
        "PARIS (BLOOMBERG) – French President Emmanuel Macron’s decision drew a rebuke.",
        "“We always say what we think.",
        "“I thought that we could find a path with Putin via trust and reasoning,” he says.",
        "Share prices fell sharply on Monday after the ship ran aground in the canal.",
        "Follow-up talks are planned for next week, the ministry said.",
        "By the end of the day, the ship had been refloated.",
        "Photo : Getty Images / Veronique de Viguerie",
        "Read the full statement from the Kremlin below:",
        "« Nous rebâtirons Notre-Dame », promet Emmanuel Macron",
        "The Associated Press",
        "On Monday, March 3, the minister said:",
        "The company earned a record profit, the report said.",
    ],
)
def test_boilerplate_article_lines_stay(line: str) -> None:
    assert not is_furniture_line(line)


@pytest.mark.parametrize("outlet", ["AMN", None])
def test_boilerplate_repeated_lines_learned(outlet: str | None) -> None:
    plug = "Exclusive: our weekly briefing on Eurasia"
    docs = [
        RawDoc(
            id=f"d{i}",
            source="x",
            outlet=outlet if outlet else f"o{i}",
            text=f"Headline number {i}\n\n{plug}\n\nBody sentence {i} about the talks.",
        )
        for i in range(3)
    ]
    furniture = learn_furniture(docs)
    text, removed = strip_boilerplate(docs[0].text or "", furniture, docs[0].outlet)
    assert (removed, plug in text) == (1, False)
    assert "Body sentence 0 about the talks." in text
    assert pickle.loads(pickle.dumps(furniture)) == furniture


@pytest.mark.parametrize("n_outlets", [1])
def test_boilerplate_shared_sentence_of_one_story_is_kept(n_outlets: int) -> None:
    # The same wire sentence in three copies from one batch without outlets is not furniture.
    wire = "The ship was refloated on Monday, the canal authority said."
    docs = [RawDoc(id=f"d{i}", source="x", text=f"Title {i}\n\n{wire}") for i in range(3)]
    text, removed = strip_boilerplate(docs[0].text or "", learn_furniture(docs), None)
    assert wire in text and removed == 0


@pytest.mark.parametrize(
    "tail",
    [
        [
            "Putin names new commander in Ukraine",
            "Macron visits Kyiv with Scholz and Draghi",
            "Lavrov leaves G20 meeting early in Bali",
        ]
    ],
)
def test_boilerplate_related_headlines_at_end(tail: list[str]) -> None:
    body = [
        "Russia slams France’s Macron",
        "",
        "PARIS – Macron’s decision drew a rebuke from Russia.",
        "",
        "Lavrov spoke in Vietnam on Wednesday.",
        "",
        "It wasn’t the first time the Elysee was accused of leaking transcripts.",
        "",
    ]
    text, removed = strip_boilerplate("\n".join(body + tail), Furniture(), None)
    assert removed == len(tail)
    assert text.endswith("leaking transcripts.")
    assert text.startswith("Russia slams France’s Macron")


@pytest.mark.parametrize("outlets", [("AP", "Yahoo", "York Dispatch")])
def test_boilerplate_syndicated_headline_is_kept(outlets: tuple[str, ...]) -> None:
    # Three copies of one wire story share headline and lead: that is the story, not furniture.
    head = "Putin vows to punish Wagner mutineers"
    lead = (
        "Russian President Vladimir Putin termed the armed mutiny by Wagner mercenaries a "
        "stab in the back and vowed to punish those behind it."
    )
    second = (
        "During a televised address, he said that Wagner chief Yevgeny Prigozhin had "
        "betrayed Russia and its people."
    )
    docs = [
        RawDoc(id=o, source="x", outlet=o, text=f"{head}\n\n{lead}\n\n{second}\n\nSign-off {o}")
        for o in outlets
    ]
    furniture = learn_furniture(docs)
    for doc in docs:
        text, removed = strip_boilerplate(doc.text or "", furniture, doc.outlet)
        assert (removed, text.split("\n")[0]) == (0, head)


@pytest.mark.parametrize(
    "tail",
    [
        [
            "Timeline",
            "Macron meets Putin in Moscow",
            "Putin recognises the regions",
            "Russia invades",
        ]
    ],
)
def test_boilerplate_closing_list_kept_without_tail_rule(tail: list[str]) -> None:
    # Text extracted from HTML: the extractor left the link lists out, a closing list is the article's.
    body = [
        "PARIS – Macron’s decision drew a rebuke from Russia.",
        "",
        "Lavrov spoke in Vietnam on Wednesday.",
        "",
        "It wasn’t the first time the Elysee was accused of leaking transcripts.",
        "",
    ]
    text, removed = strip_boilerplate(
        "\n".join(body + tail), Furniture(), None, tail_headlines=False
    )
    assert removed == 0 and text.endswith(tail[-1])


WHOLE_PAGE = Path(__file__).parent.parent / "fixtures" / "clean" / "straits_whole_page.txt"
SEED_PARAGRAPHS = [
    ln
    for ln in (SEEDS / "001_f6cdfdc212c4f800.txt").read_text(encoding="utf-8").split("\n")[6:]
    if ln.strip() and ln.strip() not in SEED_FURNITURE
]


@pytest.mark.parametrize("path", [WHOLE_PAGE])
def test_boilerplate_main_block_of_whole_page(path: Path) -> None:
    page = path.read_text(encoding="utf-8")
    block = main_block(page)
    kept = [ln for ln in block.split("\n") if ln.strip()]
    assert kept == SEED_PARAGRAPHS  # every paragraph, in order, and nothing else
    span = main_block_span(page)
    assert span is not None and page.split("\n")[span[0]] == SEED_PARAGRAPHS[0]


@pytest.mark.parametrize("name", ["000_fac84f17711a65d7.txt", "001_f6cdfdc212c4f800.txt"])
def test_boilerplate_main_block_leaves_article_text_alone(name: str) -> None:
    # Already an article (title, byline, paragraphs, a few furniture lines): nothing to select.
    text = (SEEDS / name).read_text(encoding="utf-8")
    assert main_block_span(text) is None and main_block(text) is text


@pytest.mark.parametrize(
    "lines",
    [
        # Japanese: no spaces, so characters count as half words
        [
            "ホーム",
            "ニュース",
            "スポーツ",
            "天気",
            "経済",
            "国際",
            "科学",
            "文化",
            "地域",
            "動画",
            "ランキング",
            "お問い合わせ",
        ]
        + ["東京都は十五日、新しい交通計画を発表し、市民の意見を広く集める方針を示した。"] * 4
        + ["利用規約", "プライバシー"],
    ],
)
def test_boilerplate_main_block_counts_cjk_characters(lines: list[str]) -> None:
    span = main_block_span("\n".join(lines))
    assert span == (12, 15)


def test_boilerplate_links_under_related_heading() -> None:
    body = [
        "The spire collapsed on Monday evening as firefighters fought the blaze for hours.",
        "You may also like...",
        "Who will rebuild the cathedral",
        "- Donations pour in from around the world",
        "Officials said the towers were saved.",
    ]
    out, removed = strip_boilerplate("\n".join(body), Furniture(), None, tail_headlines=False)
    assert out.split("\n") == [body[0], body[4]] and removed == 3


def test_boilerplate_main_block_stops_at_comments() -> None:
    menu = [f"Menu item {k}" for k in range(12)]
    post = [
        "Our goal with open threads is to let readers raise questions about our work, in public."
    ]
    comments = []
    for k in range(3):
        comments += [
            f"Reader {k} on September {k + 12}, 2018 at 4:4{k} pm said:",
            "I read your report and did not see any analysis of the travel times on slower buses.",
            "Logically there must be some speed at which it is no longer better to be slower here.",
        ]
    lines = menu + post + ["Comments"] + comments
    span = main_block_span("\n".join(lines))
    assert span == (12, 12)
