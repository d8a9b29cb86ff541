"""normalize_text: Unicode clean-up that keeps every real character."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from storyline.clean.normalize import normalize_text


@pytest.mark.parametrize(
    "raw,expected",
    [
        # mojibake: UTF-8 read as cp1252 / latin-1
        ("France\u00e2\u20ac\u2122s Le Temps", "France’s Le Temps"),
        ("\u00e2\u20ac\u0153diplomatic etiquette.\u00e2\u20ac\x9d", "“diplomatic etiquette.”"),
        ("caf\u00c3\u00a9 cr\u00c3\u00a8me", "café crème"),
        ("Zelensky \u00e2\u20ac\u201c Kyiv", "Zelensky – Kyiv"),
        ("\u00d0\u0178\u00d1\u0083\u00d1\u0082\u00d0\u00b8\u00d0\u00bd", "Путин"),
        # entities
        ("Macron &amp; Putin &#8220;talk&#8221; &eacute;t&eacute;", "Macron & Putin “talk” été"),
        ("a&nbsp;b", "a b"),
        ("France&amp;#8217;s", "France’s"),
        # invisible characters, odd spaces
        ("Ma\u200bcron\u00adism\ufeff", "Macronism"),
        ("Sergei\u00a0Lavrov\u202fsaid", "Sergei Lavrov said"),
        # line endings, trailing spaces, blank-line runs
        ("one\r\ntwo\rthree", "one\ntwo\nthree"),
        ("para one   \n\n\n\n\npara two\t", "para one\n\npara two"),
        # NFC
        ("Emmanuel Macron a de\u0301clare\u0301", "Emmanuel Macron a déclaré"),
    ],
)
def test_normalize_cases(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    "text",
    [
        "“I don’t know where your lawyer learned the law.”",
        "« Nous rebâtirons Notre-Dame », promet Emmanuel Macron — 15 avril",
        "SÃO PAULO (Reuters) – Ã and â are letters too: São Tomé, Âge",
        "Песков объяснил выбор Лукашенко «Вагнер»",
        "AT&T and R&D stay; 5 < 6 > 4",
    ],
)
def test_normalize_keeps_real_characters(text: str) -> None:
    assert normalize_text(text) == text


@given(
    st.text(
        alphabet=st.sampled_from(
            list("&amp;#0123456789x;lt\r\n \u200b\u00ad\u00c3\u00a9\u00e2\u20ac\u2122e\u0301")
        )
    )
    | st.text()
)
@example("&amp;lt;")
@example("&\u200bamp;")
@example("\u00c3\u0192\u00c2\u00a9")
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
