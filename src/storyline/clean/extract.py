"""Main text and metadata of an HTML page, with trafilatura."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from storyline.clean.stamps import HeaderDates, header_dates, stamp_date
from storyline.engine.base import require
from storyline.ingest.text import normalize_date
from storyline.records import RawDoc, Reject

log = logging.getLogger(__name__)

_MIN_WORDS = 3  # fewer is a menu item or a title, not an article ("Home")
# "Headline | Site", "Headline - Site Name", "Headline » Section": a page title's site suffix
_SUFFIX = re.compile(r"\s+(?:\||–|—|-|»|::|·)\s+(?P<tail>[^|–—»·]+?)\s*$")
_MAX_SUFFIX_WORDS = 6
_SKIP_TEXT = frozenset({"script", "style", "noscript", "template", "svg", "button", "select"})
_HEADER_FRAGMENTS = 40  # text nodes read after the headline (byline, stamp, share buttons)
_HEADER_BEFORE = 8  # ... and before it (kicker, date above the headline)
_HEADER_BEFORE_SIBLINGS = 3
_PROSE_CHARS = 120  # a text node this long is the article's first paragraph: the header ends
_MAX_HEADLINE_WORDS = 40
_HEADLINE_LINES = 3  # first lines of the extracted text where the headline is repeated
_WORD = re.compile(r"\w+")
# A list of links to other pages ("related", "most read"): 3+ items, most of them mostly link text.
_LINK_LIST_ITEMS = 3
_LINK_ITEM_SHARE = 0.5  # share of an item's text inside <a>
_LINK_LIST_SHARE = 0.8  # share of the items that are links
_SVG_MAX_CHARS = 200  # an icon's or a chart's labels; more is page text inside an unclosed <svg>
_STAMP_LINE_WORDS = 15
_PROSE_WORDS = 12  # a line this long ending like a sentence: the article has begun
_SENTENCE_END = re.compile(r"[.!?…:;\"”»’)。！？]\s*$")
# An HTTP error or "not found" page, in a few languages ("404", "Page not found", "Error").
_ERROR_TITLE = re.compile(
    r"^\W*(?:error\b|erreur\b|fehler\b|404\b|403\b|500\b|503\b|page\s+not\s+found|not\s+found"
    r"|access\s+denied|seite\s+nicht\s+gefunden|page\s+introuvable|página\s+no\s+encontrada)",
    re.IGNORECASE,
)
_ERROR_MAX_WORDS = 120
_BYLINE_LEVELS = 5
_BY = re.compile(
    r"^(?:by|written\s+by|posted\s+by|words\s+by|von|par|por|di|door|av|автор)\b\s*:?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
# What follows a name in a byline: a separator, a second author, a date
_NAME_END = re.compile(r"\s*[|•·,]\s*|\s+(?:and|&|on|updated|published)\s+", re.IGNORECASE)
_NAME = re.compile(r"^[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){1,3}$")


def _texts(el: Any) -> Iterator[str]:
    """The visible text nodes of ``el`` and its descendants, in order (tails included)."""
    for node in el.iter():
        own = node.text if isinstance(node.tag, str) and node.tag not in _SKIP_TEXT else None
        # a comment's or a script's tail is visible text; ``el``'s own tail is not inside it
        tail = node.tail if node is not el else None
        for raw in (own, tail):
            if raw and (text := " ".join(raw.split())):
                yield text


def _h1s(tree: Any) -> list[Any]:
    return [h for h in tree.iter("h1") if " ".join(h.text_content().split())]


def _headline_element(tree: Any) -> Any | None:
    """Where the article's header is: the only ``<h1>``, or the first inside ``<article>``/``<main>``."""
    h1s = _h1s(tree)
    if len(h1s) == 1:
        return h1s[0]
    for h in h1s:
        if any(a.tag in ("article", "main") for a in h.iterancestors()):
            return h
    return None


def _near_headline(tree: Any) -> Any:
    """The headline's ancestor ``_BYLINE_LEVELS`` up, where a byline sits; the page without one."""
    el = _headline_element(tree)
    if el is None:
        return tree
    for _ in range(_BYLINE_LEVELS):
        parent = el.getparent()
        if parent is None:
            break
        el = parent
    return el


