"""Render ``out_dir/report/index.html``: one self-contained page (inline CSS and a little JS).

The page reads records only (articles and story reports, plus ``rejects.jsonl`` when present for
the count of skipped inputs). Per story it shows a timeline, who said what with each outlet's
wording side by side, claims by status, conflicts, entities and an outlet coverage table. Every
item links to the span it rests on: each article's text is printed in paragraphs with every cited
span wrapped in ``<mark id="span-<article>-<start>-<end>">``. Jinja2 autoescapes everything; the
only markup built in Python is the marked article text, whose text pieces go through
``markupsafe.escape``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline.errors import StoreError
from storyline.records import Article, Span, StoryReport
from storyline.store.files import atomic_write

log = logging.getLogger(__name__)

_TEMPLATES = Path(__file__).parent / "templates"
_STATIC = Path(__file__).parent / "static"
_STATUS_ORDER = ("corroborated", "conflicting", "single_source")
_DATE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:/(\d{4}-\d{2}-\d{2}))?$")


def safe_id(article_id: str) -> str:
    """An HTML-id-safe, collision-free form of an article id."""
    slug = re.sub(r"[^A-Za-z0-9_-]+", "_", article_id).strip("_")[:48] or "a"
    digest = hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:6]
    return f"{slug}-{digest}"


def span_anchor(article_id: str, start: int, end: int) -> str:
    """The id of the ``<mark>`` that wraps a span in the article section."""
    return f"span-{safe_id(article_id)}-{start}-{end}"


def _parse_date(value: str | None) -> tuple[dt.date, dt.date] | None:
    """``YYYY-MM-DD`` or an inclusive range ``A/B`` -> (first, last) day, or None."""
    if not value:
        return None
    m = _DATE_RE.match(value.strip())
    if not m:
        return None
    try:
        first = dt.date.fromisoformat(m.group(1))
        last = dt.date.fromisoformat(m.group(2)) if m.group(2) else first
    except ValueError:
        return None
    return (first, last) if first <= last else (last, first)


# --------------------------------------------------------------------------- article text


@dataclass(eq=False)  # identity equality: one object per cited (start, end)
class _Cited:
    """A span printed as a mark, with the kinds of item that cite it (for colour and tooltip)."""

    start: int
    end: int
    kinds: set[str] = field(default_factory=set)
    labels: list[str] = field(default_factory=list)


def _mark_open(cited: _Cited, article_id: str, with_id: bool) -> str:
    from markupsafe import escape

    kinds = " ".join(f"k-{k}" for k in sorted(cited.kinds))
    title = escape("; ".join(dict.fromkeys(cited.labels))[:300])
    ident = f' id="{span_anchor(article_id, cited.start, cited.end)}"' if with_id else ""
    return f'<mark{ident} class="{kinds}" title="{title}">'


def _marked_paragraph(
    article_id: str, text: str, p_start: int, p_end: int, cited: list[_Cited]
) -> str:
    """One paragraph's HTML: escaped text with the cited spans as properly nested marks.

    Spans are clipped to the paragraph; a span gets its id in the paragraph where it starts.
    Crossing spans are closed and reopened (without the id) so the tags always nest.
    """
    from markupsafe import escape

    inside = [c for c in cited if (c.start < p_end and c.end > p_start)
              or (c.start == c.end and p_start <= c.start < p_end)]
    events: set[int] = {p_start, p_end}
    for c in inside:
        events.add(max(c.start, p_start))
        events.add(min(c.end, p_end))
    order = sorted(inside, key=lambda c: (c.start, -c.end))
    out: list[str] = []
    stack: list[_Cited] = []
    points = sorted(events)
    for i, pos in enumerate(points):
        # close every open span that ends here, reopening the ones closed only to keep nesting
        if any(min(c.end, p_end) == pos for c in stack):
            reopen: list[_Cited] = []
            while any(min(c.end, p_end) == pos for c in stack):
                top = stack.pop()
                out.append("</mark>")
                if min(top.end, p_end) != pos:
                    reopen.append(top)
            for c in reversed(reopen):
                out.append(_mark_open(c, article_id, with_id=False))
                stack.append(c)
        for c in order:
            if max(c.start, p_start) != pos or c in stack:
                continue
            starts_here = c.start >= p_start
            if c.start == c.end:
                out.append(_mark_open(c, article_id, with_id=True) + "</mark>")
            elif min(c.end, p_end) > pos:
                out.append(_mark_open(c, article_id, with_id=starts_here))
                stack.append(c)
        if i + 1 < len(points):
            out.append(str(escape(text[pos:points[i + 1]])))
    while stack:
        stack.pop()
        out.append("</mark>")
    return "".join(out)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Offsets of the non-blank lines of a text (each line is a paragraph)."""
    out = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip():
            out.append((pos, pos + len(body)))
        pos += len(line)
    return out


