"""Word lists and patterns for time expressions in English, French, German, Spanish and Russian
(and the month and weekday names and day words of Italian, Portuguese, Polish, Dutch, Swedish,
Romanian, Ukrainian, Turkish, Arabic, Indonesian, Czech, Greek, Hungarian, Vietnamese, Hindi and Korean).

Kept apart from ``dates.py`` so the resolver reads as logic, not vocabulary. Names are matched on
lowercased, accent-kept text; Russian names are stems so every case form matches.
"""

from __future__ import annotations

import re

# Month stems -> month number. Each key is a regex fragment matched at a word start.
MONTHS: tuple[tuple[str, int], ...] = (
    (
        (r"january|jan\.?|janvier|januar|j[äa]nner|enero|gennaio|janeiro|январ[ьяею]|"
         r"stycze[nń]|stycznia|januari|ianuarie|січ(?:ень|ня)|ocak|led(?:en|na)|ιανουαρίου|január|जनवरी|يناير|كانون الثاني"),
        1,
    ),
    (
        (r"february|feb\.?|f[ée]vrier|februar|febrero|febbraio|fevereiro|феврал[ьяею]|"
         r"lut(?:y|ego)|februari|februarie|лют(?:ий|ого)|şubat|únor(?:a)?|φεβρουαρίου|február|फरवरी|फ़रवरी|فبراير|شباط"),
        2,
    ),
    (
        (r"march|mar\.|mars|m[äa]rz|marzo|março|марта?|марте|marzec|maart|martie|"
         r"берез(?:ень|ня)|maret|břez(?:en|na)|μαρτίου|március|मार्च|آذار"),
        3,
    ),
    (
        (r"april|apr\.?|avril|abril|aprile|апрел[ьяею]|kwiecie[nń]|kwietnia|aprilie|"
         r"квіт(?:ень|ня)|nisan|dub(?:en|na)|απριλίου|április|अप्रैल|أبريل|نيسان"),
        4,
    ),
    (r"may|mai|mayo|maggio|maio|ма[йяе]|maja?|mei|трав(?:ень|ня)|mayıs|kvě(?:ten|tna)|μαΐου|május|मई|مايو|أيار", 5),
    (
        (r"june|jun\.?|juin|juni|junio|giugno|junho|июн[ьяею]|czerw(?:iec|ca)|iunie|"
         r"черв(?:ень|ня)|haziran|červ(?:en|na)|ιουνίου|június|जून|يونيو|حزيران"),
        6,
    ),
    (
        (r"july|jul\.?|juillet|juli|julio|luglio|julho|июл[ьяею]|lip(?:iec|ca)|iulie|"
         r"лип(?:ень|ня)|temmuz|červen(?:ec|ce)|ιουλίου|július|जुलाई|يوليو|تموز"),
        7,
    ),
    (
        (r"august|aug\.?|ao[ûu]t|agosto|августа?|августе|sierpie[nń]|sierpnia|augustus|"
         r"augusti|серп(?:ень|ня)|ağustos|agustus|srp(?:en|na)|αυγούστου|augusztus|अगस्त|أغسطس"),
        8,
    ),
    (
        (r"september|sept?\.?|septembre|septiembre|setiembre|settembre|setembro|"
         r"сентябр[ьяею]|wrzesie[nń]|września|septembrie|верес(?:ень|ня)|eylül|září|σεπτεμβρίου|सितंबर|सितम्बर|سبتمبر|أيلول"),
        9,
    ),
    (
        (r"october|oct\.?|octobre|oktober|octubre|ottobre|outubro|октябр[ьяею]|"
         r"październik(?:a)?|octombrie|жовт(?:ень|ня)|ekim|říj(?:en|na)|οκτωβρίου|október|अक्टूबर|अक्तूबर|أكتوبر|تشرين الأول"),
        10,
    ),
    (
        (r"november|nov\.?|novembre|noviembre|novembro|ноябр[ьяею]|listopad(?:a)?|noiembrie|"
         r"листопад(?:а)?|kasım|listopadu|νοεμβρίου|नवंबर|नवम्बर|نوفمبر|تشرين الثاني"),
        11,
    ),
    (
        (r"december|dec\.?|d[ée]cembre|dezember|diciembre|dicembre|dezembro|декабр[ьяею]|"
         r"grudzie[nń]|grudnia|decembrie|груд(?:ень|ня)|aralık|desember|prosin(?:ec|ce)|δεκεμβρίου|दिसंबर|दिसम्बर|ديسمبر|كانون الأول"),
        12,
    ),
)