def byline(fragments: list[str]) -> str | None:
    """The author named by a "By ..." line in the header zone ("By Jane Doe | July 7"), or None."""
    for k, frag in enumerate(fragments):
        m = _BY.match(frag)
        if m is None:
            continue
        rest = m.group("rest").strip(" |,:-")
        if not rest and k + 1 < len(fragments):  # "By" and the name in separate elements
            rest = fragments[k + 1]
        name = _NAME_END.split(rest)[0].strip()
        if _NAME.match(name) and name[0].isupper():
            return name
    return None


def headline(tree: Any) -> str | None:
    """The visible headline of a parsed page: its only ``<h1>``; None when it has none or several.

    Sites write one title for search engines and social cards (``og:title``, ``<title>``) and
    show readers another; the one shown is the article's. A page with several ``<h1>`` (a
    template's logo, section names) does not say which is the headline.
    """
    h1s = _h1s(tree)
    if len(h1s) != 1:
        return None
    text = " ".join(h1s[0].text_content().split())
    return text if len(text.split()) <= _MAX_HEADLINE_WORDS else None


def header_fragments(tree: Any) -> list[str]:
    """The short texts around the headline, up to the first paragraph of prose (byline zone)."""
    el = _headline_element(tree)
    if el is None:
        return []
    before: list[str] = []  # in page order: the parent's earlier siblings, then the headline's
    parent = el.getparent()
    for node in (parent, el) if parent is not None else (el,):
        for sib in reversed(list(node.itersiblings(preceding=True))[-_HEADER_BEFORE_SIBLINGS:]):
            before.extend(_texts(sib))
    after: list[str] = []
    node = el
    while node is not None and len(after) < _HEADER_FRAGMENTS:
        for sib in node.itersiblings():
            for text in _texts(sib):
                if len(text) >= _PROSE_CHARS or len(after) >= _HEADER_FRAGMENTS:
                    return before[-_HEADER_BEFORE:] + after
                after.append(text)
        node = node.getparent()
    return before[-_HEADER_BEFORE:] + after


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def strip_site_suffix(title: str, sitename: str | None, url: str | None) -> str:
    """The page title without the site name appended to it ("Headline | Outlet" -> "Headline").

    A trailing segment is cut when it names the site (its name from the page, or the URL's host
    words) or is set off by a bar ("|"), the separator sites use for their own names; a short
    trailing clause set off by a dash that is not the site's name ("War in Gaza - live") stays.
    """
    out = title.strip()
    host = ""
    if url:
        netloc = urlsplit(url).netloc.lower().split(":")[0]
        host = _fold("".join(netloc.split(".")[-2:-1]) or netloc)
    names = {n for n in (_fold(sitename or ""), host) if len(n) >= 3}
    for _ in range(2):  # "Headline | Section | Site"
        m = _SUFFIX.search(out)
        if m is None or m.start() == 0:
            break
        tail = m.group("tail")
        folded = _fold(tail)
        if len(tail.split()) > _MAX_SUFFIX_WORDS or len(_fold(out[: m.start()])) < 3:
            break
        names_site = any(n in folded or folded in n for n in names if folded)
        if not (names_site or m.group(0).strip().startswith("|")):
            break
        out = out[: m.start()].rstrip()
    return out


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What a page's markup says about it (``<meta>``, JSON-LD, ``<title>``, bylines)."""

    title: str | None = None
    author: str | None = None
    date: str | None = None
    sitename: str | None = None
    url: str | None = None


def _trim(value: Any) -> str | None:
    text = " ".join(str(value).split()) if value else ""
    return text or None


