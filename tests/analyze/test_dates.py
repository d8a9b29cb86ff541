"""Time expressions: resolution tables with the reference pinned, finding, stamps, references.

The seed pages come from ``samples/seeds`` (AMN and The Straits Times, July 2022).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storyline.analyze.dates import find_times, infer_reference, resolve_expression
from storyline.analyze.nlp import load_pipeline
from storyline.records import Article

AMN = "000_fac84f17711a65d7.txt"
STRAITS = "001_f6cdfdc212c4f800.txt"
FRIDAY = "2022-07-08"  # the AMN seed's publication day, a Friday


@pytest.fixture(scope="module")
def nlp_en() -> Any:
    return load_pipeline("en")


def _article(seeds_dir: Path, name: str, published: str | None) -> Article:
    text = (seeds_dir / name).read_text(encoding="utf-8")
    return Article(id=name, text=text, published=published, language="en")


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("on Wednesday", "en", "2022-07-06"),
        ("late on Sunday", "en", "2022-07-03"),
        ("on Friday", "en", "2022-07-08"),
        ("last Tuesday", "en", "2022-07-05"),
        ("Wednesday (July 6)", "en", "2022-07-06"),
        ("yesterday", "en", "2022-07-07"),
        ("last night", "en", "2022-07-07"),
        ("tonight", "en", "2022-07-08"),
        ("on February 20", "en", "2022-02-20"),
        ("Feb 20", "en", "2022-02-20"),
        ("in November", "en", "2021-11-01/2021-11-30"),
        ("late June", "en", "2022-06-21/2022-06-30"),
        ("early March", "en", "2022-03-01/2022-03-10"),
        ("mid-July", "en", "2022-07-11/2022-07-20"),
        ("in 2020", "en", "2020-01-01/2020-12-31"),
        ("February 2022", "en", "2022-02-01/2022-02-28"),
        ("last month", "en", "2022-06-01/2022-06-30"),
        ("last week", "en", "2022-06-27/2022-07-03"),
        ("earlier this week", "en", "2022-07-04/2022-07-08"),
        ("summer 2020", "en", "2020-06-01/2020-08-31"),
        ("the first quarter of 2021", "en", "2021-01-01/2021-03-31"),
        ("August 24, 1944", "en", "1944-08-24"),
        ("le 24 février", "fr", "2022-02-24"),
        ("mardi après-midi", "fr", "2022-07-05"),
        ("hier soir", "fr", "2022-07-07"),
        ("fin juin", "fr", "2022-06-21/2022-06-30"),
        ("le mois dernier", "fr", "2022-06-01/2022-06-30"),
        ("20. Februar", "de", "2022-02-20"),
        ("am Mittwoch", "de", "2022-07-06"),
        ("gestern", "de", "2022-07-07"),
        ("Ende Juni", "de", "2022-06-21/2022-06-30"),
        ("el miércoles", "es", "2022-07-06"),
        ("20 de febrero", "es", "2022-02-20"),
        ("a finales de junio", "es", "2022-06-21/2022-06-30"),
        ("ayer", "es", "2022-07-07"),
        ("в среду", "ru", "2022-07-06"),
        ("24 февраля", "ru", "2022-02-24"),
        ("вчера", "ru", "2022-07-07"),
        ("в конце июня", "ru", "2022-06-21/2022-06-30"),
        ("mercoledì", "it", "2022-07-06"),
        ("il 24 febbraio", "it", "2022-02-24"),
        ("ieri", "it", "2022-07-07"),
        ("na quarta-feira", "pt", "2022-07-06"),
        ("24 de fevereiro", "pt", "2022-02-24"),
        ("ontem", "pt", "2022-07-07"),
        ("w środę", "pl", "2022-07-06"),
        ("24 lutego", "pl", "2022-02-24"),
        ("wczoraj", "pl", "2022-07-07"),
        ("woensdag", "nl", "2022-07-06"),
        ("gisteren", "nl", "2022-07-07"),
        ("på onsdagen", "sv", "2022-07-06"),
        ("i går", "sv", "2022-07-07"),
        ("miercuri", "ro", "2022-07-06"),
        ("24 februarie", "ro", "2022-02-24"),
        ("у середу", "uk", "2022-07-06"),
        ("24 лютого", "uk", "2022-02-24"),
        ("вчора", "uk", "2022-07-07"),
        ("çarşamba", "tr", "2022-07-06"),
        ("dün", "tr", "2022-07-07"),
        ("يوم الأربعاء", "ar", "2022-07-06"),
        ("أمس", "ar", "2022-07-07"),
        ("pada hari Rabu", "id", "2022-07-06"),
        ("kemarin", "id", "2022-07-07"),
        ("24 Februari", "id", "2022-02-24"),
        ("ve středu", "cs", "2022-07-06"),
        ("včera", "cs", "2022-07-07"),
        ("24. února", "cs", "2022-02-24"),
        ("15. července", "cs", "2022-07-15"),
        ("την Τετάρτη", "el", "2022-07-06"),
        ("χθες", "el", "2022-07-07"),
        ("24 Φεβρουαρίου", "el", "2022-02-24"),
        ("szerdán", "hu", "2022-07-06"),
        ("tegnap", "hu", "2022-07-07"),
        ("thứ Tư", "vi", "2022-07-06"),
        ("hôm qua", "vi", "2022-07-07"),
        ("बुधवार", "hi", "2022-07-06"),
        ("24 फरवरी", "hi", "2022-02-24"),
        ("수요일에", "ko", "2022-07-06"),
        ("어제", "ko", "2022-07-07"),
    ],
)
def test_dates_resolve_table(text: str, lang: str, expected: str) -> None:
    assert resolve_expression(text, FRIDAY, lang) == expected


@pytest.mark.parametrize(
    ("text", "reference", "tense", "expected"),
    [
        ("on Monday", FRIDAY, "future", "2022-07-11"),
        ("on Monday", FRIDAY, "past", "2022-07-04"),
        ("on Monday", "2019-04-15", "past", "2019-04-15"),
        ("Tuesday 23 March", "2021-03-29", "past", "2021-03-23"),
        ("December 30", "2022-01-03", "past", "2021-12-30"),
    ],
)
def test_dates_resolve_tense_and_year(text: str, reference: str, tense: str, expected: str) -> None:
    assert resolve_expression(text, reference, "en", tense) == expected


@pytest.mark.parametrize("text", ["on Wednesday", "yesterday", "last month", "Feb 20"])
def test_dates_relative_needs_reference(text: str) -> None:
    assert resolve_expression(text, None, "en") is None


@pytest.mark.parametrize(
    ("text", "stamp"),
    [
        (
            "Secret call leaked\nJuly 08, 2022\n\nThe call took place on February 20.",
            "July 08, 2022",
        ),
        (" date 2019-04\nLe feu a pris lundi soir.", "date 2019-04"),
        ("Updated March 29, 2021 07:54 GMT\nThe ship was refloated on Monday.", "March 29, 2021"),
        ("April 15, 2019 | 7:21 PM EDT\nThe fire broke out on Monday.", "April 15, 2019"),
        (
            (
                "Text.\nPrenez note que cet article publié en 2019 pourrait contenir des "
                "informations qui ne sont plus à jour."
            ),
            "en 2019",
        ),
        ("Body text on Monday.\n© 2022 Example News", "2022"),
    ],
)
def test_dates_stamps_are_marked(text: str, stamp: str) -> None:
    article = Article(id="a", text=text, published="2022-07-08", language="en")
    times = find_times(None, article, article.published, "published")
    hits = [t for t in times if stamp in t.text or t.text in stamp]
    assert hits and all(t.is_stamp for t in hits)
    # a clock time on the stamp line ("7:21 PM EDT") is furniture too; dates elsewhere are not
    others = [t for t in times if t.kind == "date" and not (stamp in t.text or t.text in stamp)]
    assert all(not t.is_stamp for t in others)
    assert all(t.is_stamp for t in times if t.kind == "time" and t.value is None)


@pytest.mark.parametrize(
    "text",
    [
        "The talks went on for two hours.",
        "After three months of talks they agreed.",
        "The meeting started at 6:30pm.",
    ],
)
def test_dates_durations_and_clock_times_are_not_dates(text: str) -> None:
    article = Article(id="a", text=text, published=FRIDAY, language="en")
    assert [t for t in find_times(None, article, FRIDAY, "published") if t.value] == []


@pytest.mark.parametrize(
    ("name", "phrase", "anchor", "offset"),
    [
        (AMN, "four days before", "the Russian invasion of Ukraine began", -4),
        (STRAITS, "four days before", "Russia’s invasion of Ukraine", -4),
    ],
)
def test_dates_anchor_kept_relative(
    seeds_dir: Path, nlp_en: Any, name: str, phrase: str, anchor: str, offset: int
) -> None:
    article = _article(seeds_dir, name, FRIDAY)
    times = find_times(nlp_en(article.text), article, FRIDAY, "published")
    hit = [t for t in times if phrase in t.text]
    assert len(hit) == 1
    assert hit[0].value is None
    assert hit[0].anchor_text == anchor
    assert hit[0].offset_days == offset
    assert article.text[hit[0].start : hit[0].end] == hit[0].text


@pytest.mark.parametrize(
    ("name", "phrase", "value"),
    [
        (AMN, "July 08, 2022", None),
        # spans leave out the preposition ("on February 20" -> "February 20"), as TimeML does
        (AMN, "February 20", "2022-02-20"),
        (AMN, "late June", "2022-06-21/2022-06-30"),
        (AMN, "Wednesday", "2022-07-06"),
    ],
)
def test_dates_find_times_amn(
    seeds_dir: Path, nlp_en: Any, name: str, phrase: str, value: str | None
) -> None:
    article = _article(seeds_dir, name, FRIDAY)
    times = find_times(nlp_en(article.text), article, FRIDAY, "published")
    hit = [t for t in times if t.text == phrase]
    assert hit
    if value is None:
        assert all(t.is_stamp for t in hit)
    else:
        assert all(t.value == value and not t.is_stamp for t in hit)


@pytest.mark.parametrize(
    ("name", "published", "expected"),
    [(AMN, FRIDAY, (FRIDAY, "published")), (STRAITS, None, ("2022-07-06", "article_dates"))],
)
def test_dates_infer_reference_seeds(
    seeds_dir: Path,
    nlp_en: Any,
    name: str,
    published: str | None,
    expected: tuple[str, str],
) -> None:
    article = _article(seeds_dir, name, published)
    assert infer_reference(article, nlp_en(article.text)) == expected


@pytest.mark.parametrize("text", ["No dates here at all, only words."])
def test_dates_infer_reference_none(text: str) -> None:
    assert infer_reference(Article(id="a", text=text), None) == (None, None)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The plant closed four years ago.", "2018-01-01/2018-12-31"),
        ("The plan was shelved two months ago.", "2022-05-01/2022-05-31"),
        ("They met two weeks ago.", "2022-06-20/2022-06-26"),
        ("They met three days ago.", "2022-07-05"),
    ],
)
def test_dates_ago_keeps_the_unit_granularity(text: str, value: str) -> None:
    article = Article(id="a", text=text, published="2022-07-08", language="en")
    times = [t for t in find_times(None, article, "2022-07-08", "published") if t.value]
    assert [t.value for t in times] == [value]


@pytest.mark.parametrize(
    ("text", "phrase", "kind", "duration"),
    [
        ("He spent three years in prison.", "three years", "duration", "P3Y"),
        ("The strike lasted a month.", "a month", "duration", "P1M"),
        ("Prices rose over the past two weeks.", "the past two weeks", "duration", "P2W"),
        ("It took nearly a decade to build.", "nearly a decade", "duration", "P10Y"),
        ("They talked for several hours.", "several hours", "duration", "PTXH"),
        ("It is a five-year plan.", "five-year", "duration", "P5Y"),
        ("The board meets every week.", "every week", "set", "P1W"),
        ("The report is published annually.", "annually", "set", "P1Y"),
        ("Exports grew 5% a year.", "a year", "set", "P1Y"),
    ],
)
def test_dates_durations_and_sets_are_no_dates(
    nlp_en: Any, text: str, phrase: str, kind: str, duration: str
) -> None:
    article = Article(id="a", text=text, published=FRIDAY, language="en")
    times = find_times(nlp_en(text), article, FRIDAY, "published")
    hit = [t for t in times if t.text == phrase]
    assert len(hit) == 1
    assert (hit[0].kind, hit[0].duration, hit[0].value) == (kind, duration, None)


@pytest.mark.parametrize(
    ("text", "phrase", "kind"),
    [
        ("Prices are now falling.", "now", "present"),
        ("The company is currently in talks.", "currently", "present"),
        ("She recently moved to Paris.", "recently", "past"),
        ("Talks may resume in the future.", "the future", "future"),
    ],
)
def test_dates_vague_references_have_no_value(
    nlp_en: Any, text: str, phrase: str, kind: str
) -> None:
    article = Article(id="a", text=text, published=FRIDAY, language="en")
    times = find_times(nlp_en(text), article, FRIDAY, "published")
    hit = [t for t in times if t.text == phrase]
    assert len(hit) == 1
    assert (hit[0].kind, hit[0].value) == (kind, None)


@pytest.mark.parametrize(
    ("text", "phrase", "value", "time_of_day"),
    [
        ("She arrived this morning.", "this morning", FRIDAY, "MO"),
        ("The vote is due tonight.", "tonight", FRIDAY, "NI"),
        ("Police were called at 3 p.m. Wednesday.", "3 p.m. Wednesday", "2022-07-06", "15:00"),
        ("The meeting ended around 10:35 a.m.", "around 10:35 a.m.", None, "10:35"),
        ("They met Thursday evening.", "Thursday evening", "2022-07-07", "EV"),
    ],
)
def test_dates_times_of_day_keep_their_day(
    nlp_en: Any, text: str, phrase: str, value: str | None, time_of_day: str
) -> None:
    article = Article(id="a", text=text, published=FRIDAY, language="en")
    times = find_times(nlp_en(text), article, FRIDAY, "published")
    hit = [t for t in times if t.text == phrase]
    assert len(hit) == 1
    assert (hit[0].kind, hit[0].value, hit[0].time_of_day) == ("time", value, time_of_day)


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("Crime fell in the 1990s.", "the 1990s", "1990-01-01/1999-12-31"),
        ("It was built in the late '80s.", "the late '80s", "1987-01-01/1989-12-31"),
        ("It dates from the 20th century.", "the 20th century", "1900-01-01/1999-12-31"),
        ("He was elected last May.", "last May", "2022-05-01/2022-05-31"),
        ("The 2009-2012 plan failed.", "2012", "2012-01-01/2012-12-31"),
        ("The 2009-2012 plan failed.", "2009", "2009-01-01/2009-12-31"),
        ("They met over the weekend.", "the weekend", "2022-07-02/2022-07-03"),
        ("They met on Christmas Eve.", "Christmas Eve", "2021-12-24"),
        ("Sales fell between 1985 and 1987.", "1987", "1987-01-01/1987-12-31"),
    ],
)
def test_dates_decades_centuries_and_year_spans(
    nlp_en: Any, text: str, phrase: str, value: str
) -> None:
    article = Article(id="a", text=text, published=FRIDAY, language="en")
    times = find_times(nlp_en(text), article, FRIDAY, "published")
    hit = [t for t in times if t.text == phrase]
    assert len(hit) == 1
    assert (hit[0].kind, hit[0].value) == ("date", value)


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        # the governing verb decides: "said Friday" looks back even after a "will" in a quote
        ('"We will win," he said Friday.', "Friday", "2022-07-08"),
        ("Talks are set to resume Monday.", "Monday", "2022-07-11"),
        ("The dividend is payable Aug. 1 to holders.", "Aug. 1", "2022-08-01"),
    ],
)
def test_dates_verb_tense_picks_the_direction(
    nlp_en: Any, text: str, phrase: str, value: str
) -> None:
    article = Article(id="a", text=text, published=FRIDAY, language="en")
    times = find_times(nlp_en(text), article, FRIDAY, "published")
    assert [t.value for t in times if t.text == phrase] == [value]


@pytest.mark.parametrize(
    ("lang", "text", "found"),
    [
        ("it", ("Il ministro ha parlato mercoledì a Roma e ieri a Milano, dopo il vertice del 24 "
               "febbraio."), [("mercoledì", "2022-07-06"), ("ieri", "2022-07-07"),
                             ("24 febbraio", "2022-02-24")]),
        ("pt", ("O presidente falou na quarta-feira e ontem em Brasília, depois da cimeira de 24 "
               "de fevereiro."), [("quarta-feira", "2022-07-06"), ("ontem", "2022-07-07"),
                                 ("24 de fevereiro", "2022-02-24")]),
        # dates written by their numbers, in running text with no space before them
        ("zh", "外交部发言人毛宁3月15日表示，中方支持和平谈判。", [("3月15日", "2022-03-15")]),
        ("ja", "岸田首相は2021年3月15日、記者団に「対応を検討する」と述べた。",
         [("2021年3月15日", "2021-03-15")]),
        ("ko", "문재인 대통령은 3월 15일 \"평화를 위해 노력하겠다\"고 말했다.",
         [("3월 15일", "2022-03-15")]),
    ],
)
def test_dates_italian_and_portuguese_days_and_months(
        lang: str, text: str, found: list[tuple[str, str]]) -> None:
    article = Article(id="x", text=text, language=lang, published=FRIDAY)
    times = find_times(load_pipeline(lang)(text), article, FRIDAY, "published")
    assert [(t.text, t.value) for t in times] == found


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        # the saying verb's day is past, whatever the reported clause will do ("va", "wird")
        ("ro", "Ministrul a declarat miercuri că guvernul va negocia."),
        ("fr", "Le ministre a déclaré mercredi que le gouvernement va négocier."),
        ("de", "Der Minister sagte am Mittwoch, dass die Regierung verhandeln wird."),
    ],
)
def test_dates_weekday_of_a_report_looks_back_past_a_future_clause(lang: str, text: str) -> None:
    article = Article(id="x", text=text, language=lang, published=FRIDAY)
    times = find_times(load_pipeline(lang)(text), article, FRIDAY, "published")
    assert [t.value for t in times if t.value] == ["2022-07-06"]


def test_dates_a_greek_ordinal_is_no_weekday() -> None:
    """Greek weekdays are ordinals too ("η τρίτη φορά", the third time): one only after its
    article ("την Τρίτη")."""
    assert resolve_expression("η τρίτη φορά", FRIDAY, "el") is None
    assert resolve_expression("την Τρίτη", FRIDAY, "el") == "2022-07-05"
