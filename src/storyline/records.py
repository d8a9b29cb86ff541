"""Every record type that flows between stages.

The chain is ``RawDoc`` (ingest) -> ``Article`` (clean, dedup, cluster) -> ``ArticleAnalysis``
(analyze: entity, quote, time and event mentions with offsets into ``Article.text``) -> ``Story``
-> ``StoryReport`` (reconcile: entities, statements, events, claims, conflicts).

All records are frozen, slotted dataclasses whose values are plain (str, int, float, bool, tuple,
None, ISO date strings), so they pickle, become JSON with ``to_dict()`` and come back with
``from_dict()`` (fields marked ``transient`` stay in the process). ``Span`` is the only evidence type; build it with :func:`span_of`, which slices
the text itself so that ``span.text == article.text[start:end]`` holds by construction.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import types
import typing
from array import array
from dataclasses import dataclass, field
from typing import Any, Literal

from storyline.errors import ContractError

# A float32 vector ('f' array): 4 bytes a dimension, where a tuple of floats takes 32. It is
# a list of numbers in ``to_dict()`` (nine significant digits: float32 round-trips exactly).
Vector = array


def vector(values: typing.Iterable[float] = ()) -> Vector:
    """A float32 ``Vector`` of ``values``."""
    return array("f", values)

QuoteKind = Literal["direct", "indirect", "mixed"]
ClaimStatus = Literal["corroborated", "single_source", "conflicting"]
ConflictKind = Literal["fact", "framing"]
EntityType = Literal["PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "WORK", "OTHER"]
TimeKind = Literal["date", "time", "duration", "set", "present", "past", "future"]


def _convert(tp: Any, value: Any) -> Any:
    """Rebuild a field value of declared type ``tp`` from its JSON form (lists -> tuples, dicts ->
    records)."""
    if value is None:
        return None
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        non_none = [a for a in args if a is not type(None)]
        if len(non_none) == 1:
            return _convert(non_none[0], value)
        return value
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_convert(args[0], v) for v in value)
        return tuple(_convert(a, v) for a, v in zip(args, value, strict=True))
    if tp is array:
        return vector(value)
    if isinstance(tp, type) and issubclass(tp, Record) and isinstance(value, dict):
        return tp.from_dict(value)
    return value


@functools.cache
def _field_types(cls: type) -> tuple[tuple[str, Any], ...]:
    """(field name, resolved type) of a record class, once per class: ``get_type_hints`` costs
    more than the rest of ``from_dict`` (reading 100k cached analyses spent most of its time
    there)."""
    hints = typing.get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))


class Record:
    """Mixin for record dataclasses: JSON-ready ``to_dict`` and its inverse ``from_dict``."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            if not f.metadata.get("transient"):
                out[f.name] = _to_plain(getattr(self, f.name))
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> typing.Self:
        kwargs = {}
        for name, tp in _field_types(cls):
            if name in data:
                kwargs[name] = _convert(tp, data[name])
        return cls(**kwargs)

    def replace(self, **changes: Any) -> typing.Self:
        return dataclasses.replace(self, **changes)  # type: ignore[type-var]


def _to_plain(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, array):
        return [float(f"{x:.9g}") for x in value]
    if isinstance(value, tuple | list):
        return [_to_plain(v) for v in value]
    return value


# --------------------------------------------------------------------------- evidence


@dataclass(frozen=True, slots=True)
class Span(Record):
    """A verbatim piece of one article's cleaned text: ``text == article.text[start:end]``."""

    article: str
    start: int
    end: int
    text: str


def span_of(article_id: str, article_text: str, start: int, end: int) -> Span:
    """Build a span by slicing the article text, so the span text always matches its offsets.

    Raises:
        ContractError: offsets outside the text or reversed.
    """
    if not (0 <= start <= end <= len(article_text)):
        raise ContractError(
            f"span {start}:{end} out of range for article {article_id!r} "
            f"(text length {len(article_text)})"
        )
    return Span(article_id, start, end, article_text[start:end])


# --------------------------------------------------------------------------- ingest / clean


@dataclass(frozen=True, slots=True)
class RawDoc(Record):
    """One input document as read, before cleaning. Exactly one of ``text``/``html`` is set."""

    id: str
    source: str  # file path (and record number) it came from, for error messages
    text: str | None = None
    html: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None  # YYYY-MM-DD
    language: str | None = None
    title: str | None = None
    author: str | None = None
    input_format: str = "text"  # jsonl | text | html | warc | rss


@dataclass(frozen=True, slots=True)
class Article(Record):
    """A cleaned article. ``text`` is the body that every span indexes into."""

    id: str
    text: str
    url: str | None = None
    outlet: str | None = None
    published: str | None = None  # YYYY-MM-DD, given or found on the page; never invented
    published_source: str | None = None  # "input" | "page" | None
    language: str | None = None
    title: str | None = None
    author: str | None = None
    story: str | None = None
    duplicate_of: str | None = None
    source: str = ""
    removed_lines: int = 0  # boilerplate lines the cleaner dropped

    def span(self, start: int, end: int) -> Span:
        return span_of(self.id, self.text, start, end)