# Weekday stems -> Python weekday (Monday = 0).
WEEKDAYS: tuple[tuple[str, int], ...] = (
    (
        (r"monday|lundi|montag|lunes|luned[ìi]|segunda-feira|понедельник[аеу]?|poniedziałek|"
         r"poniedziałku|maandag|måndag(?:en)?|luni|понеділ(?:ок|ка)|pazartesi|senin|pondělí|τη[νς]? δευτέρα[ς]?|hétfő(?:n)?|thứ hai|सोमवार|월요일(?:에)?|الاثنين|"
        r"الإثنين"),
        0,
    ),
    (
        (r"tuesday|mardi|dienstag|martes|marted[ìi]|ter[çc]a-feira|вторник[аеу]?|wtorek|"
         r"wtorku|dinsdag|tisdag(?:en)?|marți|marţi|вівтор(?:ок|ка)|salı|selasa|úterý|τη[νς]? τρίτη[ς]?|kedd(?:en)?|thứ ba|मंगलवार|화요일(?:에)?|الثلاثاء"),
        1,
    ),
    (
        (r"wednesday|mercredi|mittwoch|mi[ée]rcoles|mercoled[ìi]|quarta-feira|сред[аеуы]|"
         r"środ[aęy]|woensdag|onsdag(?:en)?|miercuri|серед[ау]|çarşamba|rabu|střed[auy]|τη[νς]? τετάρτη[ς]?|szerd(?:a|án)|thứ tư|बुधवार|수요일(?:에)?|الأربعاء"),
        2,
    ),
    (
        (r"thursday|jeudi|donnerstag|jueves|gioved[ìi]|quinta-feira|четверг[аеу]?|"
         r"czwart(?:ek|ku)|donderdag|torsdag(?:en)?|joi|четвер(?:га)?|perşembe|kamis|čtvrt(?:ek|ka)|τη[νς]? πέμπτη[ς]?|csütörtök(?:ön)?|thứ năm|गुरुवार|बृहस्पतिवार|목요일(?:에)?|الخميس"),
        3,
    ),
    (
        (r"friday|vendredi|freitag|viernes|venerd[ìi]|sexta-feira|пятниц[аеуы]|piąt(?:ek|"
         r"ku)|vrijdag|fredag(?:en)?|vineri|п['’]ятниц[яюі]|cuma|jum['’]?at|pát(?:ek|ku)|τη[νς]? παρασκευή[ς]?|péntek(?:en)?|thứ sáu|शुक्रवार|금요일(?:에)?|الجمعة"),
        4,
    ),
    (
        (r"saturday|samedi|samstag|sonnabend|s[áa]bato|s[áa]bado|суббот[аеуы]|sobot[aęy]|"
         r"zaterdag|lördag(?:en)?|sâmbătă|sambata|субот[аиу]|cumartesi|sabtu|sobot[auy]|το σάββατο|szombat(?:on)?|thứ bảy|शनिवार|토요일(?:에)?|السبت"),
        5,
    ),
    (
        (r"sunday|dimanche|sonntag|domingo|domenica|воскресень[еяю]|niedziel[aęi]|zondag|"
         r"söndag(?:en)?|duminică|duminica|неділ[яюі]|pazar|neděl[ei]|την κυριακή|vasárnap|chủ nhật|रविवार|일요일(?:에)?|الأحد"),
        6,
    ),
)