def _article_html(article: Article, cited: Iterable[_Cited]) -> list[str]:
    """An article's text as a list of paragraph HTML strings with its cited spans marked."""
    spans = sorted(cited, key=lambda c: (c.start, -c.end))
    paras = _paragraphs(article.text)
    html = []
    placed: set[tuple[int, int]] = set()
    for p_start, p_end in paras:
        local = [c for c in spans if c.end >= p_start and c.start <= p_end]
        html.append(_marked_paragraph(article.id, article.text, p_start, p_end, local))
        placed.update((c.start, c.end) for c in local if p_start <= c.start < p_end)
    # Spans that start in blank space between paragraphs still need their link target.
    stray = [c for c in spans if (c.start, c.end) not in placed]
    if stray:
        html.append("".join(_mark_open(c, article.id, with_id=True) + "</mark>" for c in stray))
    return html


# --------------------------------------------------------------------------- view model


class _Citations:
    """Collects the spans a story's items cite, per article, and hands out their links."""

    def __init__(self, outlets: dict[str, str | None]) -> None:
        self.by_article: dict[str, dict[tuple[int, int], _Cited]] = defaultdict(dict)
        self.outlets = outlets  # article id -> outlet, for every article printed in the page

    def cite(self, span: Any, kind: str, label: str) -> dict[str, Any]:
        """Register a span as cited and return its link (``href`` None: article not printed)."""
        if span.article not in self.outlets:
            log.warning("span cites article %r, which is not in this run", span.article)
            return {"href": None, "text": span.text, "article": span.article,
                    "outlet": getattr(span, "outlet", None) or span.article}
        key = (span.start, span.end)
        cited = self.by_article[span.article].setdefault(key, _Cited(span.start, span.end))
        cited.kinds.add(kind)
        cited.labels.append(label)
        return {
            "href": "#" + span_anchor(span.article, span.start, span.end),
            "text": span.text,
            "article": span.article,
            "outlet": getattr(span, "outlet", None) or self.outlets.get(span.article)
            or span.article,
        }


def _timeline(items: list[dict[str, Any]]) -> dict[str, Any]:
    """Place dated items on a date axis (percent offsets); undated ones go after."""
    dated = [i for i in items if i["range"]]
    undated = [i for i in items if not i["range"]]
    dated.sort(key=lambda i: (i["range"][0], i["range"][1], i["kind"], i["label"]))
    if not dated:
        return {"rows": [], "undated": undated, "ticks": []}
    lo = min(i["range"][0] for i in dated)
    hi = max(i["range"][1] for i in dated)
    total = (hi - lo).days + 1
    rows = []
    for i in dated:
        first, last = i["range"]
        is_range = last > first
        if is_range:
            left = 100.0 * (first - lo).days / total
            width = 100.0 * ((last - first).days + 1) / total
        else:  # a day is a dot centred on its slot (CSS pulls it back by half its width)
            left, width = 100.0 * ((first - lo).days + 0.5) / total, 0.0
        rows.append({**i, "left": round(left, 2), "width": round(width, 2),
                     "is_range": is_range})
    n_ticks = min(5, total)
    ticks = []
    for k in range(n_ticks):
        day = lo + dt.timedelta(days=round(k * (total - 1) / max(n_ticks - 1, 1)))
        ticks.append({"left": round(100.0 * ((day - lo).days + 0.5) / total, 2),
                      "label": f"{day.day} {day:%b %Y}"})
    return {"rows": rows, "undated": undated, "ticks": ticks}