@dataclass(frozen=True, slots=True)
class Reject(Record):
    """An input (or record inside one) that was skipped, with the reason."""

    source: str
    reason: str
    detail: str = ""
    record: str | None = None


# --------------------------------------------------------------------------- analyze (per article)


@dataclass(frozen=True, slots=True)
class Sentence(Record):
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class EntityMention(Record):
    article: str
    start: int
    end: int
    text: str
    label: str  # contract entity type (PERSON, ORG, GPE, LOC, NORP, EVENT, WORK, OTHER)


@dataclass(frozen=True, slots=True)
class TimeMention(Record):
    """A temporal expression and its resolution.

    ``value`` is ``YYYY-MM-DD`` or an inclusive range ``YYYY-MM-DD/YYYY-MM-DD`` (a month, a year,
    "late June", "the 1990s"), or None when it cannot be resolved (e.g. "four days before the
    invasion" until the invasion's date is known: then ``anchor_text``/``offset_days`` say how to
    resolve it) or when the expression is no date at all (see ``kind``).

    ``kind`` says what the expression is: "date" (the default), "time" (a clock time or part of a
    day: ``time_of_day`` holds it, ``value`` the day when the text fixes one), "duration" ("three
    years": ``duration`` holds its length, ``value`` stays None), "set" (a recurrence, "every
    week": ``duration`` holds the period, ``value`` None), and "present" / "past" / "future"
    (vague references, "now", "recently", "the future": ``value`` None). Only "date" and "time"
    mentions with a ``value`` can date an event.
    """

    article: str
    start: int
    end: int
    text: str
    value: str | None
    reference: str | None  # the date resolved against (YYYY-MM-DD) or None
    reference_kind: str | None  # "published" | "article_dates" | "story_dates" | "absolute" | "event"
    anchor_text: str | None = None  # "Russia's invasion of Ukraine" for "four days before ..."
    offset_days: int | None = None  # -4 for "four days before"
    is_stamp: bool = False  # a publication/update stamp or page furniture: never an event date
    kind: str = "date"  # TimeKind
    duration: str | None = None  # ISO 8601 length ("P3Y", "PXY": some years) or a set's period
    time_of_day: str | None = None  # kind "time": "15:00", or a part of day "MO"/"AF"/"EV"/"NI"


@dataclass(frozen=True, slots=True)
class QuoteMention(Record):
    """One rendering of a statement in one article."""

    article: str
    start: int  # the words said, without the surrounding quotation marks
    end: int
    text: str
    kind: str  # QuoteKind
    speaker_text: str  # as written: "he", "the Russian top diplomat", "Lavrov"
    speaker_name: str | None  # resolved person/org name as written in the article, e.g. "Sergei Lavrov"
    cue: str | None  # the verb or phrase of saying ("said", "according to", ":")
    language: str
    sentence_start: int = 0
    sentence_end: int = 0
    said_on: str | None = None  # YYYY-MM-DD or range, when the sentence dates the utterance
    said_on_text: str | None = None  # the time expression or event that gave said_on


@dataclass(frozen=True, slots=True)
class EventMention(Record):
    """A dated happening in one sentence: a predicate with its participants and a time."""

    article: str
    start: int  # evidence span: the clause or sentence
    end: int
    text: str
    summary: str  # "Putin and Macron call", built from the predicate and its arguments
    trigger: str  # lemma of the predicate ("call", "invade", "leak")
    date: str | None
    time_text: str | None  # the time expression that dated it
    participants: tuple[str, ...] = ()
    anchor_text: str | None = None  # unresolved relative anchor ("the invasion")
    offset_days: int | None = None


@dataclass(frozen=True, slots=True)
class ArticleAnalysis(Record):
    """Everything the per-article analysis found in one article."""

    article: str
    language: str
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[EntityMention, ...] = ()
    quotes: tuple[QuoteMention, ...] = ()
    times: tuple[TimeMention, ...] = ()
    events: tuple[EventMention, ...] = ()
    # article-level vector (title + lead) for clustering
    embedding: Vector = field(default_factory=vector)
    reference_date: str | None = None
    reference_kind: str | None = None
    # The parse, kept (``Doc.to_bytes``, zlib) only for an article with no date of its own:
    # the story's reconcile stage resolves its times against the story's dates from it instead
    # of parsing the text again. Transient: never in ``to_dict()``, the store or the outputs.
    parsed: bytes | None = field(default=None, compare=False, repr=False,
                                 metadata={"transient": True})

    def lead_end(self, n: int) -> int:
        """Where the first ``n`` sentences end in the text (0 without sentences)."""
        sents = self.sentences
        return sents[min(n, len(sents)) - 1].end if sents else 0


# --------------------------------------------------------------------------- stories