def page_metadata(tree: Any, url: str | None, fragments: list[str]) -> PageMeta:
    """Title, author, date, site name and URL from the markup, as trafilatura reads them.

    trafilatura's own ``extract_metadata`` step by step, less the categories, tags and licence,
    which storyline does not keep and which cost a tenth of the extraction time. Without an
    author in the markup, a "By ..." line by the headline (``fragments``) names one.
    """
    from htmldate import find_date
    from trafilatura import metadata as tm

    meta = tm.examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None  # a handle or a single word is not a byline
    try:
        meta = tm.extract_meta_json(tree, meta)
    except Exception as exc:  # noqa: BLE001 - trafilatura's JSON-LD reader has bugs; markup stays
        log.debug("JSON-LD metadata unreadable (%s): %s", url, exc)
    title = meta.title or tm.extract_title(tree)
    # The byline sits with the headline: searching there (not the whole page) is cheaper, and
    # skips the names of other articles' authors in teasers and footers.
    author = meta.author or byline(fragments) or tm.extract_author(_near_headline(tree))
    page_url = meta.url or tm.extract_url(tree, url)
    # Markup and URL only: htmldate's extensive search guesses from any year in the text
    # ("In 2020 ..." -> 2020-01-01), and a publication date is never invented.
    date = find_date(
        tree,
        extensive_search=False,
        original_date=True,
        url=page_url,
        outputformat="%Y-%m-%d",
    )
    sitename = meta.sitename or tm.extract_sitename(tree)
    if sitename:
        sitename = sitename.lstrip("@")
        if sitename and "." not in sitename and not sitename[0].isupper():
            sitename = sitename.title()
    elif page_url and (m := tm.META_URL.match(page_url)):
        sitename = m[1]
    return PageMeta(_trim(title), _trim(author), date, _trim(sitename), _trim(page_url))


@lru_cache(maxsize=1)
def _date_published_xpath() -> Any:
    from lxml import etree  # the html extra, checked by extract_html

    return etree.XPath('//*[@itemprop="datePublished"]')


def published_markup(tree: Any) -> str | None:
    """The date an element marks as ``itemprop="datePublished"`` (schema.org microdata)."""
    for el in _date_published_xpath()(tree):
        value = el.get("content") or el.get("datetime") or el.text_content()
        if date := normalize_date((value or "").strip()):
            return date
    return None


def choose_published(
    markup_date: str | None, microdata: str | None, header: HeaderDates
) -> str | None:
    """The page's publication date from its markup (htmldate) and the dates shown by its headline.

    A date the header names the publication's, or the microdata ``datePublished``, is used even
    alone. An unnamed header date only corrects a markup date, to the earlier of the two: markup
    often carries the last modification, the byline the first publication; alone, an unnamed date
    by the headline may be an event's, so it is not taken.
    """
    if not markup_date:
        return header.published or microdata
    return min(d for d in (markup_date, microdata, header.published, header.earliest) if d)


def _link_share(item: Any) -> float | None:
    """Share of ``item``'s visible characters inside links; None when it has no text."""
    text = len("".join(item.text_content().split()))
    if not text:
        return None
    if item.find(".//a") is None:
        return 0.0
    return sum(len("".join(a.text_content().split())) for a in item.iter("a")) / text


def prune_link_lists(tree: Any) -> int:
    """Remove the lists whose items are links (related articles, "most read", tag clouds).

    trafilatura's recall mode keeps such a list when it sits inside the article's container;
    an article's own lists are text with a link here and there. Returns how many were removed.
    """
    removed = 0
    for lst in list(tree.iter("ul", "ol")):
        if len(lst) < _LINK_LIST_ITEMS or lst.getparent() is None:
            continue
        shares = [v for li in lst if li.tag == "li" and (v := _link_share(li)) is not None]
        links = sum(v >= _LINK_ITEM_SHARE for v in shares)
        if len(shares) >= _LINK_LIST_ITEMS and links >= _LINK_LIST_SHARE * len(shares):
            lst.drop_tree()
            removed += 1
    return removed


def drop_invisible(tree: Any) -> None:
    """Remove what no extractor reads as text (scripts, styles, SVG drawings), so trafilatura copies
    and searches a smaller tree. JSON-LD scripts stay (trafilatura's fallback reads article text
    there), and so does an ``<svg>`` holding text: an unclosed one swallows the page after it."""
    for el in list(tree.iter("script", "style", "svg")):
        if el.getparent() is None:
            continue
        if el.tag == "script" and "json" in (el.get("type") or ""):
            continue
        if el.tag == "svg" and len(el.text_content()) > _SVG_MAX_CHARS:
            continue
        el.drop_tree()


def drop_header_stamps(text: str, url: str | None) -> str:
    """The text without the stamp lines above its first paragraph ("Updated: March 3, 2026",
    "October 12, 2017") and without lines that are only the page's own URL (print links).

    The page's date is read first (``stamp_date``); in the body these lines are furniture.
    """
    own = (url or "").strip().rstrip("/")
    keep: list[str] = []
    in_header = True
    for line in text.split("\n"):
        s = line.strip()
        words = len(_WORD.findall(s))
        if in_header and words >= _PROSE_WORDS and _SENTENCE_END.search(s):
            in_header = False
        if own and s.rstrip("/") == own:
            continue
        if in_header and s and words <= _STAMP_LINE_WORDS and stamp_date(s):
            continue
        keep.append(line)
    return "\n".join(keep).strip("\n") or text


