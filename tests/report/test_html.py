"""The HTML report: content per story, escaping, link targets and a real headless browser."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from storyline.records import Article, StoryReport, span_of, story_id_for
from storyline.report.html import render_report, span_anchor

from .conftest import AMN, STRAITS

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
_CHROME_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def _render(tmp_path: Path, story: tuple[list[Article], list[StoryReport]]) -> str:
    path = render_report(tmp_path, *story)
    assert path == tmp_path / "report" / "index.html"
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("section", ["Timeline", "Who said what", "Claims", "Conflicts",
                                     "Entities", "Outlet coverage", "Articles"])
def test_html_story_sections_present(
    tmp_path: Path, seed_story: tuple[list[Article], list[StoryReport]], section: str
) -> None:
    page = _render(tmp_path, seed_story)
    assert f"<h3>{section}</h3>" in page
    report = seed_story[1][0]
    assert html.escape(report.title, quote=False) in page


@pytest.mark.parametrize("kind", ["statements", "claims", "conflicts", "events"])
def test_html_every_item_links_to_its_span(
    tmp_path: Path, seed_story: tuple[list[Article], list[StoryReport]], kind: str
) -> None:
    page = _render(tmp_path, seed_story)
    report = seed_story[1][0]
    spans = {
        "statements": [m for st in report.statements for m in st.mentions],
        "claims": [sp for c in report.claims for sp in (*c.support, *c.contradicted_by)],
        "conflicts": [p for c in report.conflicts for p in c.positions],
        "events": [sp for e in report.events for sp in e.evidence],
    }[kind]
    assert spans
    for sp in spans:
        anchor = span_anchor(sp.article, sp.start, sp.end)
        assert f'href="#{anchor}"' in page
        # the mark holds the span's own text (crossing spans may split it into nested marks)
        opened = re.search(rf'<mark id="{anchor}"[^>]*>(.*?)</p>', page, re.DOTALL)
        assert opened is not None, anchor
        inner = html.unescape(re.sub(r"<[^>]+>", "", opened.group(1)))
        assert inner.startswith(sp.text.split("\n")[0][:40])


@pytest.mark.parametrize("case", ["seed"])
def test_html_all_fragment_links_resolve(
    tmp_path: Path, seed_story: tuple[list[Article], list[StoryReport]], case: str
) -> None:
    page = _render(tmp_path, seed_story)
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "duplicate element ids"
    targets = set(re.findall(r'href="#([^"]*)"', page))
    assert targets
    assert targets <= set(ids)
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page), "external URL in the page"


@pytest.mark.parametrize("payload", ["<script>alert(1)</script>"])
def test_html_escapes_article_text_and_titles(tmp_path: Path, payload: str) -> None:
    text = f"The minister said {payload} and left.\n\nA second paragraph with <b>tags</b> & co."
    article = Article(id="evil<1>", text=text, outlet="x.example", language="en",
                      title=f"Title {payload}", story=story_id_for(["evil<1>"]))
    start = text.index(payload)
    from storyline.records import Claim

    claim = Claim("c-1", f"claim {payload}", "single_source", ("x.example",),
                  (span_of(article.id, text, start, start + len(payload)),))
    report = StoryReport(article.story or "", f"Story {payload}", (article.id,), claims=(claim,))
    page = _render(tmp_path, ([article], [report]))
    assert payload not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>tags</b>" not in page
    assert page.count("<script>") == 1  # only the report's own inline script


@pytest.mark.parametrize("overlap", [(0, 10, 5, 20), (0, 20, 5, 10), (3, 3, 0, 8)])
def test_html_overlapping_spans_nest_and_keep_text(
    tmp_path: Path, overlap: tuple[int, int, int, int]
) -> None:
    text = "Lavrov said diplomacy has rules.\nMacron answered at length."
    a = Article(id="a", text=text, outlet="o", language="en", story="s-1")
    s1 = span_of("a", text, overlap[0], overlap[1])
    s2 = span_of("a", text, overlap[2], overlap[3])
    from storyline.records import Claim

    report = StoryReport("s-1", "t", ("a",), claims=(
        Claim("c1", "one", "single_source", ("o",), (s1,)),
        Claim("c2", "two", "single_source", ("o",), (s2,)),
    ))
    page = _render(tmp_path, ([a], [report]))
    body = re.search(r'<div class="text"[^>]*>(.*?)</div>', page, re.DOTALL)
    assert body is not None
    fragment = body.group(1)
    # tags balance and the visible text is the article text, unchanged
    assert fragment.count("<mark") == fragment.count("</mark>")
    visible = html.unescape(re.sub(r"<[^>]+>", "", fragment))
    assert [line.strip() for line in visible.split("\n") if line.strip()] == text.split("\n")
    for sp in (s1, s2):
        assert f'id="{span_anchor("a", sp.start, sp.end)}"' in page


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["dump-dom"])
def test_html_opens_in_headless_chromium(
    tmp_path: Path, seed_story: tuple[list[Article], list[StoryReport]], mode: str
) -> None:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (scripts/setup installs it as root: "
                    "apt-get install -y chromium)")
    path = render_report(tmp_path / "out", *seed_story)
    url = path.resolve().as_uri()
    flags = [CHROMIUM, *_CHROME_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([*flags, "--dump-dom", url], capture_output=True, text=True,
                         timeout=120, check=True).stdout
    report = seed_story[1][0]
    assert html.escape(report.title, quote=False) in dom
    quote = report.statements[0].mentions[1].text
    assert html.escape(quote, quote=False) in dom
    assert 'data-js="ok"' in dom, "the inline script did not run to its end"
    shot = tmp_path / "shot.png"
    subprocess.run([*flags, "--window-size=1280,2000", f"--screenshot={shot}", url],
                   capture_output=True, timeout=120, check=True)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 20_000


@pytest.mark.parametrize("ids", [(AMN, STRAITS)])
def test_html_article_sections_per_article(
    tmp_path: Path, seed_story: tuple[list[Article], list[StoryReport]], ids: tuple[str, ...]
) -> None:
    from storyline.report.html import safe_id

    page = _render(tmp_path, seed_story)
    for aid in ids:
        assert page.count(f'id="art-{safe_id(aid)}"') == 1


@pytest.mark.parametrize("rejects", [0, 2])
def test_html_empty_run_and_skipped_count(tmp_path: Path, rejects: int) -> None:
    (tmp_path / "rejects.jsonl").write_text(
        "".join(json.dumps({"source": f"bad{i}.html", "reason": "no_body"}) + "\n"
                for i in range(rejects)),
        encoding="utf-8",
    )
    lone = Article(id="lone", text="A single article that formed no story at all.", outlet="o")
    page = _render(tmp_path, ([lone], []))
    assert "No stories were found" in page
    assert f"<li><b>{rejects}</b> <span>skipped inputs</span></li>" in page
    assert 'id="art-' in page and "formed no story" in page


@pytest.mark.parametrize("missing", ["gone.txt"])
def test_html_span_of_unknown_article_is_not_a_broken_link(tmp_path: Path, missing: str) -> None:
    from storyline.records import Claim

    text = "Officials confirmed the meeting took place."
    here = Article(id="here.txt", text=text, outlet="o", story="s-1")
    elsewhere = span_of(missing, "The meeting never happened.", 4, 11)
    report = StoryReport("s-1", "t", ("here.txt", missing), claims=(
        Claim("c1", "met", "conflicting", ("o",), (span_of("here.txt", text, 24, 31),),
              (elsewhere,)),
    ))
    page = _render(tmp_path, ([here], [report]))
    ids = set(re.findall(r'\sid="([^"]+)"', page))
    assert set(re.findall(r'href="#([^"]*)"', page)) <= ids
    assert '<span class="nolink" title="article not in this run">meeting</span>' in page


def test_html_related_stories_of_one_topic_link_each_other(tmp_path: Path) -> None:
    """Two stories of one topic (two hijackings) name each other; a story alone in its topic
    names none."""
    arts = [Article(id=f"a{i}", text=f"Report number {i} on a hijacking at sea.", outlet="o")
            for i in range(3)]
    reports = [
        StoryReport(id="s-1", title="First hijacking", articles=("a0",), topic="t-1"),
        StoryReport(id="s-2", title="Second hijacking", articles=("a1",), topic="t-1"),
        StoryReport(id="s-3", title="A storm", articles=("a2",), topic="t-3"),
    ]
    from storyline.report.html import safe_id

    page = _render(tmp_path, (arts, reports))
    assert page.count('class="related"') == 2

    def story(sid: str) -> str:
        return page[page.index(f'id="story-{safe_id(sid)}"'):].split("</article>")[0]

    assert f'href="#story-{safe_id("s-2")}"' in story("s-1") and "Second hijacking" in story("s-1")
    assert f'href="#story-{safe_id("s-1")}"' in story("s-2")
    assert 'class="related"' not in story("s-3")


@pytest.mark.parametrize("fail_at", [3])
def test_html_failed_render_keeps_the_old_page(
    tmp_path: Path, seed_story: tuple[list[Article], list[StoryReport]], fail_at: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The page is streamed into a temporary file: a render that fails part-way leaves the
    previous page whole and no temporary file; the page takes the umask's permissions."""
    import storyline.report.html as report_html

    old = _render(tmp_path, seed_story)
    assert oct(stat.S_IMODE((tmp_path / "report" / "index.html").stat().st_mode)) == oct(
        0o666 & ~_umask())
    calls = {"n": 0}
    real = report_html.safe_id

    def failing(article_id: str) -> str:
        calls["n"] += 1
        if calls["n"] > fail_at:
            raise RuntimeError("template failed")
        return real(article_id)

    monkeypatch.setattr(report_html, "safe_id", failing)
    with pytest.raises(RuntimeError, match="template failed"):
        render_report(tmp_path, *seed_story)
    assert calls["n"] > fail_at  # it failed while writing, after some of the page
    assert (tmp_path / "report" / "index.html").read_text(encoding="utf-8") == old
    assert [p.name for p in (tmp_path / "report").iterdir()] == ["index.html"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_timeline_shows_a_statement_in_the_storys_language_and_by_its_words() -> None:
    """The timeline names a statement by one rendering: in the language most of the story's
    articles use (English, the report's, on a tie), a direct quote before a report of it."""
    from collections import Counter

    from storyline.report.html import _headline_mention

    mentions = [
        {"language": "de", "kind": "direct", "text": "Wir haben nie abgelehnt"},
        {"language": "en", "kind": "indirect", "text": "He said they never refused"},
        {"language": "en", "kind": "direct", "text": "We have never refused"},
        {"language": "fr", "kind": "direct", "text": "Nous n'avons jamais refusé"},
    ]
    assert _headline_mention(mentions, Counter(de=1, en=1, fr=1))["text"] == (
        "We have never refused")
    assert _headline_mention(mentions, Counter(de=3, en=1, fr=1))["text"] == (
        "Wir haben nie abgelehnt")
    assert _headline_mention([], Counter()) is None
