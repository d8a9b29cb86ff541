"""Page furniture in scraped text, removed by general line rules and by repetition.

Two kinds of evidence, neither tied to a site:

* repetition: a short line seen in several articles of one outlet (or of the batch when the
  outlet is unknown) is furniture (menus, plugs, footers); learned per batch by ``learn_furniture``;
* line rules: navigation and skip links, calls to action (subscribe, join our channel, read more,
  share), comment forms, bare bylines, cookie notices, affiliate disclosures, wire credits,
  teasers tagged ``[VIDEO]``, lines of symbols, the links under a "Related" / "You may also like"
  heading, and a run of short headline-like lines after the last paragraph (related headlines);
* for the text of a whole page (menus, teasers and footers around the article, as a scraper that
  keeps every block returns it), the main block: the densest run of prose lines (``main_block``).

Lines that end like a sentence are only removed by the narrow comment-form, call-to-action,
disclosure and credit rules, so the article proper is not lost.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from storyline.records import RawDoc

_WORD = re.compile(r"\w+", re.UNICODE)

# Imperative calls to action, several languages. Matched at the start of a short line.
_CTA_START = re.compile(
    r"^\W*(join|subscribe|follow|sign\s*up|sign\s*in|log\s*in|register|download|get\s+(our|the)"
    r"|support\s+(us|our)|donate|share|tweet|click|tap|watch|listen|read\s+(more|next|on|also|the"
    r"\s+full)|see\s+(more|also|all)|view\s+(more|all|comments)|load\s+more|show\s+more"
    r"|continue\s+reading|more\s+from|related|recommended|advertisement|sponsored|skip\s+to"
    r"|jump\s+to|back\s+to\s+top|go\s+to|abonnez|inscrivez|suivez|lire\s+(aussi|la\s+suite|plus)"
    r"|partager|publicité|abonnieren|folgen\s+sie|mehr\s+zum\s+thema|weiterlesen|anzeige"
    r"|teilen|suscríbete|síguenos|leer\s+más|compartir|publicidad|подпис|читайте\s+также"
    r"|реклама|поделиться)(?![\w-])",
    re.IGNORECASE,
)
# What makes a sentence-like CTA line a call to the reader rather than news ("Share prices fell").
_ADDRESSEE = re.compile(
    r"\b(us|our|you|your|now|here|free|today|nous|notre|nos|vous|votre|uns|unser\w*|ihr\w*"
    r"|nuestr\w+|tu|su|нас|наш\w*|вас|ваш\w*)\b",
    re.IGNORECASE,
)
# Plugs for channels, newsletters and apps, wherever they stand in a short line.
_PLUG = re.compile(
    r"\b(newsletter|telegram|whatsapp|podcast|our\s+app|the\s+app|push\s+notifications"
    r"|ad-?free|premium\s+subscri|cookies?|privacy\s+policy|terms\s+of\s+(use|service)"
    r"|all\s+rights\s+reserved|copyright|©)\b",
    re.IGNORECASE,
)
_COMMENT_FORM = re.compile(
    r"^\W*(leave\s+a\s+(reply|comment)|post\s+a\s+comment|your\s+email\s+address\s+will\s+not"
    r"|required\s+fields\s+are\s+marked|please\s+enter\s+your\s+(comment|name|email)"
    r"|save\s+my\s+name|comments?\s*(\(\d+\))?\s*$|\d+\s+comments?$|you\s+must\s+be\s+logged\s+in"
    r"|laisser\s+un\s+commentaire|kommentar\s+schreiben|deja\s+un\s+comentario)",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^\W*(by|par|von|por|written\s+by|posted\s+by|автор)\b[\s\W]*([\w.'’-]+\s*){0,4}$",
    re.IGNORECASE,
)
_OWN = re.compile(r"\b(our|us|your|notre|nos|unser\w*|nuestro|наш\w*)\b", re.IGNORECASE)
_READING_TIME = re.compile(
    r"^\W*(\d+\s*(min(ute)?s?|мин\.?)\s+(read|de\s+lecture|lesezeit|de\s+lectura|чтения)"
    r"|(estimated\s+)?reading\s+time|temps\s+de\s+lecture|lesezeit|lesedauer|tiempo\s+de\s+lectura"
    r"|время\s+чтения)\b[\s:\d\w.]{0,20}$",
    re.IGNORECASE,
)
# Affiliate disclosures ("We may earn a commission when you buy through our links").
_DISCLOSURE = re.compile(
    r"\baffiliate\s+(?:links?|commissions?|partnerships?)\b|\bearn\s+(?:a|an\s+)?\s*(?:small\s+)?"
    r"(?:affiliate\s+)?commission|\bamazon\s+associate|\bcommission\s+(?:if|when)\s+you\s+(?:buy|purchase)",
    re.IGNORECASE,
)
_MAX_DISCLOSURE_WORDS = 60
# Wire credits closing a story: "(Reporting by ...; Editing by ...)", "... contributed to this report."
_CREDIT = re.compile(
    r"^\W*\(?\s*(?:additional\s+)?(?:reporting|writing|editing)\s+by\b", re.IGNORECASE
)
_CONTRIBUTED = re.compile(
    r"\bcontributed\s+(?:to\s+)?this\s+(?:report|story|article)", re.IGNORECASE
)
# Cheap tests before the regular expressions: words every disclosure or credit holds.
_DISCLOSURE_HINTS = ("ommission", "ffiliate", "ssociate")
# A teaser link tagged with its medium: "Plague fears grow [VIDEO]", "Macron's jibe [INSIGHT]".
_TEASER_TAG = re.compile(r"\[(?:[A-Z]{3,}|video|photos?|pictures|gallery|watch)\]\W*$")
# A heading over a list of links to other articles ("You may also like", "Don't miss").
_RELATED_HEADING = re.compile(
    r"^\W*(?:you\s+(?:may|might)\s+(?:also\s+)?like|don'?t\s+miss|related(?:\s+(?:articles?|stories"
    r"|posts|news|coverage|links))?|more\s+(?:stories|news|from|on\s+this)|recommended(?:\s+for\s+you)?"
    r"|read\s+(?:more|next|also)|see\s+also|also\s+read|top\s+stories|trending(?:\s+now)?|most\s+read"
    r"|leggi\s+anche|(?:à\s+)?lire\s+aussi|voir\s+aussi|mehr\s+zum\s+thema|lesen\s+sie\s+auch"
    r"|te\s+puede\s+interesar|leia\s+também|читайте\s+также)\W*$",
    re.IGNORECASE,
)
_MAX_RELATED_HEADING_WORDS = 6
# A reader comment's header: "Jane on September 12, 2018 at 4:47 pm said:", "Bob wrote:".
_COMMENT_HEAD = re.compile(
    r"\b(?:said|says|wrote|writes|commented|replied|a\s+écrit|schrieb|escribió|написал)\s*:\s*$",
    re.IGNORECASE,
)
_MAX_COMMENT_HEAD_WORDS = 16
_CLOCK = re.compile(r"\b\d{1,2}[:.h]\d{2}\b")
_TEASER_MAX_WORDS = 20
_SYMBOLS = re.compile(r"^[\W_]+$", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?…:;\"”»’)]\s*$")
_MAX_CTA_WORDS = 25
# Main block of a whole-page text (see ``main_block``).
_PROSE_END = re.compile(r"[.!?…:;\"”»’)。！？」』]\s*$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")  # written without spaces
_PROSE_UNITS = 10  # a line this long that ends like a sentence is a paragraph
_LONG_UNITS = 20  # ... and one this long counts half without the final stop
_LINE_CAP = 40  # one long paragraph (a legal notice, a comment) cannot outweigh many
_SHORT_COST = 12  # a menu item, a teaser headline, a caption between two blocks
_EARLIER_BLOCK = 0.7  # an earlier block this good is the article (comments follow it)
_PAGE_OUTSIDE = 0.2  # share of lines outside the block that makes a text a whole page
_PAGE_OUTSIDE_MIN = 10


def _norm(line: str) -> str:
    return " ".join(_WORD.findall(line.casefold()))


@dataclass(frozen=True, slots=True)
class Furniture:
    """Normalised lines that repeat across articles, per outlet ("" = the whole batch)."""

    lines: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def for_outlet(self, outlet: str | None) -> frozenset[str]:
        table = dict(self.lines)
        return frozenset(table.get(outlet or "", ())) | frozenset(table.get("", ()))


def _learnable(line: str, max_words: int) -> bool:
    """Short lines only, and no real sentences: a wire sentence shared by several copies of
    one story is news, not furniture."""
    words = len(_WORD.findall(line))
    if not words or words > max_words:
        return False
    s = line.strip()
    if s[:1] in "\"“”«„‘’'" or s[:2] in ("- ", "– ", "— "):
        return False  # quoted lines and dialogue are the article's
    return words <= 4 or not _SENTENCE_END.search(s)


def _story_groups(texts: list[list[str]], min_shared: int = 2, max_docs: int = 20) -> list[int]:
    """Group copies of one story: documents that share ``min_shared`` long sentences.

    A line shared by three copies of one wire story is the story's (its headline, its lead),
    whereas a line shared by three different stories is the site's. Returns one group number per
    document (union-find over an inverted index of sentences of 9+ words).
    """
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    index: dict[str, list[int]] = defaultdict(list)
    for i, lines in enumerate(texts):
        for norm in {n for n in lines if len(n.split()) >= 9}:
            index[norm].append(i)
    pairs: Counter[tuple[int, int]] = Counter()
    for holders in index.values():
        if 2 <= len(holders) <= max_docs:  # a sentence in many documents is furniture itself
            for a in range(len(holders)):
                for b in range(a + 1, len(holders)):
                    pairs[(holders[a], holders[b])] += 1
    for (a, b), shared in sorted(pairs.items()):
        if shared >= min_shared:
            parent[find(a)] = find(b)
    return [find(i) for i in range(len(texts))]


def learn_furniture(docs: Iterable[RawDoc], min_docs: int = 2, max_words: int = 25) -> Furniture:
    """Short lines seen in ``min_docs`` or more different stories of one outlet.

    Copies of one story (documents sharing long sentences) count once, so a syndicated headline
    or lead is never taken for furniture. The batch-wide table (the ``""`` key, used for every
    outlet and for documents without one) needs a line of at most 12 words in 3+ stories from
    2+ outlets. Documents given as HTML count once extracted (``text`` set) and are skipped before.

    Args:
        docs: the run's documents (global stage: it needs them all).
        min_docs: stories of one outlet a line must appear in.
        max_words: longer lines are never learned.

    Returns:
        A small picklable ``Furniture`` record.
    """
    items = [d for d in docs if d.text]
    normed = [[_norm(ln) for ln in (d.text or "").split("\n")] for d in items]
    groups = _story_groups(normed)
    per_outlet: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    batch: dict[str, set[int]] = defaultdict(set)
    outlets_of: dict[str, set[str]] = defaultdict(set)
    for doc, norms, group in zip(items, normed, groups, strict=True):
        raw = (doc.text or "").split("\n")
        seen = {n for ln, n in zip(raw, norms, strict=True) if n and _learnable(ln, max_words)}
        key = doc.outlet or ""
        for ln in seen:
            if key:
                per_outlet[key][ln].add(group)
            batch[ln].add(group)
            outlets_of[ln].add(key or doc.id)
    table: dict[str, tuple[str, ...]] = {}
    for outlet, lines in per_outlet.items():
        table[outlet] = tuple(sorted(ln for ln, g in lines.items() if len(g) >= min_docs))
    table[""] = tuple(
        sorted(
            ln
            for ln, g in batch.items()
            if len(g) >= max(3, min_docs) and len(outlets_of[ln]) >= 2 and len(ln.split()) <= 12
        )
    )
    return Furniture(tuple(sorted(table.items())))


def is_furniture_line(line: str) -> bool:
    """Line rules alone (no repetition): navigation, CTA, plugs, comment forms, bylines."""
    s = line.strip()
    if not s:
        return False
    if _SYMBOLS.match(s):
        return True
    if s.count(" ") > 2 * _MAX_DISCLOSURE_WORDS:  # a paragraph: no rule is for it (saves counting)
        return False
    words = len(_WORD.findall(s))
    if words <= _MAX_DISCLOSURE_WORDS and _disclosure_or_credit(s):
        return True
    if words > _MAX_CTA_WORDS:  # every rule below is for short lines
        return False
    if _READING_TIME.match(s) or _TEASER_TAG.search(s):
        return True
    if (_COMMENT_FORM.match(s) and words <= 20) or is_comment_head(s):
        return True
    if words <= 6 and _BYLINE.match(s) and not _SENTENCE_END.search(s):
        return True
    if words <= _MAX_CTA_WORDS and _CTA_START.match(s):
        if not _SENTENCE_END.search(s):
            return words <= 16
        # Ends like a sentence: only a short call or one that addresses the reader goes
        # ("Read more." / "Join our channel!"), not "Share prices fell on Monday."
        return words <= 3 or bool(_PLUG.search(s)) or bool(_ADDRESSEE.search(s))
    # A plug for the site's own channels: "our newsletter", "your privacy", "our Telegram".
    return bool(words <= _MAX_CTA_WORDS and _PLUG.search(s) and _OWN.search(s))


def _disclosure_or_credit(s: str) -> bool:
    if any(h in s for h in _DISCLOSURE_HINTS) and _DISCLOSURE.search(s):
        return True
    return bool(_CREDIT.match(s)) or ("contributed" in s and bool(_CONTRIBUTED.search(s)))


def is_comment_head(line: str) -> bool:
    """The line that opens a reader comment: a name and a date, then "said:" ("wrote:")."""
    s = line.strip()
    return (
        s.endswith(":")
        and len(_WORD.findall(s)) <= _MAX_COMMENT_HEAD_WORDS
        and bool(_COMMENT_HEAD.search(s))
        and bool(_CLOCK.search(s))
    )


def _units(line: str) -> float:
    """Length in words; Chinese and Japanese characters count half a word each."""
    return max(len(_WORD.findall(line)), len(_CJK.findall(line)) / 2)


def _block_score(line: str, repeated: frozenset[str]) -> float:
    """A paragraph scores its length (capped), anything else a fixed cost; a comment's header
    costs a whole paragraph, so that a comment section splits into one block per comment."""
    if is_comment_head(line):
        return -_LINE_CAP
    if is_furniture_line(line) or (repeated and _norm(line) in repeated) or _PLUG.search(line):
        return -_SHORT_COST
    units = _units(line)
    if units >= _PROSE_UNITS and _PROSE_END.search(line):
        return min(units, _LINE_CAP)
    if units >= _LONG_UNITS:
        return min(units, _LINE_CAP) / 2
    return -_SHORT_COST


def _best_run(scores: list[float], end: int) -> tuple[float, int, int]:
    """The run of ``scores[:end]`` with the highest sum (Kadane): (sum, first, last)."""
    best, first, last = float("-inf"), 0, 0
    total, start = 0.0, 0
    for k in range(end):
        if total <= 0:
            total, start = 0.0, k
        total += scores[k]
        if total > best:
            best, first, last = total, start, k
    return best, first, last


def main_block_span(text: str, repeated: frozenset[str] = frozenset()) -> tuple[int, int] | None:
    """Where the article of a whole-page text is: its first and last line numbers, or None.

    Each line scores its length if it reads as a paragraph (10+ words ending like a sentence, or
    20+ words, counted half) and a fixed cost otherwise (menus, teaser headlines, captions,
    furniture, cookie and copyright notices, ``repeated`` lines); the best-scoring run of lines is
    the article (maximum subarray, as in Finn et al.'s body text extraction). An earlier run worth
    70 % of it wins, because comments and teasers follow an article; a run above the first
    comment's header ("Jane on May 2, 2018 at 4:47 pm said:") wins over any below it. Short lines inside the run
    (sub-headings, captions, list items) belong to it.

    A text that is already an article (fewer than 10 lines, or a fifth of its lines, outside the
    run: a title, a stamp, a few furniture lines) gives None.

    Args:
        text: the document's text, one block per line.
        repeated: normalised lines known to be furniture (``Furniture.for_outlet``).

    Returns:
        ``(first, last)`` indices into ``text.split("\\n")``, or None.
    """
    lines = text.split("\n")
    rows = [i for i, ln in enumerate(lines) if ln.strip()]
    if not rows:
        return None
    scores = [_block_score(lines[i].strip(), repeated) for i in rows]
    # Reader comments follow the article: with prose above the first comment, look there only.
    end = next((k for k, i in enumerate(rows) if is_comment_head(lines[i])), len(rows))
    if end < len(rows) and _best_run(scores, end)[0] <= 0:
        end = len(rows)
    best, first, last = _best_run(scores, end)
    while first > 0:
        prev = _best_run(scores, first)
        if prev[0] < _EARLIER_BLOCK * best:
            break
        best, first, last = prev
    outside = len(rows) - (last - first + 1)
    if best <= 0 or outside < max(_PAGE_OUTSIDE_MIN, _PAGE_OUTSIDE * len(rows)):
        return None
    return rows[first], rows[last]


def main_block(text: str, repeated: frozenset[str] = frozenset()) -> str:
    """The article of a whole-page text (see ``main_block_span``), or ``text`` unchanged."""
    span = main_block_span(text, repeated)
    if span is None:
        return text
    return "\n".join(text.split("\n")[span[0] : span[1] + 1])


def is_related_heading(line: str) -> bool:
    """A short heading over links to other articles: "You may also like...", "Don't miss"."""
    s = line.strip()
    return bool(_RELATED_HEADING.match(s)) and len(_WORD.findall(s)) <= _MAX_RELATED_HEADING_WORDS


def _teaser_like(line: str) -> bool:
    """A list item or a headline-like line (no final stop): a link under a related heading."""
    words = len(_WORD.findall(line))
    return 1 <= words <= _TEASER_MAX_WORDS and (
        line.startswith(("- ", "• ", "– ")) or not _SENTENCE_END.search(line)
    )


def _headline_like(line: str) -> bool:
    s = line.strip()
    words = len(_WORD.findall(s))
    return 3 <= words <= 16 and not _SENTENCE_END.search(s)


def strip_boilerplate(
    text: str, furniture: Furniture, outlet: str | None, *, tail_headlines: bool = True
) -> tuple[str, int]:
    """Remove furniture lines; returns the cleaned text and how many lines were removed.

    Args:
        text: the document's text, one paragraph or block per line.
        furniture: repeated lines learned by ``learn_furniture``.
        outlet: the document's outlet (which furniture table applies).
        tail_headlines: also cut a closing run of headline-like lines (related links). Off for
            text extracted from HTML: the extractor already left the page's link lists out, and
            what remains there is the article's own (sub-headings, list items, a closing credit).
    """
    repeated = furniture.for_outlet(outlet)
    lines = text.split("\n")
    keep = []
    removed = 0
    in_links = False  # under a "Related" / "You may also like" heading
    for line in lines:
        s = line.strip()
        if s and in_links and _teaser_like(s):
            removed += 1
            continue
        if s:
            in_links = False
        if is_related_heading(s):
            in_links = True
            removed += 1
            continue
        if is_furniture_line(line) or (repeated and _norm(line) in repeated):
            removed += 1
            continue
        keep.append(line)
    # Related headlines: a run of 3+ short headline-like lines closing the text.
    nonblank = [i for i, ln in enumerate(keep) if ln.strip()]
    tail = 0
    for i in reversed(nonblank):
        if _headline_like(keep[i]):
            tail += 1
        else:
            break
    if tail_headlines and tail >= 3 and len(nonblank) > tail + 2:
        cut = nonblank[-tail]
        removed += tail
        keep = keep[:cut]
    out = "\n".join(keep)
    out = re.sub(r"\n{3,}", "\n\n", out).strip("\n")
    return out, removed