_KIND_ORDER = {"direct": 0, "mixed": 1, "indirect": 2}


def _headline_mention(mentions: list[dict[str, Any]], languages: Counter[str]
                      ) -> dict[str, Any] | None:
    """The rendering a statement is shown by in the timeline: one in the language most of the
    story's articles use (English, the report's own, on a tie), the speaker's words rather than
    a report of them, else the first."""
    if not mentions:
        return None
    return min(enumerate(mentions), key=lambda km: (
        -languages.get(km[1]["language"] or "", 0), km[1]["language"] != "en",
        _KIND_ORDER.get(km[1]["kind"], 3), km[0]))[1]


def _story_view(
    report: StoryReport, articles: dict[str, Article], cites: _Citations
) -> dict[str, Any]:
    members = [articles[a] for a in report.articles if a in articles]
    outlet_of = cites.outlets
    outlets = sorted({a.outlet for a in members if a.outlet})
    story_languages = Counter(a.language for a in members if a.language)
    languages = sorted(story_languages)
    coverage: dict[str, Counter[str]] = defaultdict(Counter)
    for a in members:
        coverage[a.outlet or "(unknown outlet)"]["articles"] += 1

    def count(spans: Iterable[Any], column: str) -> None:
        for o in {getattr(s, "outlet", None) or outlet_of.get(s.article) or "(unknown outlet)"
                  for s in spans}:
            coverage[o][column] += 1

    statements = []
    timeline_items = []
    for st in report.statements:
        mentions = []
        for m in sorted(st.mentions, key=lambda m: (m.outlet or outlet_of.get(m.article) or "",
                                                    m.article, m.start)):
            link = cites.cite(m, "quote", f"{st.speaker.name}: statement")
            mentions.append({**link, "language": m.language, "kind": m.kind,
                             "speaker_text": m.speaker_text,
                             "outlet": m.outlet or link["outlet"]})
        count(st.mentions, "statements")
        view = {"id": st.id, "speaker": st.speaker.name, "said_on": st.said_on,
                "basis": st.said_on_basis, "mentions": mentions,
                "first": mentions[0]["href"] if mentions else None}
        statements.append(view)
        shown = _headline_mention(mentions, story_languages)
        said = shown["text"] if shown else ""
        said = said if len(said) <= 90 else said[:88].rsplit(" ", 1)[0] + "…"
        timeline_items.append({"kind": "statement", "label": f"{st.speaker.name}: “{said}”",
                               "detail": shown["text"] if shown else "",
                               "date": st.said_on, "range": _parse_date(st.said_on),
                               "href": view["first"],
                               "outlets": sorted({m["outlet"] for m in mentions})})
    events = []
    for ev in report.events:
        links = [cites.cite(sp, "event", f"event: {ev.summary}") for sp in ev.evidence]
        count(ev.evidence, "events")
        events.append({"id": ev.id, "summary": ev.summary, "date": ev.date, "links": links})
        timeline_items.append({"kind": "event", "label": ev.summary,
                               "detail": ev.date_basis or "", "date": ev.date,
                               "range": _parse_date(ev.date),
                               "href": links[0]["href"] if links else None,
                               "outlets": sorted({lk["outlet"] for lk in links})})
    claims: dict[str, list[dict[str, Any]]] = {}
    for c in report.claims:
        support = [cites.cite(sp, "claim", f"claim ({c.status}): {c.text}") for sp in c.support]
        against = [cites.cite(sp, "against", f"contradicts: {c.text}")
                   for sp in c.contradicted_by]
        count(c.support, "claims")
        claims.setdefault(c.status, []).append(
            {"id": c.id, "text": c.text, "outlets": list(c.outlets), "support": support,
             "against": against})
    claim_groups = [{"status": s, "items": claims[s]} for s in _STATUS_ORDER if s in claims]
    claim_groups += [{"status": s, "items": v} for s, v in claims.items()
                     if s not in _STATUS_ORDER]
    conflicts = []
    for cf in report.conflicts:
        positions = [cites.cite(p, "conflict", f"{cf.kind} conflict: {cf.about}")
                     for p in cf.positions]
        count(cf.positions, "conflicts")
        conflicts.append({"id": cf.id, "about": cf.about, "kind": cf.kind,
                          "positions": positions})
    conflicts.sort(key=lambda c: (c["kind"], c["about"]))
    entities = []
    for en in sorted(report.entities, key=lambda e: (-len(e.mentions), e.name)):
        first: dict[str, Span] = {}
        for sp in en.mentions:
            first.setdefault(sp.text, sp)
        aliases = []
        for alias in en.aliases or tuple(first):
            sp = first.get(alias)
            link = cites.cite(sp, "entity", f"{en.type}: {en.name}") if sp else None
            aliases.append({"text": alias, "href": link["href"] if link else None})
        entities.append({"id": en.id, "name": en.name, "type": en.type, "aliases": aliases,
                         "mentions": len(en.mentions),
                         "outlets": len({outlet_of.get(s.article) for s in en.mentions})})
    columns = ["articles", "statements", "events", "claims", "conflicts"]
    table = [{"outlet": o, "cells": [coverage[o][c] for c in columns]}
             for o in sorted(coverage, key=lambda o: (-coverage[o]["articles"], o))]
    dates = sorted(a.published for a in members if a.published)
    return {
        "id": report.id, "title": report.title or report.id, "outlets": outlets,
        "languages": languages, "n_articles": len(members),
        "dates": (dates[0], dates[-1]) if dates else None,
        "statements": statements, "events": events, "claim_groups": claim_groups,
        "n_claims": len(report.claims), "conflicts": conflicts, "entities": entities,
        "timeline": _timeline(timeline_items),
        "coverage": {"columns": columns, "rows": table},
        "article_ids": [a.id for a in members],
    }


