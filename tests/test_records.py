"""Records: spans slice their article exactly, dict round trips, order-free story ids."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.errors import ContractError
from storyline.records import (
    Conflict,
    Position,
    Span,
    Speaker,
    Statement,
    StatementMention,
    StoryReport,
    TimeMention,
    span_of,
    story_id_for,
)


@given(st.text(max_size=200), st.data())
def test_records_span_slices_text(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    span = span_of("a", text, start, end)
    assert span.text == text[span.start : span.end]


@pytest.mark.parametrize("bounds", [(-1, 2), (3, 2), (0, 99)])
def test_records_span_out_of_range_raises(bounds: tuple[int, int]) -> None:
    with pytest.raises(ContractError):
        span_of("a", "short", *bounds)


@given(st.lists(st.text(min_size=1, max_size=8), min_size=1, max_size=8, unique=True), st.randoms())
def test_records_story_id_ignores_order(ids: list[str], rnd: object) -> None:
    shuffled = list(ids)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert story_id_for(ids) == story_id_for(shuffled)


@pytest.mark.parametrize(
    "report",
    [
        StoryReport(
            id="s-1",
            title="t",
            articles=("a", "b"),
            statements=(
                Statement(
                    id="q-1",
                    speaker=Speaker("Sergei Lavrov", "e-1"),
                    said_on="2022-07-06",
                    mentions=(StatementMention("a", 0, 4, "We a", "direct", "he", "en", "AMN"),),
                ),
            ),
            conflicts=(
                Conflict(
                    id="c-1",
                    about="leak",
                    kind="framing",
                    positions=(Position("a", 0, 1, "W", "AMN"),),
                ),
            ),
        )
    ],
)
def test_records_report_roundtrip(report: StoryReport) -> None:
    assert StoryReport.from_dict(report.to_dict()) == report
    assert pickle.loads(pickle.dumps(report)) == report
    assert isinstance(StoryReport.from_dict(report.to_dict()).statements[0].mentions, tuple)


@pytest.mark.parametrize("span", [Span("a", 0, 1, "x")])
def test_records_span_roundtrip(span: Span) -> None:
    assert Span.from_dict(span.to_dict()) == span


@pytest.mark.parametrize(
    "mention",
    [
        TimeMention("a", 0, 11, "three years", None, None, None, kind="duration", duration="P3Y"),
        TimeMention(
            "a",
            0,
            6,
            "3 p.m.",
            "2022-07-08",
            "2022-07-08",
            "published",
            kind="time",
            time_of_day="15:00",
        ),
    ],
)
def test_records_time_mention_kinds_roundtrip(mention: TimeMention) -> None:
    assert TimeMention.from_dict(mention.to_dict()) == mention
    assert pickle.loads(pickle.dumps(mention)) == mention


@pytest.mark.parametrize(
    "data",
    [
        {
            "article": "a",
            "start": 0,
            "end": 6,
            "text": "Friday",
            "value": "2022-07-08",
            "reference": "2022-07-08",
            "reference_kind": "published",
        }
    ],
)
def test_records_time_mention_old_dict_reads_as_date(data: dict[str, object]) -> None:
    mention = TimeMention.from_dict(data)
    assert (mention.kind, mention.duration, mention.time_of_day) == ("date", None, None)
