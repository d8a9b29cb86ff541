"""Direct, indirect and mixed quotes with their speakers, in any language.

Direct quotes are found by quotation marks of any typography (“ ” „ « » ‹ › 「 」, straight
quotes, and two apostrophes for a double mark: ''…''), never failing on unbalanced marks; a paragraph whose quote is not closed continues into
the next paragraph when that one opens with a mark. Attribution uses the parse where there is one
(the subject of a verb of saying, "according to X") and cue words plus names elsewhere; a quote
with no attribution of its own continues the previous speaker of its paragraph. A verb of saying
that frames a quote itself vouches for any noun subject ("…,” the announcer said", "I replied:");
a colon hands a quote to the clause before it, a dash after it to the name that signs it and
whatever stands before it on its line ("“…” ― Ana Ruiz"), and a line opened by a name and a
colon is that person's: a headline's claim ("Lavrov: Leak breached etiquette"), a transcript's
words ("PENCE: Well, look, …"); quotations may nest ("“… what he calls “hell” …”"). Indirect
speech is a verb of saying with a clausal complement ("Lavrov said the leak breached
etiquette"), a sentence opened by its source ("Pour Marine Le Pen, …"), or in German a sentence
in the subjunctive right after a report ("Die Lage sei angespannt"); it is mixed when a short
quoted fragment stands inside it. A verb whose subject Spanish, Italian or Portuguese leaves
unwritten ("«…», dijo.", "Añadió que …") speaks for the person spoken of last. In English,
a sentence without such a mention gets one per reporting cue of the parse ("the poll shows …",
"he told leaders that …"; ``reported.reported_cues``), and :func:`reported_content` gives what a
mention reports without its speaker and cue. ``extract_quotes(..., phrases=True)`` adds PARC's
attributions whose content is an infinitive or a noun phrase ("vowed to …", "called for …";
``quote_objects``), which the pipeline leaves off.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise
from typing import Any

from storyline.analyze.attribution import (
    _OPENERS,
    _WORD,
    _Article,
    _clause_of,
    _find_speaker,
    _inside,
    _is_cue,
    _reported,
    _reports_clause,
    _trimmed,
    can_speak,
)
from storyline.analyze.cues import (
    CJK,
    EN_CUE_LEMMAS,
    EN_HEADLINE_VERBS,
    FIRST_PERSON,
    MEDIA_NOUNS,
    PRO_DROP,
    PRONOUNS,
    ROLE_NOUNS,
    UNSPACED,
    UPPER,
    cue_pattern,
    stem_cue,
)
from storyline.analyze.quote_frames import (
    colon_speaker,
    incise,
    label_speaker,
    opening_source,
    signature,
    transcript_labels,
)
from storyline.analyze.quote_objects import object_cues
from storyline.analyze.reported import (
    clause_start,
    cue_clause,
    reported_content,
    reported_cues,
    subordinate_report,
)
from storyline.analyze.speakers import _antecedent, _female, _is_subject, resolve_speaker
from storyline.clean.stamps import SCRAPER_STAMP
from storyline.records import Article, EntityMention, QuoteMention

__all__ = ["can_speak", "extract_quotes", "find_quoted", "reported_content"]

log = logging.getLogger(__name__)

# opening mark -> marks that close it; scraped text mixes typographies ("… back.\" / \"… now”)
_PAIRS = {"“": "”\"", "„": "“”", "«": "»", "‹": "›", "「": "」", "『": "』", "\"": "\"”",
          # Swedish and Finnish ”…” and »…», German and Danish »…« and ›…‹: a closing mark
          # elsewhere, opening only where words follow it (``_opener``)
          "”": "”", "»": "«»", "›": "‹›",
          # German single marks, low and high ("‚Wir helfen‘")
          "‚": "‘’"}
_REVERSED = frozenset("”»›")


def _opener(text: str, i: int) -> bool:
    """The mark at ``i``, one that closes a quotation in most typographies (”, », ›), opens one
    here: a word follows it at once and none precedes it (“…” and « … » close with them)."""
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return (nxt.isalnum() or nxt in "¿¡(") and not (prev.isalnum() or prev in ".,!?;:…)")


# --------------------------------------------------------------------------- quotation marks


def _apostrophe_like(text: str, i: int) -> bool:
    """A mark between two letters is inside a word, not a quotation's edge; not before Korean,
    which writes its quotative particle against the closing mark ("…하겠다"고 말했다")."""
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return prev.isalnum() and nxt.isalnum() and not "가" <= nxt <= "힣"


_TWO_APOSTROPHES = re.compile(r"(?<!['’\w])''(?=[\w(\[‘$])|(?<=[\w.,!?;:)\]’…-])''(?!['\w])")


def _double_apostrophes(text: str) -> str:
    """The text with two apostrophes standing for a double quotation mark (''…'', as news
    archives and ASCII transcripts write it) turned into a straight double quote plus a space
    on the side of the words, so that offsets stay those of ``text``."""
    if "''" not in text:
        return text

    def repl(m: re.Match[str]) -> str:
        opens = m.end() < len(text) and not text[m.end()].isspace() and (
            m.start() == 0 or not (text[m.start() - 1].isalnum() or text[m.start() - 1] in
                                   ".,!?;:)]’…-"))
        return "\" " if opens else " \""

    return _TWO_APOSTROPHES.sub(repl, text)


_SENTENCE_BEFORE = re.compile(r"[.!?…][\"'”’»]?\s+$")  # what ends the sentence before a mark
_QUOTE_MARKS = re.compile(r"[“”„«»‹›「」\"]")


def find_quoted(text: str) -> list[tuple[int, int]]:
    """Content spans (without the marks) of quoted passages, in text order; two apostrophes
    standing for a double quotation mark count as one (''…'')."""
    text = _double_apostrophes(text)
    spans: list[tuple[int, int]] = []
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    for p_idx, (ps, pe) in enumerate(paragraphs):
        i = ps
        while i < pe:
            ch = text[i]
            closers = _PAIRS.get(ch)
            if closers is None or (ch == "\"" and _apostrophe_like(text, i)) or (
                    ch in _REVERSED and not _opener(text, i)):
                i += 1
                continue
            j = i + 1
            close = -1
            inner = 0  # “…” nested in a straight-quoted passage ("Trump walked on, chanting “U-S-A!”")
            while j < pe:
                c = text[j]
                if ch == "\"" and c == "“":
                    inner += 1
                elif inner and c in closers and c != "\"":
                    inner -= 1
                elif c in closers and not (c == "\"" and _apostrophe_like(text, j)):
                    close = j
                    break
                elif c == ch and ch != "\"" and ch not in closers:
                    if not _nests(text, j + 1, pe, closers, inner):
                        break  # a second opener before any closer: the first is unbalanced
                    inner += 1  # “… what he calls “hell” than …”: a quotation in a quotation
                j += 1
            if close == -1:
                nxt = paragraphs[p_idx + 1] if p_idx + 1 < len(paragraphs) else None
                opens_para = not text[ps:i].strip()
                rest = text[i + 1 : pe]
                # (or opens the last sentence of the text: "…,” he added. “I ask again not to
                # make this mistake, to stop partic" where the page was cut)
                last = nxt is None and _SENTENCE_BEFORE.search(text, ps, i) is not None and (
                    not _QUOTE_MARKS.search(rest))
                if nxt is not None and text[nxt[0]] == ch or (
                        (opens_para or last) and ch != "\"" and ch not in rest
                        and len(_WORD.findall(rest)) >= 8):
                    # A multi-paragraph quote (each paragraph opens with a mark, none closes),
                    # or a paragraph-long quote whose closing mark was lost (a cut-off page).
                    spans.append((i + 1, pe))
                    break
                i += 1  # an unbalanced mark: skip it, keep reading
                continue
            if close > i + 1:
                spans.append((i + 1, close))
            i = close + 1
    spans += _orphans(text, spans)
    spans += _single_quoted(text, spans)
    spans.sort()
    return [_strip(text, s, e) for s, e in spans if _WORD.search(text[s:e])]


# Languages whose press sets a speaker's words off with a dash opening the paragraph instead of
# quotation marks ("– Det är oacceptabelt, säger Billström.", "— Это неприемлемо, — сказал
# Лавров.", "—Es inaceptable —dijo Albares—."); English and German lists open lines with one too.
DIALOGUE_LANGUAGES = frozenset(["ru", "uk", "pl", "es", "it", "pt", "sv", "fr", "ro", "tr", "ca"])
_DIALOGUE_OPEN = re.compile(r"[^\S\n]*(?:[–—―]|-(?=[^\S\n]))[^\S\n]*(?=[^\W\d_]|[«„“\"¿¡])")
# where the words stop for the attribution: a dash set off before a word ("… — сказал",
# "… —dijo"), or a comma before the verb of saying (", säger Billström")
_DIALOGUE_DASH = re.compile(
    r"[,.!?…]?[^\S\n]*[–—―][^\S\n]*[,.]?[^\S\n]*(?=\w)|[^\S\n]+-[^\S\n]+(?=\w)")
_DIALOGUE_MIN_WORDS = 2


def dialogue_lines(text: str, lang: str | None,
                   quoted: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Content spans of paragraphs that open with a dialogue dash, in ``DIALOGUE_LANGUAGES``:
    the words up to the attribution set off by a dash or by a comma and a verb of saying, and
    the words after it when a dash resumes them ("— A, — сказал он. — B."); none that hold or
    touch a quotation in marks (``quoted``), none of one word. A line with no attribution is
    speech only when it follows an attributed one or a paragraph that ends announcing it
    ("Лавров заявил:"): a dash also opens the lines of a list ("Главное:\n— Москва …")."""
    code = (lang or "")[:2]
    if code not in DIALOGUE_LANGUAGES:
        return []
    cue = cue_pattern(code)
    out: list[tuple[int, int]] = []
    previous = False  # the paragraph before was attributed speech, or announced it
    for line in re.finditer(r"[^\n]+", text):
        ls, le = line.span()
        m = _DIALOGUE_OPEN.match(text, ls, le)
        if m is None:
            body = text[ls:le].rstrip()
            previous = body.endswith(":") and any(
                _opens_with_cue(body, w.start(), code) for w in re.finditer(r"\w+", body))
            continue
        pos, speaking, spans, attributed = m.end(), True, [], False
        while pos < le:
            dash = _DIALOGUE_DASH.search(text, pos, le)
            stop = dash.start() if dash is not None else le
            comma = None
            if speaking:
                comma = next((c.start() for c in re.finditer(r",[^\S\n]+", text[pos:stop])
                              if cue.match(text, pos + c.end())), None)
                end = pos + comma if comma is not None else stop
                s, e = _strip(text, pos, end)
                if len(_WORD.findall(text[s:e])) >= _DIALOGUE_MIN_WORDS and not any(
                        qs < e and s < qe for qs, qe in quoted):
                    spans.append((s, e))
                if comma is not None:
                    attributed = True
                    if dash is None:
                        break  # "…, säger Billström till TT.": the attribution ends the line
            elif _opens_with_cue(text, pos, code):
                attributed = True  # "— сказал Лавров", "—dijo Albares—"
            if dash is None:
                break
            # the speaker's words resume behind the dash that closes the attribution
            # ("— A, — сказал он. — B.", "—A —dijo Albares—. B.", "—A —dijo—, y B.")
            pos = dash.end()
            # (after "…, säger X" the dash closes that attribution: the words resume)
            speaking = comma is not None or not speaking
            if not speaking and _opens_with_cue(text, pos, code):
                attributed = True
        if attributed or previous:
            out += spans
        previous = attributed or previous
    return out


_BLOCK_MIN_WORDS = 8  # a shorter paragraph after a colon is a list item or a caption
_BLOCK_CUE_WORDS = 6  # the verb of saying stands among the last words before the colon


def block_quotes(text: str, lang: str | None,
                 quoted: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Paragraphs quoted as a block whose marks the page lost: the paragraph after one that
    ends announcing it with a verb of saying and a colon ("…, offered a written apology on
    Thursday, saying:" then "We are determined to …"), of eight words or more, with no
    quotation of its own and not opened by a mark or a dash (those are quotes already)."""
    code = (lang or "en")[:2]
    lines = [m.span() for m in re.finditer(r"[^\n]*\S[^\n]*", text)]
    out: list[tuple[int, int]] = []
    for (ls, le), (ns, ne) in pairwise(lines):
        intro = text[ls:le].rstrip()
        if not intro.endswith(":"):
            continue
        last = _WORD.findall(intro)[-_BLOCK_CUE_WORDS:]
        if not any(_EN_SAY_FORM.match(w) if code == "en" else (
                cue_pattern(code).fullmatch(w) or stem_cue(w, code)) for w in last):
            continue
        s, e = _strip(text, ns, ne)
        body = text[s:e]
        if body[:1] in _OPENERS or body[:1] in "–—―-" or len(_WORD.findall(body)) < (
                _BLOCK_MIN_WORDS) or any(qs < e and s < qe for qs, qe in quoted):
            continue
        out.append((s, e))
    return out


def _nests(text: str, j: int, pe: int, closers: str, inner: int) -> bool:
    """A second opening mark at ``j - 1`` opens a quotation inside the open one when the rest
    of the paragraph holds closing marks for both (and any already open inside)."""
    return sum(text.count(c, j, pe) for c in closers if c != "\"") >= inner + 2


_SINGLE = re.compile(r"(?<![\w’'])[‘'](?=\w)(?!\d\ds?\b)((?:[^‘’'\n]|(?<=\w)['’](?=\w)){2,150}?"
                     r"[\w.,!?:])[’'](?![\w’'])", re.UNICODE)


def _single_quoted(text: str, doubles: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Single-quoted passages outside double quotes (headlines: "calls it a ‘stab in the back’",
    "'We'll rebuild this cathedral:' Macron's vow"); apostrophes inside words (don’t, ’08,
    voters’) never open or close one, and may stand inside one."""
    out = []
    for m in _SINGLE.finditer(text):
        if any(s - 1 <= m.start() < e + 1 for s, e in doubles) or _subheading(text, m):
            continue
        out.append((m.start(1), m.end(1)))
    return out


def _subheading(text: str, m: re.Match[str]) -> bool:
    """A line that is nothing but a short title-cased phrase in single marks ("'Coal Isn't the
    Villain.'"): a section heading, not a quotation."""
    ls = text.rfind("\n", 0, m.start()) + 1
    le = text.find("\n", m.end())
    if text[ls:m.start()].strip() or text[m.end():le if le >= 0 else len(text)].strip():
        return False
    words = re.findall(r"[^\W\d_][\w’'-]*", m.group(1))
    small = {"a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "is", "are"}
    return 0 < len(words) <= 8 and all(w[:1].isupper() or w.lower() in small for w in words)


_ORPHAN = re.compile(r"[”»]\s+([A-Z][^“”«»\"\n]{10,400}?[.!?,])([”»])")


def _orphans(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """A quotation whose opening mark was lost right after another one closed ("… our
    people.” And our responses will be stern.”"): the words from the first closing mark to
    an unmatched second one, when they read as sentences (a capital, four words or more)."""
    out = []
    for m in _ORPHAN.finditer(text):
        s, e = m.span(1)
        if len(_WORD.findall(text[s:e])) < 4 or any(a - 1 <= m.start(2) < b + 1 or s <= a < e
                                                    for a, b in spans):
            continue
        out.append((s, e))
    return out


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:"):
        e -= 1
    return s, e


# --------------------------------------------------------------------------- extraction

_EN_SAY_FORM = re.compile(
    r"(?:said|says|say|saying|told|tells|added|adds|adding|wrote|writes|tweeted|tweets|declared|"
    r"declares|continued|replied|responded|insisted|warned|stressed|noted|explained|stated|"
    r"announced|vowed|asked|recalled|concluded)$", re.IGNORECASE)


def _word_count(quote: str, lang: str) -> int:
    """Words of a quotation; in Japanese and Chinese, written without spaces, about one in
    two characters (a word there is one to three of them)."""
    if lang not in UNSPACED:
        return len(_WORD.findall(quote))
    cjk = len(CJK.findall(quote))
    return (cjk + 1) // 2 + len(_WORD.findall(CJK.sub(" ", quote)))


def _is_direct(ctx: _Article, cs: int, qs: int, qe: int, words: int, cue: str | None) -> bool:
    """Whole quoted utterances are direct; fragments woven into reported speech are mixed."""
    if ctx.lang in UNSPACED:  # 「…」と述べた, 表示：“…”: a quotation a cue frames is direct
        return words >= 4 or (words >= 2 and cue is not None)
    if ctx.lang == "ko" and _KO_QUOTATIVE.match(ctx.text, qe):
        return words >= 2  # "“평화를 위해 노력하겠다”고 말했다": the quotative particle after it
    before = [q for q in ctx.quoted if cs <= q[1] < qs]
    start = max([cs] + [q[1] + 1 for q in before])
    pre = ctx.text[start:qs].strip().rstrip(_OPENERS).strip()
    inner = ctx.text[qs:qe].lstrip("([ ")
    opens = _capital(inner[:1])
    if not pre or pre[-1] in ":,—–-" or (pre[-1] in ".!?।" and opens):
        return words >= 4 or (words >= 2 and cue is not None)
    last = pre.split()[-1]
    said = (_EN_SAY_FORM.search(last) if ctx.lang == "en" else
            cue_pattern(ctx.lang).fullmatch(last) or stem_cue(last, ctx.lang))
    if words < 4:
        # "Protesters chanted “What curfew?”": a whole utterance as the object of a verb of
        # speech (not of naming or writing: "called it “Crooked”", "wrote “Crippled America”")
        return words >= 1 and opens and _voiced(ctx, start + len(pre))
    return (bool(said) or _voiced(ctx, start + len(pre))) and opens


# the Korean quotative particle right after a quotation's closing mark
_KO_QUOTATIVE = re.compile(r"[”\"’」』]?(?:라고|고|라며|며)(?=[^\S\n]|$)")


def _capital(ch: str) -> bool:
    """``ch`` may open a sentence: a capital, or a letter of a script without case (Devanagari,
    Arabic, Hangul)."""
    return ch.isupper() or (ch.isalpha() and not ch.islower())


_UNVOICED = frozenset(["write", "read", "cite", "quote", "post", "call", "term", "dub", "brand",
                       "label", "describe", "tweet", "publish", "title", "name"])


def _voiced(ctx: _Article, end: int) -> bool:
    """The word ending at ``end`` is a verb of speech said aloud ("chanted", "shouting")."""
    if not ctx.parsed or ctx.lang != "en":
        return False
    toks = ctx.tokens_in(max(0, end - 30), end)
    if not toks:
        return False
    t = toks[-1]
    lemma = t.lemma_.lower()
    return (t.pos_ == "VERB" and lemma in EN_CUE_LEMMAS and lemma not in _UNVOICED
            and t.idx + len(t) == end)


def extract_quotes(doc: Any, article: Article, entities: Sequence[EntityMention], *,
                   phrases: bool = False) -> list[QuoteMention]:
    """Every quote mention of the article (direct, mixed, indirect), offsets into its text.

    Args:
        doc: ``nlp(article.text)`` from :func:`storyline.analyze.nlp.load_pipeline`.
        article: the article; its language is each mention's language.
        entities: the article's entity mentions (names for speakers without a parse).
        phrases: also English attributions whose content is an infinitive or a noun phrase
            ("she vowed to appeal", "Clinton called for higher taxes", "he cited a poll"):
            PARC's attributions beyond clauses. Off in the pipeline: the story's statements
            align utterances, and these mentions split its clusters (see ``quote_objects``).

    Returns:
        Mentions in text order; a direct mention spans the words inside the marks, a mixed or
        indirect one the sentence that reports the speech.
    """
    quoted = find_quoted(article.text)
    quoted = sorted(quoted + dialogue_lines(article.text, article.language, quoted)
                    + block_quotes(article.text, article.language, quoted))
    ctx = _Article(doc, article, entities, quoted)
    text = ctx.text
    drafts: list[dict[str, Any]] = []
    used: set[int] = set()
    mixed_at: set[tuple[int, int]] = set()
    mixed_of: dict[int, dict[str, Any]] = {}  # cue token -> its mixed draft
    direct_cues: set[int] = set()
    quote_cues: set[int] = set()  # cue tokens that attribute a quotation
    transcript = transcript_labels(text)
    for qs, qe in ctx.quoted:
        _lo, _hi, cs, ce = ctx.context(qs, qe)
        # Only sentences the quote itself touches are spoken for; a neighbour that reports
        # speech of its own ("Rabie said it would take days. “We'll work …”") stays free.
        touched = range(ctx.sent_of(qs), ctx.sent_of(max(qs, qe - 1)) + 1)
        label = label_speaker(ctx, qs, qe, transcript)
        if label is not None and label[2]:  # a transcript's line in marks: "“PENCE: Well, …"
            used.update(touched)
            drafts.append({"s": label[1], "e": qe, "kind": "direct", "span": label[0],
                           "cue": ":", "ss": cs, "se": ce})
            continue
        inside = incise(ctx, qs, qe)
        if inside is not None:  # "«A —dijo Sánchez—, B»": two pieces of one quote, its speaker
            a, b, span, cue = inside
            used.update(touched)
            for ps, pe in ((qs, a), (b, qe)):
                ps, pe = _strip(text, ps, pe)
                if pe > ps:
                    drafts.append({"s": ps, "e": pe, "kind": "direct", "span": span,
                                   "cue": cue, "ss": cs, "se": ce})
            continue
        words = _word_count(text[qs:qe], ctx.lang)
        cue, span, _tok = _find_speaker(ctx, cs, ce, qs)
        lead = _name_colon(ctx, qs)
        if lead is not None and (_tok is None or ctx.line_of(_tok.idx) != ctx.line_of(qs)):
            span, cue, _tok = lead, ":", None  # "Macron : « … »", "Zakharova: ‘…’"
        if span is None and cue is None and words >= 3 and ctx.lang in _NAME_QUOTE_HEADLINES and (
                named := _name_before(ctx, qs)) is not None:
            span = named  # a headline of a name and its quotation ('라브로프 "모스크바, …"')
        if span is None and cue is None:
            m = re.search(r"([^\n.:“”\"«»]{2,60}):\s*$", text[cs:max(cs, qs - 1)])
            if m:
                ents = [x for x in entities if cs + m.start(1) <= x.start < cs + m.end(1)]
                if ents:
                    span, cue = (ents[-1].start, ents[-1].end), ":"
        ls = ctx.lines[ctx.line_of(qs)][0]
        if span is None and cue is None and (src := opening_source(ctx, ls, ce)) is not None and (
                not re.search(r"[.!?]\s", text[src[1]:qs])):  # the quote's own sentence
            span, cue = src, text[ls:src[0]].split()[0]
        if span is None and cue is None:
            # "‘Worst avoided, vows to rebuild’: Macron on …": the name after a headline colon.
            # (the colon inside the marks too: "'We'll rebuild this cathedral:' Macron's vow")
            m = re.match(r"[\s’'”\"»」]*:[\s’'”\"»」]*", text[qe:qe + 8])
            if m:
                ents = [x for x in entities if x.start == qe + m.end() and x.label == "PERSON"]
                if ents:
                    span, cue = (ents[0].start, ents[0].end), ":"
        if ctx.parsed and (span is None or (_tok is not None and _tok.idx >= qe)):
            colon = colon_speaker(ctx, qs)
            if colon is not None and span is not None and _tagged(text, qe, span, _tok) and (
                    not _ends_colon(ctx, colon[1], qs)):
                colon = None  # "… the impact it said X would have: “…,” the union wrote"
            if colon is not None:  # "X wrote:\n“…”", "Obama has a new message: “…”"
                span, _tok = colon
                cue = _tok.text
        signed = signature(ctx, qe)
        if signed is not None:  # a signature beats any cue of the neighbouring sentences
            span, cue, _tok = signed, "―", None
        if _names_a_work(text, qs, qe) and not _is_direct(ctx, cs, qs, qe, words, cue):
            continue  # "a clip of ‘The 411’", "on MSNBC's “Morning Joe”": a name, no quotation
        used.update(touched)
        if _is_direct(ctx, cs, qs, qe, words, cue):
            if _tok is not None:
                direct_cues.add(_tok.i)
                quote_cues.add(_tok.i)
            drafts.append({"s": qs, "e": qe, "kind": "direct", "span": span, "cue": cue,
                           "ss": cs, "se": ce})
            continue
        if cue is None and span is None:
            if words >= 8:  # a whole utterance run on from the last speaker's words
                drafts.append({"s": qs, "e": qe, "kind": "direct", "span": None, "cue": None,
                               "ss": cs, "se": ce})
            continue  # a scare quote or a title in quotation marks
        if span is not None and span[0] <= qs < span[1]:
            continue  # a nickname inside the speaker's name (Marcia “Cia” Price)
        tok_key = _tok.i if _tok is not None else None
        if tok_key is not None and tok_key in direct_cues:
            continue  # the cue's speech is the direct quote of this sentence, not this fragment
        if tok_key is not None:
            quote_cues.add(tok_key)
        ms, me = _trimmed(text, cs, ce)
        if _tok is not None and span is not None:
            clause = _clause_of(_tok, qs, qe, span)
            if clause is not None:
                ms, me = _trimmed(text, *clause)
        key = (ms, len(text[ms:me].rstrip(" \t\n,;:.!?\"”»’'")) + ms)
        if key in mixed_at:
            continue  # two fragments of one sentence ("agreed to “…,” and were promised “…”")
        mixed_at.add(key)
        earlier = mixed_of.get(tok_key) if tok_key is not None else None
        if earlier is not None and ms < earlier["e"] and earlier["s"] < me:
            # one cue's two fragments whose sentences the parse cut apart ("speaking of “…”
            # and assuring that those responsible “will pay for it. We will …”"): one mention
            earlier["s"], earlier["e"] = min(earlier["s"], ms), max(earlier["e"], me)
            earlier["se"] = max(earlier["se"], ce)
            continue
        draft = {"s": ms, "e": me, "kind": "mixed", "span": span, "cue": cue, "ss": cs, "se": ce}
        if tok_key is not None:
            mixed_of[tok_key] = draft
        drafts.append(draft)
    drafts += _indirect_drafts(ctx, used, quote_cues, phrases)
    drafts += _label_drafts(ctx, drafts, transcript)
    drafts += _title_drafts(ctx, drafts)
    drafts += _subjunctive_drafts(ctx, drafts)
    drafts.sort(key=lambda d: (d["s"], d["e"]))
    return [_unstamped(q) for q in _resolve(ctx, drafts)]


def _unstamped(q: QuoteMention) -> QuoteMention:
    """``q`` starting after a scraper's stamp it would open with ("date 2019-04 El incendio …")."""
    m = SCRAPER_STAMP.match(q.text)
    if m is None or m.end() >= len(q.text.rstrip()):
        return q
    return replace(q, start=q.start + m.end(), text=q.text[m.end():])


# German verbs in the subjunctive of reported speech (Konjunktiv I, and the II that stands in
# for it where the I reads as the indicative): "Die Lage sei angespannt", "Man werde reagieren"
_DE_SUBJUNCTIVE = re.compile(
    r"(?<!\w)(?:sei|seien|habe|werde|könne|müsse|solle|wolle|dürfe|möge|gebe|stehe|liege|komme|"
    r"gehe|bleibe|wisse|sehe|lasse|brauche|hätten|wären|würden)(?!\w)")


def _subjunctive_drafts(ctx: _Article, drafts: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """German reported speech that runs on without a verb of saying: a sentence in the
    subjunctive right after a mention with a speaker ("Scholz sagte, man prüfe die Lage. Die
    Lage sei „sehr angespannt“.") reports that speaker's words too, as do the next ones while
    the subjunctive lasts, unless one has a verb of saying of its own. A mention of its own for
    each, credited to the same speaker."""
    if ctx.lang != "de":
        return []
    text = ctx.text
    out: list[dict[str, Any]] = []
    for i, (ss, se) in enumerate(ctx.sents[1:], start=1):
        if any(d["s"] < se and ss < d["e"] for d in drafts) or not _DE_SUBJUNCTIVE.search(
                text[ss:se]):
            continue
        if _says_itself(ctx, ss, se):
            continue  # a verb of saying of its own: its own attribution, found or not
        ps, pe = ctx.sents[i - 1]  # the sentence before reports, with a speaker
        before = [d for d in [*drafts, *out] if d["s"] < pe and ps < d["e"]
                  and d["span"] is not None]
        if not before or ctx.line_of(ss) - ctx.line_of(ps) > 2:
            continue
        prev = max(before, key=lambda d: d["e"])
        ms, me = _trimmed(text, ss, se)
        out.append({"s": ms, "e": me, "kind": _report_kind(ctx, ms, me), "span": prev["span"],
                    "cue": None, "ss": ss, "se": se})
    return out


def _says_itself(ctx: _Article, ss: int, se: int) -> bool:
    """The German sentence ``ss:se`` has a verb of saying of its own, outside quotations ("Die
    Lage sei „so ernst wie nie“" has none) and not the adverb "so" ("sei so ernst"): only
    "…, so Merkel" attributes."""
    text = ctx.text
    for m in [*cue_pattern("de").finditer(text, ss, se),
              *(w for w in _WORD.finditer(text, ss, se) if stem_cue(w.group(0), "de"))]:
        if _inside(m.start(), ctx.quoted):
            continue
        if m.group(0).lower() == "so" and not re.search(r"[,“”\"»«]\s*$", text[ss:m.start()]):
            continue
        return True
    return False


def _report_kind(ctx: _Article, s: int, e: int) -> str:
    """"mixed" for reported speech whose words ``s:e`` hold a quotation, else "indirect"."""
    return "mixed" if any(s <= a < e for a, _ in ctx.quoted) else "indirect"


def _label_drafts(ctx: _Article, drafts: Sequence[dict[str, Any]], transcript: frozenset[str]
                  ) -> list[dict[str, Any]]:
    """A line no other mention touches that opens with its speaker's name and a colon
    (``quote_frames.label_speaker``): a headline's claim ("Lavrov: Leak of the call breached
    etiquette"), reported speech spanning the line (mixed when it holds a quotation), or a
    transcript's line ("PENCE: Gennifer Flowers will not …"), the speaker's words verbatim."""
    text = ctx.text
    out: list[dict[str, Any]] = []
    for ls, le in ctx.lines:
        if any(d["s"] < le and ls < d["e"] for d in drafts):
            continue
        label = label_speaker(ctx, ls, le, transcript)
        if label is None:
            continue
        span, words, verbatim = label
        if verbatim:
            s, e = _trimmed(text, words, le)
            kind = "direct"
        else:
            s, e = _trimmed(text, ls, le)
            kind = _report_kind(ctx, words, le)
        out.append({"s": s, "e": e, "kind": kind, "span": span, "cue": ":", "ss": ls, "se": le})
    return out


# The present-tense verbs of English headlines ("Putin Accuses Wagner Mercenaries of
# 'Treason'", "Macron Vows To Rebuild Notre Dame"): in Title Case the parser takes them for names
_TITLE_SPEAKER_WORDS = 4


def _title_drafts(ctx: _Article, drafts: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """An English headline in Title Case that no mention touches, its speaker's name then a
    headline verb of saying ("Putin Accuses Wagner Mercenaries of 'Treason'"): reported speech
    spanning the line (mixed when it holds a quotation), credited to the name."""
    if ctx.lang != "en":
        return []
    text = ctx.text
    out: list[dict[str, Any]] = []
    for ls, le in ctx.lines:
        if any(d["s"] < le and ls < d["e"] for d in drafts):
            continue
        stamp = SCRAPER_STAMP.match(text, ls, le)  # "date 2023-06-24 Putin Accuses …"
        ls = stamp.end() if stamp is not None else ls
        words = list(re.finditer(r"[\w'’-]+", text[ls:le]))
        long = [w.group(0) for w in words if len(w.group(0)) >= 4]
        if len(words) < 3 or len(long) < 3 or sum(w[:1].isupper() for w in long) < 0.8 * len(long):
            continue  # not a title-cased line
        verb = next((k for k, w in enumerate(words[:_TITLE_SPEAKER_WORDS + 1])
                     if k and w.group(0).lower() in EN_HEADLINE_VERBS), None)
        if verb is None or not all(w.group(0)[:1].isupper() for w in words[:verb]):
            continue
        span = (ls + words[0].start(), ls + words[verb - 1].end())
        last = words[verb - 1].group(0)
        if not any(x.start < span[1] and span[0] < x.end and x.label in ("PERSON", "ORG", "GPE")
                   for x in ctx.entities) and not any(
                x.label == "PERSON" and x.text.split()[-1] == last for x in ctx.entities):
            continue  # the words before the verb name no one the article knows
        s, e = _trimmed(text, ls, le)
        out.append({"s": s, "e": e, "kind": _report_kind(ctx, s, e), "span": span,
                    "cue": words[verb].group(0), "ss": ls, "se": le})
    return out


_TAG_GAP = re.compile(r"[,?!—–-]*[”\"»’']\s*")


def _tagged(text: str, qe: int, span: tuple[int, int], cue: Any) -> bool:
    """The attribution follows the quotation at once ("…,” the union wrote", "…?” asked X")."""
    return _TAG_GAP.fullmatch(text, qe, min(span[0], cue.idx)) is not None


def _ends_colon(ctx: _Article, verb: Any, qs: int) -> bool:
    """The colon before the quotation ends a sentence of ``verb``'s own ("X scolded him:
    “…”"), not a clause set inside another ("The statement referenced the impact it said X
    would have: “…”"): then it beats an attribution right after the quotation."""
    ss = ctx.sents[ctx.sent_of(verb.idx)][0]
    return not _WORD.search(ctx.text[ss:verb.left_edge.idx])


_TITLE_SMALL = frozenset(["a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or",
                          "is", "with", "from", "by"])
_BEFORE_TITLE = frozenset(["of", "on", "in", "at", "during", "from"])


def _names_a_work(text: str, qs: int, qe: int) -> bool:
    """The quoted words are a title (at most six words, all capitalised but small ones) that a
    preposition or a possessive introduces: a show, a book, an event ("a clip of ‘The 411’",
    "on MSNBC's “Morning Joe”"). After an article they may be a name or a scare quote."""
    words = re.findall(r"[\w'’-]+", text[qs:qe])
    if not 0 < len(words) <= 6 or not words[0][:1].isupper() or not all(
            w[:1].isupper() or w[:1].isdigit() or w.lower() in _TITLE_SMALL for w in words):
        return False
    before = re.search(r"([\w'’]+)\W*$", text[max(0, qs - 30):qs].rstrip(_OPENERS + "‘'"))
    if before is None:
        return False
    word = before.group(1).lower()
    return word in _BEFORE_TITLE or word.endswith(("'s", "’s"))


def _indirect_drafts(ctx: _Article, used: set[int], quote_cues: set[int], phrases: bool = False
                     ) -> list[dict[str, Any]]:
    """Indirect speech: a sentence free of quotations whose verb of saying takes a clause
    ("Lavrov said the leak breached etiquette") spans the sentence. In an English sentence with
    no such mention, every reporting cue the parse shows (:func:`reported_cues`: "he told a
    meeting of leaders that …", "the poll shows …", "…, which he said were at his side") adds
    a mention spanning its own clause, also beside quotations when the cue attributes none of
    them and its clause holds none; with ``phrases``, so does every cue whose content is an
    infinitive or a noun phrase (``quote_objects.object_cues``: "vowed to …", "called for …",
    "cited a poll"). One sentence-wide mention is kept alone (clause mentions beside it split
    what the story's statements align) unless the sentence holds two attributions side by side
    ("A agreed that …, but he said …"): then each clause is a mention."""
    text = ctx.text
    out: list[dict[str, Any]] = []
    for i, (ss, se) in enumerate(ctx.sents):
        if not _WORD.search(text[ss:se]):
            continue
        whole = None
        if i not in used:
            cue, span, tok = _find_speaker(ctx, ss, se, ss, strong=True)
            ms, me = _trimmed(text, ss, se)
            # (Japanese and Chinese leave the subject out anywhere: "また、…と語った")
            dropped = (cue is not None and span is None and ctx.lang in PRO_DROP
                       and (ctx.lang in UNSPACED or _opens_with_cue(text, ms, ctx.lang)))
            shortest = 8 if ctx.lang in UNSPACED else 15  # characters: CJK writes words short
            if cue is not None and (span is not None or dropped) and me - ms >= shortest and (
                    (ctx.parsed and (tok is None or _reported(tok))) or (
                    not ctx.parsed and _reports_clause(text[ss:se], ctx.lang))):
                # "Alors que …, le président s'est engagé à …": from the speaker on
                at = clause_start(tok, span[0]) if tok is not None else None
                if at is not None and at > ms and (text[ms:at].rstrip().endswith(",") or (
                        _own_conjunct(tok) and _CONJUNCTION_END.search(text[ms:at].rstrip()))):
                    # ("The country would leave by March, and the prime minister suggested
                    # that …": a conjunct with a subject of its own)
                    ms, me = _trimmed(text, at, me)
                if tok is not None and span is not None and (own := _own_clause(tok)):
                    ms, me = _trimmed(text, max(ms, own[0]), min(me, own[1]))
                whole = {"s": ms, "e": me, "kind": "indirect", "span": span, "cue": cue,
                         "ss": ss, "se": se}
        if whole is None and i not in used and (src := opening_source(ctx, ss, se)):
            ms, me = _trimmed(text, ss, se)  # "Para el ministro, la medida llega tarde."
            whole = {"s": ms, "e": me, "kind": "indirect", "span": src,
                     "cue": text[ss:src[0]].split()[0], "ss": ss, "se": se}
        if not ctx.parsed or ctx.lang != "en":
            out += [whole] if whole else []
            continue
        clauses = _clause_drafts(ctx, i, used, quote_cues)
        if whole is not None and not _side_by_side(clauses):
            out.append(whole)  # one attribution: the sentence is its mention
            continue
        out += clauses
        taken = set(quote_cues) | {d["tok"] for d in clauses}
        for tok, span, (cs, ce) in object_cues(ctx, ss, se, taken) if phrases else ():
            ms, me = _trimmed(text, min(span[0], tok.idx, cs), max(span[1], ce))
            out.append({"s": ms, "e": me, "kind": "indirect", "span": span, "cue": tok.text,
                        "ss": ss, "se": se})
    return out


_CONJUNCTION_END = re.compile(r"(?<!\w)(?:and|but|while|whereas|yet|so|et|mais|y|pero|und|aber)$",
                              re.IGNORECASE)


def _own_conjunct(cue: Any) -> bool:
    """A cue coordinated to a clause before it, with a subject of its own."""
    return cue.dep_ == "conj" and cue.head.i < cue.i and any(
        c.dep_ in ("nsubj", "nsubjpass") for c in cue.children)


def _own_clause(cue: Any) -> tuple[int, int] | None:
    """The characters of a cue's clause when it is set into a sentence about something else
    ("Women face barriers, though she noted clients are …": ``subordinate_report`` under a
    verb that reports nothing); None otherwise."""
    if _relative_report(cue):
        # "The talks were hosted by Sergei Lavrov, who said on Wednesday that …": the
        # antecedent and its relative clause, not the sentence about something else
        toks = [t for t in cue.head.subtree if t.i <= cue.head.i and not (
                t.dep_ == "case" and t.head.i == cue.head.i)  # "par Sergueï Lavrov, qui …"
                or t.i in {x.i for x in cue.subtree}]
    elif not subordinate_report(cue) or _reported(cue.head):
        return None
    else:
        toks = list(cue.subtree)
    while toks and toks[-1].is_punct:
        toks.pop()
    return toks[0].idx, toks[-1].idx + len(toks[-1])


def _relative_report(cue: Any) -> bool:
    """A cue heading a relative clause whose relative pronoun is its subject and that reports
    a clause of its own ("…, who said on Wednesday that …", "…, qui a déclaré que …")."""
    relative_subject = any(
        c.dep_ in ("nsubj", "nsubj:pass") and ("Rel" in c.morph.get("PronType")
                                               or c.tag_ in ("WP", "WDT"))
        for c in cue.children)
    return (cue.dep_ in ("relcl", "acl:relcl") and relative_subject
            and any(c.dep_ == "ccomp" for c in cue.children) and not _inside_report(cue.head))


def _inside_report(tok: Any) -> bool:
    """The verb above ``tok`` is a verb of saying reporting a clause ("He said that X, who …")."""
    while tok.head.i != tok.i and tok.pos_ not in ("VERB", "AUX"):
        tok = tok.head
    return tok.pos_ in ("VERB", "AUX") and _is_cue(tok, tok.lang_) and _reported(tok)


def _opens_with_cue(text: str, start: int, lang: str) -> bool:
    """The sentence at ``start`` opens with its verb of saying ("Añadió que …", "Ha aggiunto
    che …"): a subject left unwritten."""
    m = cue_pattern(lang).match(text, start)
    word = _WORD.match(text, start)  # (no copy of the text after it)
    return m is not None or (word is not None and stem_cue(word.group(0), lang))


def _clause_drafts(ctx: _Article, i: int, used: set[int], quote_cues: set[int]
                   ) -> list[dict[str, Any]]:
    """One indirect draft per reporting cue of sentence ``i`` (:func:`reported_cues`) that
    attributes no quotation, spanning its own clause."""
    text = ctx.text
    ss, se = ctx.sents[i]
    out: list[dict[str, Any]] = []
    for tok, span in reported_cues(ctx, ss, se):
        if tok.i in quote_cues:
            continue
        cs, ce = cue_clause(tok, span)
        ms, me = _trimmed(text, max(ss, cs), min(se, ce))
        if i in used and _holds_quote(ctx, ms, me):
            # Less the attribution of another quotation inside it ("She said A, and when
            # pressed, the mother replied, “…”"), it may hold none.
            cs, ce = cue_clause(tok, span, frozenset(quote_cues))
            ms, me = _trimmed(text, max(ss, cs), min(se, ce))
            if len(_WORD.findall(text[tok.idx + len(tok):me])) < 3:
                continue  # what it reports was that attribution ("X says Y has agreed “…”")
        if i in used and _holds_quote(ctx, ms, me):
            continue  # a clause that holds a quotation belongs to that quotation's mention
        if me - ms < 15 or len(_WORD.findall(text[ms:me])) < 4:
            continue
        out.append({"s": ms, "e": me, "kind": "indirect", "span": span, "cue": tok.text,
                    "ss": ss, "se": se, "tok": tok.i})
    return out


def _side_by_side(clauses: list[dict[str, Any]]) -> bool:
    """Two attributions or more that stand apart in one sentence, none inside another ("X
    says A and said B", "A agreed that …, but he said …"): each is a mention of its own."""
    if len(clauses) < 2:
        return False
    spans = sorted((d["s"], d["e"]) for d in clauses)
    return all(a[1] <= b[0] for a, b in pairwise(spans))


def _holds_quote(ctx: _Article, s: int, e: int) -> bool:
    return any(s <= q[0] < e or s < q[1] <= e for q in ctx.quoted)


def _is_person(name: str, persons: Sequence[EntityMention]) -> bool:
    words = set(name.casefold().split())
    return any(set(p.text.casefold().split()) <= words for p in persons)


_RELAY_LINES = 2  # lines above a relayed quote where the person it gives the words of is named
_TOKEN = re.compile(r"[^\W\d_][\w-]*", re.UNICODE)


def _relayed(ctx: _Article, d: dict[str, Any], persons: Sequence[EntityMention],
             speakers: set[str]) -> None:
    """A first-person quote whose written speaker is a medium ("…, сообщает Телеграм-канал
    VarlamovNews", "“We are turning back,” the channel reported") gives the words of the person
    the article names last before it (its headline or lead: "Евгений Пригожин разворачивает
    свои колонны"), within ``_RELAY_LINES`` lines: that person becomes the speaker's name, the
    medium stays the written speaker. ``speakers``: the words of the names the article's other
    quotes were resolved to."""
    if d["kind"] != "direct" or d["span"] is None:
        return
    a, b = d["span"]
    written = _TOKEN.findall(ctx.text[a:b])
    # the speaker as written and the words right before it ("Телеграм-канал VarlamovNews")
    heads = [w.casefold() for w in written]
    heads += [w.casefold() for w in _TOKEN.findall(ctx.text[max(0, a - 40):a].split("\n")[-1])][-2:]
    if not any(w in MEDIA_NOUNS or w.rsplit("-", 1)[-1] in MEDIA_NOUNS for w in heads):
        return
    if not {w.casefold() for w in _TOKEN.findall(ctx.text[d["s"]:d["e"]])} & FIRST_PERSON:
        return
    # people, and names the article gives as a person's or a speaker's elsewhere (rule
    # entities are people only beside a cue or a title)
    known = {w for e in persons for w in e.text.split()} | speakers
    known -= set(written)
    line = ctx.line_of(d["s"])
    before = [e for e in ctx.entities if e.end <= d["s"] and not _inside(e.start, ctx.quoted)
              and (e.label == "PERSON" or (e.label == "OTHER" and set(e.text.split()) & known))
              and line - ctx.line_of(e.start) <= _RELAY_LINES]
    if before:
        named = before[-1]
        d["name"] = resolve_speaker(named.text, named.start, named.end, ctx.text, ctx.entities)


_CLOSERS = "”»\"’'」』›“"


_NAME_COLON = re.compile(
    r"(" + UPPER + r"[\w’'-]+(?:[^\S\n]+" + UPPER + r"[\w’'-]+){0,3})[^\S\n]*:[^\S\n]*$")


def _name_colon(ctx: _Article, qs: int) -> tuple[int, int] | None:
    """A line that opens with a name and a colon before the quotation (the headline's "Name:
    ‘…’", French "Macron : « … »") is that person's quote, whether or not the recogniser took
    the word for a name, before any cue of the neighbouring lines."""
    ls = ctx.lines[ctx.line_of(qs)][0]
    head = ctx.text[ls:qs].rstrip().rstrip(_OPENERS)
    m = _NAME_COLON.fullmatch(head) if len(head) <= 60 else None
    if m is None or m.group(1).lower() in ("selon", "according"):
        return None
    return ls + m.start(1), ls + m.end(1)


# Presses whose headlines set a quotation right after its speaker's name, no colon ('라브로프
# "…"', '习近平“…”'); English runs its headline names into other words ("OBAMA FOCUSED “ON HIS
# GOLF GAME”": a subheading, the quoted words another's)
_NAME_QUOTE_HEADLINES = frozenset(["ko", "ja", "zh"])


def _name_before(ctx: _Article, qs: int) -> tuple[int, int] | None:
    """A short line (a headline: no full stop before the quotation) that opens with a person's
    name and then the quotation ('라브로프 "모스크바, 전제 조건 없이 협상할 준비 돼"'): that
    person's quote."""
    ls = ctx.lines[ctx.line_of(qs)][0]
    head = ctx.text[ls:qs].rstrip().rstrip(_OPENERS).rstrip()
    if not head or len(head) > 40:
        return None
    return next(((x.start, x.end) for x in ctx.entities
                 if x.label == "PERSON" and x.start == ls + len(ctx.text[ls:qs]) - len(
                     ctx.text[ls:qs].lstrip()) and x.end == ls + len(head)), None)


def _continued_by(ctx: _Article, d: dict[str, Any], later: list[dict[str, Any]]
                  ) -> dict[str, Any] | None:
    """A quotation left open at the end of its paragraph goes on in the next paragraph, which
    opens with a mark (the typographic convention for a quote of several paragraphs): the
    speaker named where it closes speaks the whole of it ("“A.<para>“B,” the president
    said.")."""
    text = ctx.text
    line = ctx.line_of(d["s"])
    if text[d["e"]:ctx.lines[line][1]].strip(" \u00a0") or text[d["e"]:d["e"] + 1] in _CLOSERS:
        return None
    nxt = next(iter(later), None)
    if nxt is None or nxt["kind"] != "direct" or nxt["name"] is None:
        return None
    nl = ctx.line_of(nxt["s"])
    gap = text[ctx.lines[line][1]:ctx.lines[nl][0]]
    mark = text[ctx.lines[nl][0]:nxt["s"]].strip(" \u00a0")
    if gap.strip() or len(mark) != 1 or mark not in _OPENERS.strip():
        return None
    return nxt


def _role_phrase(speaker_text: str) -> bool:
    """A description of one person by their office ("Le président de la République", "the
    foreign minister"): a pronoun after their words is them, as after a name."""
    words = _WORD.findall(speaker_text.casefold())
    return 0 < len(words) <= 6 and any(w in ROLE_NOUNS for w in words[:3])


def _agrees(pronoun: str, name: str) -> bool:
    """"she" is not a man the first name or surname tells ("Putin"), "he" not a woman."""
    gender = PRONOUNS.get(pronoun, "")
    return gender not in ("m", "f") or (gender == "f") == _female(name)


def _resolve(ctx: _Article, drafts: list[dict[str, Any]]) -> list[QuoteMention]:
    """Name every draft's speaker; unattributed quotes continue a neighbouring speaker."""
    text = ctx.text
    for d in drafts:
        d["speaker_text"], d["name"] = "", None
        if d["span"] is not None:
            a, b = d["span"]
            d["speaker_text"] = text[a:b]
            d["name"] = resolve_speaker(text[a:b], a, b, text, ctx.entities, (), ctx.quoted,
                                        ctx.doc)
    persons = [e for e in ctx.entities if e.label == "PERSON"]
    speakers = {w for d in drafts if d["name"] for w in d["name"].split()}
    for d in drafts:
        _relayed(ctx, d, persons, speakers)
    for i, d in enumerate(drafts):
        words = [re.sub(r"^-?(?:t-)?", "", w) for w in d["speaker_text"].casefold().split()]
        if len(words) == 1 and words[0] in PRONOUNS and words[0] not in ("i", "we"):
            # "he said" right after a named speaker's words means that speaker.
            line = ctx.line_of(d["s"])
            for prev in reversed(drafts[:i]):
                if ctx.line_of(prev["s"]) < line - 2:
                    break
                if prev["name"] and (_is_person(prev["name"], persons) or _role_phrase(
                        prev["speaker_text"])) and prev is not d and (
                        _agrees(words[0], prev["name"])):
                    a = d["span"][0] if d["span"] else d["s"]
                    between = [e for e in persons if prev["e"] <= e.start < a
                               and not _inside(e.start, ctx.quoted)]
                    if not between:
                        d["name"] = prev["name"]
                    break
    for i, d in enumerate(drafts):
        if d["name"] is not None or d["kind"] != "direct":
            continue
        line = ctx.line_of(d["s"])
        ls = ctx.lines[line][0]
        opens = not text[ls:d["s"]].strip(" \"“„«‹「'‘»”›‚")
        # "“A.” And B “C.” ― Ana Ruiz": a signature signs everything before it on its line.
        source = next((nxt for nxt in drafts[i + 1:] if ctx.line_of(nxt["s"]) == line
                       and nxt["cue"] == "―" and nxt["name"] is not None), None)
        if source is None:
            source = _continued_by(ctx, d, drafts[i + 1:])
        for prev in reversed(drafts[:i]) if source is None else ():
            if prev["name"] is None:
                continue
            gap = line - ctx.line_of(prev["s"])
            if gap == 0 or (opens and gap <= 2):
                source = prev
            break
        runs_on = not text[d["e"]:ctx.lines[line][1]].strip(" \u00a0”»\"’'")
        if source is None:
            for nxt in drafts[i + 1:]:
                if ctx.line_of(nxt["s"]) - line > (1 if runs_on else 0):
                    break
                if nxt["name"] is not None:
                    source = nxt
                    break
        if source is not None and source["s"] < d["s"]:
            # "… blickt Präsident Emmanuel Macron nach vorne. Noch am Abend besuchte er … „…“":
            # a person named after the previous speaker's words introduces this quote.
            named = [e for e in persons if max(source["e"], ls) <= e.start < d["s"]
                     and not _inside(e.start, ctx.quoted) and ctx.sent_of(e.start)
                     >= ctx.sent_of(d["s"]) - 2 and _is_subject(e, ctx.doc)]
            if named:
                who = resolve_speaker(named[-1].text, named[-1].start, named[-1].end, text,
                                      ctx.entities)
                source = {"speaker_text": named[-1].text, "name": who}
        if source is not None and d["span"] is None:
            # A written speaker that names no one ("I", "they") stays as written.
            d["speaker_text"], d["name"] = source["speaker_text"], source["name"]
    for i, d in enumerate(drafts):
        if d["name"] is None and d["span"] is None and d["cue"] not in (None, ":", "―") and (
                ctx.lang in PRO_DROP):
            # "«Es una provocación», dijo.", "Añadió que …": the subject the verb leaves
            # unwritten is the person the article spoke of last, or with no name the
            # recogniser found (Arabic), the speaker of the words just before
            d["name"] = _antecedent("", d["s"], ctx.entities, ctx.quoted, ctx.doc) or next(
                (p["name"] for p in reversed(drafts[:i]) if p["name"] and p["s"] < d["s"]
                 and ctx.line_of(p["s"]) >= ctx.line_of(d["s"]) - 2), None)
    out = []
    for d in drafts:
        out.append(QuoteMention(
            ctx.article.id, d["s"], d["e"], text[d["s"]:d["e"]], d["kind"], d["speaker_text"],
            d["name"], d["cue"], ctx.lang, d["ss"], d["se"]))
    return out