def _article_view(article: Article, cites: _Citations) -> dict[str, Any]:
    cited = cites.by_article.get(article.id, {}).values()
    return {
        "anchor": "art-" + safe_id(article.id), "id": article.id, "title": article.title,
        "outlet": article.outlet, "published": article.published, "language": article.language,
        "url": article.url, "duplicate_of": article.duplicate_of,
        "duplicate_anchor": "art-" + safe_id(article.duplicate_of) if article.duplicate_of
        else None,
        "paragraphs": _article_html(article, cited), "n_cited": len(cited),
    }


def _count_rejects(out_dir: Path) -> int:
    path = out_dir / "rejects.jsonl"
    if not path.is_file():
        return 0
    try:
        with path.open(encoding="utf-8") as fh:
            return sum(1 for line in fh if line.strip())
    except OSError as exc:
        log.warning("cannot read %s: %s", path, exc)
        return 0


def _relate(views: list[dict[str, Any]], reports: Sequence[StoryReport]) -> None:
    """Give each story view the other stories of its topic on the page ("related"), largest
    first: the same kind of event, people or place, told apart as another event."""
    by_topic: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for view, rep in zip(views, reports, strict=True):
        if rep.topic:
            by_topic[rep.topic].append(view)
    for view, rep in zip(views, reports, strict=True):
        view["topic"] = rep.topic
        view["related"] = [{"id": v["id"], "title": v["title"]}
                           for v in by_topic.get(rep.topic or "", []) if v is not view]