MONTH_RE = "(?:" + "|".join(m for m, _ in MONTHS) + ")"
WEEKDAY_RE = "(?:" + "|".join(w for w, _ in WEEKDAYS) + ")"

_MONTH_COMPILED = [(re.compile(rf"^(?:{m})$", re.IGNORECASE), n) for m, n in MONTHS]
_WEEKDAY_COMPILED = [(re.compile(rf"^(?:{w})$", re.IGNORECASE), n) for w, n in WEEKDAYS]


def month_number(word: str) -> int | None:
    """Month number of a month name or abbreviation in any supported language."""
    w = word.strip().lower()
    for rx, n in _MONTH_COMPILED:
        if rx.match(w):
            return n
    return None


def weekday_number(word: str) -> int | None:
    """Weekday number (Monday = 0) of a weekday name in any supported language."""
    w = word.strip().lower()
    for rx, n in _WEEKDAY_COMPILED:
        if rx.match(w):
            return n
    return None


# Relative day words -> offset from the reference day.
DAY_WORDS: tuple[tuple[str, int], ...] = (
    ((r"the day before yesterday|avant-hier|vorgestern|anteayer|позавчера|przedwczoraj|"
     r"eergisteren|i förrgår|позавчора|předevčírem"), -2),
    ((r"yesterday|last night|hier|gestern|ayer|anoche|ieri|ontem|вчера|wczoraj|gisteren|i går|"
     r"igår|вчора|учора|dün|kemarin|včera|χθες|χτες|tegnap|hôm qua|어제|أمس|الأمس"), -1),
    (
        (
            r"today|tonight|overnight|this (?:morning|afternoon|evening)|aujourd'hui|aujourd’hui|"
            r"ce soir|ce matin|cet après-midi|heute|heute abend|hoy|esta (?:mañana|tarde|noche)|"
            r"oggi|hoje|сегодня|dzisiaj|dziś|vandaag|i dag|idag|astăzi|azi|сьогодні|bugün|hari ini|"
            r"dnes|σήμερα|hôm nay|आज|오늘|اليوم"
        ),
        0,
    ),
    ((r"tomorrow|demain|morgen|mañana|domani|amanh[ãa]|завтра|jutro|i morgon|imorgon|mâine|"
     r"yarın|besok|zítra|αύριο|holnap|ngày mai|내일|غدا|غداً"), 1),
)

EARLY = (
    r"early|beginning of|the start of|début|au début de|début de|anfang|zu beginn|principios de|"
    r"a principios de|comienzos de|в начале|начале"
)
MID = r"mid|mid-|the middle of|mi-|à la mi-|mitte|mediados de|a mediados de|в середине|середине"
LATE = (
    r"late|the end of|end of|fin|fin de|à la fin de|ende|finales de|a finales de|fines de|"
    r"в конце|конце"
)

# Time-of-day words that may follow or precede a day ("late on Sunday", "mardi après-midi").
DAYPART = (
    r"(?:morning|afternoon|evening|night|overnight|matin|après-midi|soir|soirée|nuit|"
    r"morgen|vormittag|nachmittag|abend|nacht|mañana|tarde|noche|утром|днём|днем|вечером|ночью)"
)

# Units for durations and anchored offsets.
UNIT_DAYS = {
    "day": 1,
    "days": 1,
    "jour": 1,
    "jours": 1,
    "tag": 1,
    "tage": 1,
    "tagen": 1,
    "día": 1,
    "días": 1,
    "dia": 1,
    "dias": 1,
    "день": 1,
    "дня": 1,
    "дней": 1,
    "week": 7,
    "weeks": 7,
    "semaine": 7,
    "semaines": 7,
    "woche": 7,
    "wochen": 7,
    "semana": 7,
    "semanas": 7,
    "неделю": 7,
    "недели": 7,
    "недель": 7,
    "неделя": 7,
    "month": 30,
    "months": 30,
    "mois": 30,
    "monat": 30,
    "monate": 30,
    "monaten": 30,
    "mes": 30,
    "meses": 30,
    "месяц": 30,
    "месяца": 30,
    "месяцев": 30,
    "year": 365,
    "years": 365,
    "an": 365,
    "ans": 365,
    "année": 365,
    "années": 365,
    "jahr": 365,
    "jahre": 365,
    "jahren": 365,
    "año": 365,
    "años": 365,
    "год": 365,
    "года": 365,
    "лет": 365,
}

NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fourteen": 14,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "a few": 3,
    "several": 3,
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six_fr": 6,
    "sept": 7,
    "huit": 8,
    "dix": 10,
    "quinze": 15,
    "ein": 1,
    "eine": 1,
    "einem": 1,
    "einer": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "sechs": 6,
    "sieben": 7,
    "zehn": 10,
    "uno": 1,
    "una": 1,
    "dos": 2,
    "tres": 3,
    "cuatro": 4,
    "cinco": 5,
    "seis": 6,
    "siete": 7,
    "diez": 10,
    "один": 1,
    "одну": 1,
    "два": 2,
    "две": 2,
    "три": 3,
    "четыре": 4,
    "пять": 5,
    "десять": 10,
}

NUMBER_RE = (
    r"(?:\d{1,3}|a few|several|"
    + "|".join(
        sorted(
            (k for k in NUMBER_WORDS if k not in {"a few", "several", "six_fr"}),
            key=len,
            reverse=True,
        )
    )
    + ")"
)
UNIT_RE = "(?:" + "|".join(sorted(UNIT_DAYS, key=len, reverse=True)) + ")"

BEFORE_WORDS = r"before|earlier|ago|prior to|avant|plus tôt|vor|früher|antes|назад|до"
AFTER_WORDS = r"after|later|afterwards|après|plus tard|nach|später|después|спустя|после|через"

SEASONS = {
    "spring": (3, 5),
    "printemps": (3, 5),
    "frühling": (3, 5),
    "frühjahr": (3, 5),
    "primavera": (3, 5),
    "весной": (3, 5),
    "весна": (3, 5),
    "summer": (6, 8),
    "été": (6, 8),
    "sommer": (6, 8),
    "verano": (6, 8),
    "летом": (6, 8),
    "лето": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    "automne": (9, 11),
    "herbst": (9, 11),
    "otoño": (9, 11),
    "осенью": (9, 11),
    "осень": (9, 11),
    "winter": (12, 2),
    "hiver": (12, 2),
    "invierno": (12, 2),
    "зимой": (12, 2),
    "зима": (12, 2),
}
SEASON_RE = "(?:" + "|".join(sorted(SEASONS, key=len, reverse=True)) + ")"

LAST_WORDS = (
    r"last|past|previous|dernier|dernière|passé|passée|letzte[nmrs]?|vergangene[nmrs]?|"
    r"pasado|pasada|anterior|прошл(?:ый|ой|ую|ом|ого)"
)
THIS_WORDS = r"this|earlier this|later this|ce|cette|cet|diese[nmrs]?|este|esta|эт(?:от|ой|у|ом)"
NEXT_WORDS = (
    r"next|coming|prochain|prochaine|nächste[nmrs]?|kommende[nmrs]?|próximo|próxima|"
    r"следующ(?:ий|ей|ую|ем)"
)

# Lines that announce a publication or update stamp.
STAMP_LINE = re.compile(
    r"^\s*(?:updated|last updated|published|posted|first published|modified|date|"
    r"publié|mis à jour|mise à jour|actualisé|aktualisiert|veröffentlicht|stand|"
    r"actualizado|publicado|опубликовано|обновлено|дата)\b",
    re.IGNORECASE,
)
ARCHIVE_NOTICE = re.compile(
    r"(?:cet article (?:a été )?publié en|this (?:article|story) (?:was )?(?:first )?published|"
    r"dieser artikel (?:wurde|ist)|este artículo (?:fue )?publicado|"
    r"pourrait contenir des informations qui ne sont plus à jour|may contain outdated)",
    re.IGNORECASE,
)
