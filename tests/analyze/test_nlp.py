"""Sentences of the pipelines without a parser (every language but English and French)."""

from __future__ import annotations

import pytest

from storyline.analyze.nlp import load_pipeline


@pytest.mark.parametrize(
    ("lang", "text", "sentences"),
    [
        ("ru", ("Лавров о переговорах\n\nЛавров заявил, что Москва готова к переговорам. «Мы "
         "никогда не отказывались от диалога», — сказал Лавров."),
         ["Лавров о переговорах", "Лавров заявил, что Москва готова к переговорам.",
          "«Мы никогда не отказывались от диалога», — сказал Лавров."]),
        ("de", ("Scholz hat gewarnt. „Wir dürfen nicht Kriegspartei werden“, sagte er. Dann ging "
         "er."), ["Scholz hat gewarnt.", "„Wir dürfen nicht Kriegspartei werden“, sagte er.",
                 "Dann ging er."]),
        ("es", "Sánchez pidió calma. «No vamos a cambiar de rumbo», dijo.",
         ["Sánchez pidió calma.", "«No vamos a cambiar de rumbo», dijo."]),
        ("ja", "首相が会見\n\n首相は「急ぐ」と述べた。政府も同意した。",
         ["首相が会見", "首相は「急ぐ」と述べた。", "政府も同意した。"]),
    ],
)
def test_blank_pipeline_sentences(lang: str, text: str, sentences: list[str]) -> None:
    """A headline line is a sentence of its own, and an opening quotation mark starts the
    sentence it opens instead of ending the one before (spaCy's sentencizer gives it there)."""
    doc = load_pipeline(lang)(text)
    got = [s.text.strip() for s in doc.sents if s.text.strip()]
    assert got == sentences


@pytest.mark.parametrize(
    ("lang", "text", "sentences"),
    [
        ("cs", "Fiala uvedl, že vláda 15. dubna rozhodne. Pak odešel.",
         ["Fiala uvedl, že vláda 15. dubna rozhodne.", "Pak odešel."]),
        ("pl", "Tusk powiedział, że 15. kwietnia rząd zdecyduje. Potem wyszedł.",
         ["Tusk powiedział, że 15. kwietnia rząd zdecyduje.", "Potem wyszedł."]),
        # a number closing a sentence before a capital still ends it
        ("cs", "Vláda rozhodla v roce 2023. Pak odešel.", ["Vláda rozhodla v roce 2023.",
                                                        "Pak odešel."]),
    ],
)
def test_nlp_an_ordinals_full_stop_ends_no_sentence(lang: str, text: str,
                                                    sentences: list[str]) -> None:
    assert [s.text for s in load_pipeline(lang)(text).sents] == sentences
