"""Language detection (lingua, restricted set)."""

from __future__ import annotations

import pytest

from storyline.clean.language import detect_language


@pytest.mark.parametrize(
    "text,lang",
    [
        (
            (
                "Russian Foreign Minister Sergei Lavrov appeared to confirm the authenticity of the "
                "calls "
                "as he condemned the leaks to the press."
            ),
            "en",
        ),
        (
            (
                "Vingt-quatre heures après le terrible incendie de Notre-Dame de Paris, le "
                "président "
                "français a promis de rebâtir la cathédrale."
            ),
            "fr",
        ),
        (
            (
                "Olaf Scholz verfolgt am Wahlabend gebannt die Ergebnisse, doch auch Laschet will "
                "Kanzler werden."
            ),
            "de",
        ),
        (
            (
                "El incendio en la catedral de Notre-Dame ya está prácticamente extinguido, "
                "aunque aún "
                "quedan focos residuales."
            ),
            "es",
        ),
        ("Песков объяснил выбор Лукашенко для проведения переговоров с основателем ЧВК.", "ru"),
    ],
)
def test_language_detects_five_languages(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize("text", ["", "   ", "OK", "12:51 | 27.09.2021", "Macron"])
def test_language_short_or_unsure_is_none(text: str) -> None:
    assert detect_language(text) is None