def build_context(
    articles: Sequence[Article], reports: Sequence[StoryReport], skipped: int = 0,
    summary: dict[str, Any] | None = None, hidden: int = 0,
) -> dict[str, Any]:
    """The template's data: summary, stories (with their articles) and unclustered articles.

    ``summary`` (the run's counts) and ``hidden`` (stories left off the page) are given for a
    run whose page shows only its largest stories; by default both come from the records."""
    by_id = {a.id: a for a in articles}
    outlets = {a.id: a.outlet for a in articles}
    ordered = sorted(reports, key=lambda r: (-len(r.articles), r.title, r.id))
    # One citation index for the page: each article is printed once, with every span any
    # story cites in it, so every link has exactly one target.
    cites = _Citations(outlets)
    stories = [_story_view(rep, by_id, cites) for rep in ordered]
    _relate(stories, ordered)
    shown: set[str] = set()
    for view in stories:
        ids = [a for a in view["article_ids"] if a not in shown]
        shown.update(ids)
        view["articles"] = [_article_view(by_id[a], cites) for a in ids]
    others = [_article_view(a, cites) for a in articles if a.id not in shown]
    counts = {
        "articles": len(articles), "stories": len(reports),
        "statements": sum(len(r.statements) for r in reports),
        "events": sum(len(r.events) for r in reports),
        "claims": sum(len(r.claims) for r in reports),
        "conflicts": sum(len(r.conflicts) for r in reports),
        "duplicates": sum(1 for a in articles if a.duplicate_of),
    }
    if summary is not None:
        counts = {k: summary.get(k, v) for k, v in counts.items()}
    counts["skipped inputs"] = skipped
    return {"summary": counts, "stories": stories, "others": others, "hidden": hidden,
            "outlets": sorted({a.outlet for a in articles if a.outlet}),
            "languages": sorted({a.language for a in articles if a.language})}


def _page(
    articles: Sequence[Article], reports: Sequence[StoryReport], skipped: int = 0,
    summary: dict[str, Any] | None = None, hidden: int = 0,
) -> Iterator[str]:
    """The report page's HTML in pieces, as the template renders them (nothing joined)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
        autoescape=True, trim_blocks=True, lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["anchor"] = safe_id
    template = env.get_template("report.html")
    return template.generate(
        css=(_STATIC / "report.css").read_text(encoding="utf-8"),
        js=(_STATIC / "report.js").read_text(encoding="utf-8"),
        **build_context(articles, reports, skipped, summary, hidden),
    )


def render_html(
    articles: Sequence[Article], reports: Sequence[StoryReport], skipped: int = 0,
    summary: dict[str, Any] | None = None, hidden: int = 0,
) -> str:
    """The report page as one HTML string (no file I/O besides the packaged template)."""
    return "".join(_page(articles, reports, skipped, summary, hidden))


def render_report(
    out_dir: Path, articles: Sequence[Article], reports: Sequence[StoryReport],
    summary: dict[str, Any] | None = None, hidden: int = 0,
) -> Path:
    """Write ``out_dir/report/index.html`` for a run's records and return its path.

    The page is written as the template renders it, never held whole (a page of 2,000 articles
    is tens of MB as one string), through ``store.files.atomic_write``: a failed write leaves
    the previous page.

    Args:
        out_dir: the run's output folder (its ``rejects.jsonl``, when present, gives the count
            of skipped inputs).
        articles: every article of the run.
        reports: the story reports.
        summary: the run's counts when ``reports`` are only the largest stories.
        hidden: how many stories are left off the page (they are in ``stories/``).

    Raises:
        StoreError: the report cannot be written.
    """
    out_dir = Path(out_dir)
    pieces = _page(articles, reports, skipped=_count_rejects(out_dir),
                   summary=summary, hidden=hidden)
    path = out_dir / "report" / "index.html"
    try:
        size = atomic_write(path, pieces)
    except OSError as exc:
        raise StoreError(f"cannot write the report into {path.parent}: {exc}") from exc
    log.debug("report written to %s (%d characters)", path, size)
    return path