def _words(text: str | None) -> str:
    return " ".join(_WORD.findall((text or "").casefold()))


def drop_headline(text: str, titles: Iterable[str | None]) -> str:
    """The body without its headline: leading lines that repeat one of the page's ``titles``.

    The headline is kept in the title field; the text is the body (the extractor keeps an
    in-body ``<h1>`` now and then). Lines are compared by their words, case aside.
    """
    heads = {w for t in titles if (w := _words(t))}
    lines = text.split("\n")
    start = 0
    for k, line in enumerate(lines[:_HEADLINE_LINES]):
        if not line.strip():
            continue
        if _words(line) not in heads:
            break
        start = k + 1
    return "\n".join(lines[start:]).strip("\n") or text


def is_error_page(title: str | None, text: str) -> bool:
    """A server or "page not found" page: an error title and only a few lines of text."""
    return bool(title and _ERROR_TITLE.search(title)) and len(text.split()) < _ERROR_MAX_WORDS


def extract_html(doc: RawDoc) -> RawDoc | Reject:
    """Fill ``text`` (paragraphs as lines) and the page's title, date, site name and author.

    Values given with the input are never overwritten by the page's. The title is the visible
    headline (``<h1>``) when the page has one, else its ``<title>``/``og:title`` without the
    site's name. The text is the body: the headline (kept as the title) and lists of links to
    other pages are left out (``clean_one`` drops its stamp lines once it has read its date).

    Args:
        doc: a document whose ``html`` is set.

    Returns:
        The document with ``text`` set and ``html`` dropped, or a ``Reject`` with reason
        ``no_main_text`` (nothing extracted), ``error_page`` or ``html_unparsable``.
    """
    require("clean.extract", "trafilatura", "lxml_html_clean", extra="html")
    import trafilatura
    from trafilatura.utils import load_html

    try:
        tree = load_html(doc.html or "")
        if tree is None:
            raise ValueError("no HTML tree could be built")
        shown_title = headline(tree)
        fragments = header_fragments(tree)
        header = header_dates(fragments)
        microdata = published_markup(tree)
        # Scripts (but JSON-LD), styles and drawings hold no metadata, and without them the
        # copies htmldate and trafilatura make are smaller; a list of links may hold a byline.
        drop_invisible(tree)
        meta = page_metadata(tree, doc.url, fragments)
        prune_link_lists(tree)
        # The tree parsed above (the metadata readers leave it as it was): trafilatura copies
        # it, which is cheaper than parsing the markup again.
        result: Any = trafilatura.bare_extraction(
            tree,
            url=doc.url or meta.url,
            with_metadata=False,
            include_comments=False,
            # Tables are part of many articles (results, figures, schedules): AEB and WCXB
            # gold bodies keep them.
            include_tables=True,
            favor_recall=True,
            deduplicate=False,
        )
    except (ValueError, TypeError, AttributeError, RecursionError) as exc:
        return Reject(
            source=doc.source,
            record=doc.id,
            reason="html_unparsable",
            detail=f"{type(exc).__name__}: {exc}",
        )
    text = getattr(result, "text", None) if result is not None else None
    if not text or len(text.split()) < _MIN_WORDS:
        return Reject(
            source=doc.source,
            record=doc.id,
            reason="no_main_text",
            detail="trafilatura found no article text in the page",
        )
    meta_title = meta.title
    if meta_title:
        meta_title = strip_site_suffix(meta_title, meta.sitename, doc.url)
    if is_error_page(meta_title or shown_title, text):
        return Reject(
            source=doc.source,
            record=doc.id,
            reason="error_page",
            detail=f"the page is an error page ({(meta_title or shown_title or '')[:60]!r})",
        )
    title = shown_title or meta_title or None
    body = drop_headline(text, (shown_title, meta_title, meta.title))
    published = choose_published(normalize_date(meta.date), microdata, header)
    return doc.replace(
        text=body,
        html=None,
        title=doc.title or title,
        published=doc.published or published,
        outlet=doc.outlet or meta.sitename,
        author=doc.author or meta.author,
        url=doc.url or meta.url,
    )
