"""The patterns that find time expression candidates, in English, French, German, Spanish and
Russian (their vocabulary is in ``temporal_rules``), and the small cue patterns mention building
reads (clock times, duration prepositions, future hints).

``_PATTERNS`` is ordered: on a tie between overlapping candidates of one length the earlier kind
wins, so the date kinds come before the English extras of ``time_extras``.
"""

from __future__ import annotations

import re

from storyline.analyze import temporal_rules as tr
from storyline.analyze.date_resolution import _E, _W
from storyline.analyze.time_extras import (
    _CLOCK_TIME,
    _DECADE,
    _DURATION,
    _HOLIDAY,
    _REF,
    _SET,
    _VAGUE_DURATION,
    _WEEKEND,
    _YEAR_SPAN,
)

_NUM = tr.NUMBER_RE
_UNIT = tr.UNIT_RE
_DP = tr.DAYPART
_PARTS = rf"(?:{tr.EARLY}|{tr.MID}|{tr.LATE})"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("stamp_meta", re.compile(r"(?m)^\s*date \d{4}-\d{2}(?:-\d{2})?")),
    ("iso", re.compile(r"(?<![\w/-])\d{4}-\d{2}(?:-\d{2})?(?![\w/-])")),
    ("numeric", re.compile(r"(?<![\w/.])\d{1,2}[/.]\d{1,2}[/.]\d{4}(?![\w/])")),
    # "3月15日", "2023年3月15日", "3월 15일" (in running text, with no space before the numbers)
    ("cjk_date", re.compile(r"(?<!\d)(?:\d{4}\s*[年년]\s*)?\d{1,2}\s*[月월]\s*\d{1,2}\s*[日일]")),
    (
        "anchor",
        re.compile(
            rf"{_W}(?:(?:just|only|some|about|around|nearly|almost|exactly)\s+)?({_NUM})\s+({_UNIT})"
            rf"\s+(before|after|prior to|ahead of|avant|après|vor|nach|antes de|después de|до|после)"
            rf"\s+(?!(?:that|this|it|then)\b)",
            re.IGNORECASE,
        ),
    ),
    (
        "day_anchor",
        re.compile(
            r"\b(?:on\s+)?the\s+(day|night|morning|evening|week)\s+(before|after|following)\s+"
            r"(?=the\s|his\s|her\s|their\s|its\s)",
            re.IGNORECASE,
        ),
    ),
    (
        "ago",
        re.compile(
            rf"{_W}(?:(?:(?:about|around|nearly|almost|some|roughly|more than|less than|just|only)"
            rf"\s+)?({_NUM})\s+({_UNIT})\s+(?:ago|назад)|(?:il y a|vor|hace)\s+({_NUM})\s+({_UNIT}))"
            rf"{_E}",
            re.IGNORECASE,
        ),
    ),
    (
        "later",
        re.compile(
            rf"{_W}(?:({_NUM})\s+({_UNIT})\s+(later|earlier|plus tard|plus tôt|später|"
            rf"después|спустя)|the (next|following) day|le lendemain|la veille|am nächsten tag|"
            rf"al día siguiente|на следующий день)(?!\s+(?:than|que)\b){_E}",
            re.IGNORECASE,
        ),
    ),
    (
        "weekday_day",
        re.compile(
            rf"{_W}(?:(?:on|le|am|el|в|во)\s+)?(?:{_PARTS}\s+(?:on\s+)?)?{tr.WEEKDAY_RE},?\s*"
            rf"\(?(?:(?:{tr.MONTH_RE})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:er|\.)?\s+"
            rf"(?:de\s+)?(?:{tr.MONTH_RE}))(?:,?\s+\d{{4}})?\)?",
            re.IGNORECASE,
        ),
    ),
    (
        "date_full",
        re.compile(
            rf"{_W}(?:(?:on|le|am|el|the)\s+)?(?:\d{{1,2}}(?:st|nd|rd|th|er|\.|º)?\s+(?:of\s+|de\s+)?"
            rf"(?:{tr.MONTH_RE})|(?:{tr.MONTH_RE})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?{_E})"
            rf"(?:,?\s+(?:de\s+|del\s+)?\d{{4}})?{_E}",
            re.IGNORECASE,
        ),
    ),
    (
        "weekday",
        re.compile(
            rf"{_W}(?:(?:{_PARTS}|{tr.LAST_WORDS}|{tr.NEXT_WORDS}|this|early|late|on|le|ce|am|"
            rf"el|в|во|в\s+эту|в\s+прошлую)\s+)*(?:on\s+)?{tr.WEEKDAY_RE}"
            rf"(?:\s+{_DP}|\s+soir|,?\s+(?:à|a)\s+)?{_E}",
            re.IGNORECASE,
        ),
    ),
    (
        "dayword",
        re.compile(
            r"(?<![\w])(?:(?:late|early)\s+)?(?:the day before yesterday|(?:yesterday|tomorrow|today)"
            r"(?:\s+(?:morning|afternoon|evening|night))?|last night|overnight|tonight|demain|"
            r"(?:(?:earlier|later)\s+)?this (?:morning|afternoon|evening)|avant-hier|hier(?: soir)?|"
            r"aujourd'hui|aujourd’hui|ce soir|ce matin|vorgestern|gestern(?: abend)?|heute"
            r"(?: abend| morgen)?|anteayer|ayer|anoche|hoy|ieri(?: sera)?|oggi|ontem|hoje|"
            r"позавчера|вчера|сегодня|przedwczoraj|wczoraj|dzisiaj|dziś|jutro|eergisteren|"
            r"gisteren|vandaag|i förrgår|i går|igår|i dag|idag|i morgon|imorgon|ieri|astăzi|"
            r"mâine|позавчора|вчора|учора|сьогодні|dün|bugün|yarın|kemarin|hari ini|besok|předevčírem|"
            r"včera|dnes|zítra|χθες|χτες|σήμερα|αύριο|tegnap|holnap|hôm qua|hôm nay|ngày mai|"
            r"आज|어제|오늘|내일|أمس|الأمس|اليوم|غدا|غداً)"
            r"(?![\w])",
            re.IGNORECASE,
        ),
    ),
    (
        "relative_unit",
        re.compile(
            rf"{_W}(?:(?:earlier|later)\s+this|(?:the\s+)?(?:{tr.LAST_WORDS}|{tr.NEXT_WORDS})|"
            rf"this|ce|cette|"
            rf"diese[nmrs]?|este|esta|на\s+прошлой|в\s+прошлом|в\s+этом|на\s+этой)\s+"
            rf"(?:week|month|year|semaine|mois|année|an|woche|monat|jahr|semana|mes|año|"
            rf"неделе|месяце|году)(?:\s+(?:dernier|dernière|passé|passée|pasado|pasada|"
            rf"prochain|prochaine))?{_E}"
            rf"|{_W}(?:la\s+semaine|le\s+mois|l'an|l'année)\s+(?:dernière|dernier|passée|passé)"
            rf"{_E}",
            re.IGNORECASE,
        ),
    ),
    (
        "season",
        re.compile(
            rf"{_W}(?:(?:{_PARTS}|{tr.LAST_WORDS}|this|next|in|en|im|the)\s+)*{tr.SEASON_RE}"
            rf"(?:\s+(?:of\s+|de\s+)?\d{{4}})?{_E}",
            re.IGNORECASE,
        ),
    ),
    (
        "quarter",
        re.compile(
            r"\b(?:the\s+(?=\w+\s))?(?:first|second|third|fourth)[\s-]+quarter(?:\s+of\s+\d{4}|\s+\d{4})?\b|"
            r"\bQ[1-4]\s+\d{4}\b",
            re.IGNORECASE,
        ),
    ),
    (
        "month_year",
        re.compile(
            rf"{_W}(?:(?:{_PARTS}|in|en|im|the|last|next|this|past|coming)\s+)*(?:{tr.MONTH_RE})"
            rf"(?:,?\s+(?:of\s+|de\s+)?"
            rf"\d{{4}}|\s+(?:of\s+)?(?:last|this)\s+year|\s+de l'an dernier|"
            rf"\s+(?:del|de)\s+año\s+pasado|\s+letzten\s+jahres|\s+прошлого\s+года)?{_E}"
            r"(?!\.?\s+\d{1,2}(?:st|nd|rd|th)?(?![\d:.,]\d))",  # "the Oct. 23 attack": a day
            re.IGNORECASE,
        ),
    ),
    (
        "year",
        re.compile(
            r"(?<![\w$€£.,-])(?:(?:in|en|im|since|depuis|seit|desde|в|of)\s+)?(?:early\s+|late\s+|"
            r"the (?:end|beginning|start|middle) of\s+)?(?:fiscal\s+)?(?:1[6-9]\d\d|20[0-4]\d)"
            r"(?![\w%.,-]\d|\s*(?:%|percent|people|ships|tonnes|km|"
            r"euros?|dollars?|\$))(?![\w-])",
            re.IGNORECASE,
        ),
    ),
    # English durations, sets, vague references, clock times, decades and centuries: after the
    # date kinds, which win ties.
    ("decade", re.compile(_DECADE, re.IGNORECASE)),
    ("holiday", re.compile(_HOLIDAY, re.IGNORECASE)),
    ("weekend", re.compile(_WEEKEND, re.IGNORECASE)),
    ("year_span", re.compile(_YEAR_SPAN)),
    ("clock", re.compile(_CLOCK_TIME, re.IGNORECASE)),
    ("set", re.compile(_SET, re.IGNORECASE)),
    ("duration", re.compile(_DURATION, re.IGNORECASE)),
    ("vague_duration", re.compile(_VAGUE_DURATION, re.IGNORECASE)),
    ("ref", re.compile(_REF, re.IGNORECASE)),
]

_ENT_START = re.compile(
    rf"(?i)\b(?:\d|{tr.MONTH_RE}|{tr.WEEKDAY_RE}|yesterday|today|tonight|last|this|next|early|"
    r"late|mid|earlier|later|the (?:day|week|month|year)|in \d)"
)
_CLOCK = re.compile(
    r"\b\d{1,2}(?::\d{2}|[.h]\s?\d{2})?\s*(?:[ap]\.?m\.?|h\b|uhr)|\b\d{1,2}:\d{2}\b", re.IGNORECASE
)
_DURATION_BEFORE = re.compile(
    r"(?:\bfor|\bduring|\bover|\bwithin|\bpendant|\bdurant|\bseit|\bwährend|\bdurante|"
    r"\bв течение)\s+(?:the\s+)?(?:past\s+|last\s+)?$",
    re.IGNORECASE,
)
_MONTHS_OF = re.compile(r"^\s+(?:of|de|d')\s", re.IGNORECASE)
_PAST_HINT = re.compile(
    r"\b(?:will|shall|is due|are due|plans? to|is set to)\b|"
    r"\b(?:va|vont|wird|werden|va a|van a|будет)\b",
    re.IGNORECASE,
)
