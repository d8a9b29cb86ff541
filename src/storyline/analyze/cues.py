"""Words that introduce reported speech, per language, and pronouns that stand for a speaker."""

from __future__ import annotations

import re

# English lemmas of verbs of saying (spaCy lemmas, so "said", "says", "saying" all match "say").
EN_CUE_LEMMAS = frozenset(
    """say tell add note insist stress warn respond reply tweet write declare vow announce claim
    argue explain state suggest accuse deny admit acknowledge confirm condemn urge ask describe
    promise pledge predict recall remark comment complain concede contend emphasize emphasise
    assert allege maintain observe quip fume joke muse conclude continue reveal threaten demand
    criticise criticize praise slam blast dismiss agree caution counter retort proclaim boast
    lament thank welcome mention estimate report post testify signal charge blame hail
    underline underscore affirm""".split()
)
# Cue verbs whose complement is not necessarily speech: only count with a quote or "that".
EN_WEAK_CUES = frozenset(
    "continue add ask thank welcome blame hail signal charge agree explain reveal describe".split()
)
# Subjects that can speak: besides people and organisations, these common nouns.
SPEAKING_NOUNS = frozenset(
    """ministry government kremlin office police authorities authority company spokesperson
    statement report officials official ministers sources source agency court army military
    embassy presidency palace council committee commission party union prosecutors""".split()
)

# Surface forms for languages without a parser (and French, whose lemmatizer is disabled).
OTHER_CUES = {
    "fr": r"a\s+dit|dit|disait|a\s+déclaré|déclare|a\s+affirmé|affirme|a\s+ajouté|ajoute|"
          r"a\s+assuré|assure|a\s+estimé|estime|a\s+souligné|souligne|a\s+indiqué|indique|"
          r"a\s+expliqué|explique|a\s+annoncé|annonce|a\s+promis|promet|a\s+lancé|lance|"
          r"a\s+martelé|a\s+réagi|a\s+écrit|a\s+tweeté|selon|d'après|a-t-il|a-t-elle|"
          r"ont\s+dit|a\s+prévenu|a\s+averti|a\s+confié",
    "de": r"sagte|sagt|erklärte|erklärt|betonte|betont|fügte|meinte|meint|kündigte|versprach|"
          r"verspricht|schrieb|warnte|so|laut|teilte|sagten|erklärten",
    "es": r"dijo|dice|afirmó|afirma|aseguró|asegura|declaró|declara|explicó|explica|señaló|"
          r"señala|añadió|añade|según|prometió|promete|escribió|advirtió|indicó|manifestó",
    "ru": r"заявил[аио]?|сказал[аио]?|отметил[аио]?|подчеркнул[аио]?|добавил[аио]?|"
          r"сообщил[аио]?|по\s+словам|пообещал[аио]?|написал[аио]?|говорит|заявляет|"
          r"пояснил[аио]?|уточнил[аио]?|признал[аио]?|обратился|обратилась",
    "it": r"ha\s+detto|dice|ha\s+dichiarato|ha\s+affermato|secondo|ha\s+aggiunto",
    "pt": r"disse|afirmou|declarou|segundo|acrescentou",
    "en": r"said|says|told|tells|added|noted|insisted|stressed|warned|responded|replied|"
          r"tweeted|wrote|declared|vowed|announced|according\s+to|explained|stated",
}
_OTHER_CUE_RE = {
    lang: re.compile(rf"(?<!\w)(?:{pat})(?!\w)", re.I | re.U) for lang, pat in OTHER_CUES.items()
}


def cue_pattern(lang: str) -> re.Pattern[str]:
    """Regex of surface cue words for ``lang`` (English when the language has no list)."""
    return _OTHER_CUE_RE.get(lang, _OTHER_CUE_RE["en"])


PRONOUNS = {
    "he": "m", "him": "m", "she": "f", "her": "f", "they": "p", "il": "m", "elle": "f",
    "er": "m", "sie": "f", "él": "m", "ella": "f", "он": "m", "она": "f", "i": "s", "we": "p",
}

# Heads of nominal descriptions that can stand for a person quoted earlier.
ROLE_NOUNS = frozenset(
    """minister president spokesman spokeswoman spokesperson diplomat leader official adviser
    advisor chancellor premier secretary envoy ambassador chief head director chairman
    chairwoman commander general mayor governor king queen pope prosecutor lawyer judge
    founder boss owner captain source official""".split()
)