def original_of(record: Any, by_id: typing.Mapping[str, Any]) -> Any:
    """The record a copy (``duplicate_of``) comes from, followed through ``by_id`` to the first
    record that is no copy of one there; a record that is no copy is its own original. A cycle
    (never made by dedup) stops where it would repeat itself."""
    root, seen = record, set()
    while root.duplicate_of and root.duplicate_of in by_id and root.id not in seen:
        seen.add(root.id)
        root = by_id[root.duplicate_of]
    return root


def story_id_for(article_ids: typing.Iterable[str]) -> str:
    """Deterministic story id: a hash of the sorted article ids (order-independent)."""
    digest = hashlib.sha1("\n".join(sorted(article_ids)).encode("utf-8")).hexdigest()
    return f"s-{digest[:12]}"


@dataclass(frozen=True, slots=True)
class Story(Record):
    id: str
    articles: tuple[str, ...]
    title: str = ""
    # the stories of one topic share strong links but are told apart as events (two earthquakes):
    # ``cluster.link.story_topics``; ``t-`` + the hash of its smallest story id
    topic: str | None = None


@dataclass(frozen=True, slots=True)
class Speaker(Record):
    name: str
    entity: str | None = None


@dataclass(frozen=True, slots=True)
class StatementMention(Record):
    article: str
    start: int
    end: int
    text: str
    kind: str
    speaker_text: str
    language: str
    outlet: str | None = None


@dataclass(frozen=True, slots=True)
class Entity(Record):
    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    mentions: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Statement(Record):
    id: str
    speaker: Speaker
    said_on: str | None
    mentions: tuple[StatementMention, ...] = ()
    said_on_basis: str | None = None  # why this date: "time expression 'on Wednesday'", "event ..."


@dataclass(frozen=True, slots=True)
class Event(Record):
    id: str
    summary: str
    date: str | None
    evidence: tuple[Span, ...] = ()
    date_basis: str | None = None
    outlets: tuple[str, ...] = ()
    date_conflicts: tuple[str, ...] = ()  # minority dates other mentions gave this event


@dataclass(frozen=True, slots=True)
class Claim(Record):
    id: str
    text: str
    status: str  # ClaimStatus
    outlets: tuple[str, ...] = ()
    support: tuple[Span, ...] = ()
    contradicted_by: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Position(Record):
    article: str
    start: int
    end: int
    text: str
    outlet: str


@dataclass(frozen=True, slots=True)
class Conflict(Record):
    id: str
    about: str
    kind: str  # ConflictKind
    positions: tuple[Position, ...] = ()


@dataclass(frozen=True, slots=True)
class StoryReport(Record):
    """One story rebuilt: the contract's ``stories/<id>.json``."""

    id: str
    title: str
    articles: tuple[str, ...]
    entities: tuple[Entity, ...] = ()
    statements: tuple[Statement, ...] = ()
    events: tuple[Event, ...] = ()
    claims: tuple[Claim, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    topic: str | None = None  # the story's ``Story.topic``


def item_id(prefix: str, *parts: str) -> str:
    """Deterministic id for an item inside a story (no counters that depend on order)."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"{prefix}-{digest[:10]}"


__all__ = [
    "Article",
    "ArticleAnalysis",
    "Claim",
    "ClaimStatus",
    "ClusterItem",
    "Conflict",
    "ConflictKind",
    "Entity",
    "EntityMention",
    "EntityType",
    "Event",
    "EventMention",
    "Position",
    "QuoteKind",
    "QuoteMention",
    "RawDoc",
    "Record",
    "Reject",
    "Sentence",
    "Span",
    "Speaker",
    "Statement",
    "StatementMention",
    "Story",
    "StoryReport",
    "TimeKind",
    "TimeMention",
    "Vector",
    "item_id",
    "original_of",
    "span_of",
    "story_id_for",
    "vector",
]


@dataclass(frozen=True, slots=True)
class ClusterItem(Record):
    """What story clustering sees of one article (see ``cluster/link.py``)."""

    id: str
    embedding: Vector  # title + lead vector from ``cluster.embed.Embedder``
    entities: tuple[str, ...] = ()  # normalised PERSON/ORG/GPE/EVENT names
    date: str | None = None  # published or reference date, YYYY-MM-DD
    language: str | None = None
    duplicate_of: str | None = None
    # the most frequent content words of the full text, (term, 1 + ln count), at most
    # ``cluster.terms.MAX_TERMS``: a compact stand-in for the text (IDF comes from the batch)
    terms: tuple[tuple[str, float], ...] = ()
    # entity keys of the people named in the title and first sentences: whom the story is about
    lead: tuple[str, ...] = ()
    # figures stated in the first sentences outside dates and times ("23", "7.2"): what one
    # event's reports keep stating (``cluster.marks``)
    lead_figures: tuple[str, ...] = ()
    # the embedding's row in the run's vector file (``store.spill.RowFile``) when a streamed
    # run holds it on disk; ``embedding`` is then empty
    vector_row: int | None = None
