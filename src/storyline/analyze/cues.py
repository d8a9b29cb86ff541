"""Words that introduce reported speech, per language, and pronouns that stand for a speaker."""

from __future__ import annotations

import re
from functools import lru_cache

# English lemmas of verbs of saying (spaCy lemmas, so "said", "says", "saying" all match "say").
EN_CUE_LEMMAS = frozenset(
    ["say", "tell", "add", "note", "insist", "stress", "warn", "respond", "reply", "tweet", "write", "declare", "vow", "announce", "claim", "argue", "explain", "state", "suggest", "accuse", "deny", "admit", "acknowledge", "confirm", "condemn", "urge", "ask", "describe", "promise", "pledge", "predict", "recall", "remark", "comment", "complain", "concede", "contend", "emphasize", "emphasise", "assert", "allege", "maintain", "observe", "quip", "fume", "joke", "muse", "conclude", "continue", "reveal", "threaten", "demand", "criticise", "criticize", "praise", "slam", "blast", "dismiss", "agree", "caution", "counter", "retort", "proclaim", "boast", "lament", "thank", "welcome", "mention", "estimate", "report", "post", "testify", "signal", "charge", "blame", "hail", "underline", "underscore", "affirm", "call", "term", "dub", "brand", "label", "express", "speculate", "relay", "wonder", "reiterate", "assure", "indicate", "commend", "denounce", "vow",
     # said aloud, read out, sung: speech verbs of interviews, rallies and ads
     "shout", "yell", "scream", "chant", "exclaim", "whisper", "mutter", "sing", "plead", "cry",
     "read", "recount", "interject", "attack", "cite", "quote"]
)
# Cue verbs whose complement is not necessarily speech: only count with a quote or "that".
EN_WEAK_CUES = frozenset(
    ["continue", "add", "ask", "thank", "welcome", "blame", "hail", "signal", "charge", "agree", "explain", "reveal", "describe",
     "read", "sing", "cry", "attack", "cite", "quote", "chant"]
)
# Verbs of thinking, knowing and finding: reported speech (PARC's attributions) only with a
# clause of their own ("the poll shows (that) …", "X believes …", "one study found …").
EN_CLAUSE_CUES = frozenset(
    ["show", "find", "believe", "think", "expect", "hope", "fear", "know", "feel", "worry",
     "doubt", "conclude", "suggest", "predict", "indicate", "imply", "assume", "realize",
     "learn", "discover", "determine", "rule", "decide", "recognize", "understand", "reckon",
     "guess", "figure", "insist", "acknowledge", "concede", "contend", "argue", "hear", "prove",
     "demonstrate", "reveal", "confirm", "estimate", "project", "question", "point"]
)
# Subjects that can speak: besides people and organisations, these common nouns.
SPEAKING_NOUNS = frozenset(
    ["ministry", "government", "kremlin", "office", "police", "authorities", "authority", "company", "spokesperson", "statement", "report", "officials", "official", "ministers", "sources", "source", "agency", "court", "army", "military", "embassy", "presidency", "palace", "council", "committee", "commission", "party", "union", "prosecutors", "spokespeople", "spokesmen", "spokeswomen", "spokespersons", "representatives", "salvors", "rescuers", "firefighters", "investigators"]
    # French, Spanish, German, Russian, as written (no lemmas outside English)
    + ["pompiers", "autorités", "gouvernement", "ministère", "enquêteurs", "secours", "experts",
       "médias", "témoins", "responsables", "parquet", "préfecture", "mairie",
       "élysée", "syndicats", "bomberos", "autoridades", "fuentes", "policía", "gobierno",
       "ministerio", "expertos", "testigos", "investigadores", "sindicatos",
       "polizei", "behörden", "regierung", "ministerium", "feuerwehr", "experten", "ermittler",
       "zeugen", "staatsanwaltschaft", "gewerkschaften", "ведомство", "министерство",
       "пресс-служба", "правительство", "полиция", "власти", "источник", "источники",
       "эксперты", "агентство", "кремль", "мид", "минобороны", "роскосмос"]
)

# The capital letters of the Latin, Greek and Cyrillic scripts ("Ł", "Ś", "Ž", "İ", "Є", "І"
# too), a regex character class: where a name may begin
UPPER = "[" + "".join(c for c in map(chr, range(0x41, 0x530)) if c.isupper()) + "]"

# The definite articles that open a description ("the minister", "le président", "el
# ministro", "der Sprecher", "o presidente"), and the indefinite ones ("a spokesman", "une
# source", "ein Sprecher"): one list for every rule that reads past them
DEFINITE_ARTICLES = frozenset(
    ["the", "le", "la", "les", "l", "el", "los", "las", "il", "lo", "gli", "i", "o", "os", "a",
     "as", "der", "die", "das", "den", "dem", "des", "de", "het"])
INDEFINITE_ARTICLES = frozenset(
    ["a", "an", "un", "une", "des", "uno", "una", "um", "uma", "ein", "eine", "einer", "einem",
     "eines", "een"])

EN_HEADLINE_VERBS = frozenset(
    ["says", "vows", "warns", "accuses", "calls", "urges", "slams", "blasts", "denies", "claims",
     "insists", "promises", "pledges", "admits", "tells", "defends", "rejects", "hails", "praises",
     "condemns", "criticizes", "criticises", "threatens", "demands", "announces", "confirms",
     "declares", "describes", "dismisses", "labels", "brands", "suggests", "asks", "blames"])
# Surface forms for languages without a parser (and French, whose lemmatizer is disabled).
OTHER_CUES = {
    "fr": r"a\s+dit|dit|disait|a\s+déclaré|déclare|a\s+affirmé|affirme|a\s+ajouté|ajoute|"
          r"a\s+assuré|assure|a\s+estimé|estime|a\s+souligné|souligne|a\s+indiqué|indique|"
          r"a\s+expliqué|explique|a\s+annoncé|annonce|a\s+promis|promet|a\s+lancé|lance|"
          r"a\s+martelé|a\s+réagi|a\s+écrit|a\s+tweeté|selon|d'après|a-t-il|a-t-elle|"
          r"ont\s+dit|a\s+prévenu|a\s+averti|a\s+confié",
    "de": r"sagte|sagt|erklärte|erklärt|betonte|betont|fügte|meinte|meint|kündigte|versprach|"
          # ("so" only closing a sentence's attribution: "…, so Merkel", not "sei so ernst")
          r"verspricht|schrieb|warnte|(?<=[,“”\"»«]\s)so|laut|nach\s+Angaben|"
          r"(?:ihm|ihr|ihnen)\s+zufolge|"
          r"(?:seinen|ihren)\s+Worten\s+(?:zufolge|nach)|teilte|"
          r"sagten|sagen|erklärten",
    "es": r"dijo|dice|afirmó|afirma|aseguró|asegura|declaró|declara|explicó|explica|señaló|"
          r"señala|añadió|añade|según|prometió|promete|escribió|advirtió|indicó|manifestó",
    "ru": r"заявил[аио]?|сказал[аио]?|отметил[аио]?|подчеркнул[аио]?|добавил[аио]?|"
          r"сообщил[аио]?|по\s+(?:(?:его|её|ее|их)\s+)?словам|пообещал[аио]?|написал[аио]?|говорит|заявляет|"
          r"пояснил[аио]?|уточнил[аио]?|признал[аио]?|обратился|обратилась",
    "it": r"(?:ha|hanno)\s+(?:detto|dichiarato|affermato|aggiunto|spiegato|sottolineato|"
          r"annunciato|assicurato|ribadito|precisato|confermato|avvertito|scritto|sostenuto|"
          r"promesso|commentato|osservato)|dice|dicono|afferma|spiega|sottolinea|aggiunge|"
          r"ribadisce|assicura|avverte|sostiene|secondo",
    "pt": r"disse|afirmou|declarou|segundo|acrescentou|explicou|garantiu|sublinhou|defendeu",
    # Ukrainian, Polish, Dutch
    "uk": r"заявив|заявила|заявили|сказав|сказала|зазначив|зазначила|наголосив|наголосила|"
          r"додав|додала|повідомив|повідомила|повідомили|за\s+(?:(?:його|її|їхніми)\s+)?словами|"
          r"написав|написала|підкреслив|підкреслила",
    "pl": r"powiedział|powiedziała|stwierdził|stwierdziła|dodał|dodała|zaznaczył|zaznaczyła|"
          r"podkreślił|podkreśliła|oświadczył|oświadczyła|napisał|napisała|według|przekazał|"
          r"przekazała|poinformował|poinformowała|(?:jego|jej|ich)\s+zdaniem",
    "nl": r"zei|zegt|zeiden|verklaarde|verklaart|stelde|stelt|benadrukte|voegde|liet\s+weten|"
          r"volgens(?:\s+(?:hem|haar|hen)(?=\s*,|\s+(?:is|zijn|was|waren|heeft|hebben|had|"
          r"hadden|zou|zouden|zal|zullen|moet|moeten|kan|kunnen|wordt|worden|gaat|gaan|blijft|"
          r"lijkt|staat)\b))?|schreef|meldde|aldus",
    # Swedish, Romanian
    "sv": r"sa|sade|säger|uppger|uppgav|förklarar|förklarade|betonar|betonade|skriver|skrev|"
          r"meddelar|meddelade|tillägger|tillade|konstaterar|konstaterade|framhåller|framhöll|"
          r"påpekar|påpekade|varnar|varnade|lovar|lovade|enligt",
    "ro": r"a\s+(?:declarat|spus|afirmat|adăugat|subliniat|precizat|anunțat|anunţat|explicat|"
          r"transmis|scris|arătat|menționat|menţionat|susținut|susţinut|avertizat|promis|"
          r"reiterat|insistat)|au\s+(?:declarat|spus|afirmat|anunțat|transmis)|spune|declară|"
          r"afirmă|susține|susţine|potrivit|conform",
    # Arabic: the verb before its subject ("قال وزير الخارجية … إن …"), "and" fused to it
    # ("وأضاف"), the subject often left in the verb ("وأضاف: «…»")
    "ar": r"و?(?:قال|قالت|يقول|تقول|أكد|أكدت|يؤكد|أضاف|أضافت|صرح|صرّح|صرحت|أعلن|أعلنت|أوضح|"
          r"أوضحت|أشار|أشارت|اعتبر|اعتبرت|شدد|شدّد|شددت|ذكر|ذكرت|كتب|كتبت|حذر|حذّر|حذرت|"
          r"تابع|تابعت|بحسب|حسب|وفقا|وفقاً)",
    # Indonesian (the verb often before its subject after a quote: "“…,” ujar Jokowi"; the
    # suffix -nya for "he said": "katanya", "ujarnya"), Czech
    "id": r"mengatakan|berkata|kata(?:nya)?|ujar(?:nya)?|ucap(?:nya)?|tutur(?:nya)?|"
          r"imbuh(?:nya)?|tambah(?:nya)?|menambahkan|jelas(?:nya)?|menjelaskan|tegas(?:nya)?|"
          r"menegaskan|menyatakan|mengungkapkan|ungkap(?:nya)?|menyebut(?:kan)?|paparnya|"
          r"memaparkan|mengaku|mengklaim|menuturkan|menurut(?:nya)?|pungkas(?:nya)?",
    "cs": r"řekl[aiy]?|uvedl[aiy]?|prohlásil[aiy]?|dodal[aiy]?|sdělil[aiy]?|napsal[aiy]?|"
          r"zdůraznil[aiy]?|podotkl[aiy]?|upozornil[aiy]?|oznámil[aiy]?|vysvětlil[aiy]?|"
          r"konstatoval[aiy]?|varoval[aiy]?|slíbil[aiy]?|tvrdí|říká|uvádí|dodává|podle",
    # Greek, Hungarian, Vietnamese
    "el": r"δήλωσε|είπε|ανέφερε|τόνισε|υπογράμμισε|σημείωσε|πρόσθεσε|ανακοίνωσε|έγραψε|"
          r"υποστήριξε|εξήγησε|προειδοποίησε|σύμφωνα\s+με",
    "hu": r"mondta|közölte|jelentette\s+ki|kijelentette|hangsúlyozta|tette\s+hozzá|hozzátette|"
          r"nyilatkozta|írta|fogalmazott|emelte\s+ki|kiemelte|jelezte|mondja",
    "vi": r"cho\s+biết|nói|khẳng\s+định|nhấn\s+mạnh|tuyên\s+bố|phát\s+biểu|chia\s+sẻ|"
          r"thông\s+báo|tiết\s+lộ|bày\s+tỏ|giải\s+thích|lưu\s+ý|"
          # "according to" only before a person ("Theo ông X, …"): "theo" is also "follow"
          r"theo\s+(?:ông|bà)",
    # Hindi: the subject marked by "ने" before the verb ("मोदी ने कहा कि …"), the honorific
    # pronoun fused with it ("उन्होंने कहा"), "according to" after its source ("X के अनुसार")
    "hi": r"(?<![\u0900-\u097F])ने\s+(?:कहा|बताया|दावा\s+किया|घोषणा\s+की|जोर\s+देकर\s+कहा|आरोप\s+लगाया|लिखा|"
          r"स्पष्ट\s+किया|दोहराया|पूछा|चेतावनी\s+दी)|कहा|बताया|के\s+अनुसार|के\s+मुताबिक",
    # Korean: the verb closes the sentence after a quotation and its particle ("“…”고
    # 말했다") or a reported clause ("…다고 밝혔다"); "X에 따르면" (according to X)
    "ko": r"말했다|밝혔다|강조했다|전했다|덧붙였다|설명했다|주장했다|지적했다|언급했다|발표했다|"
          r"말했습니다|밝혔습니다|강조했습니다|말한다|밝힌다|(?<=에\s)따르면",
    # Turkish (the verb closes the sentence: "X, «…» dedi", "X, …-dığını söyledi")
    "tr": r"dedi|söyledi|açıkladı|belirtti|vurguladı|ifade\s+etti|kaydetti|bildirdi|"
          r"yazdı|ekledi|göre",
    "en": r"said|says|told|tells|added|noted|insisted|stressed|warned|responded|replied|"
          r"tweeted|wrote|declared|vowed|announced|according\s+to|explained|stated",
    # Written without spaces: the quotative particle and the verb ("「…」と述べた"), "according
    # to" (によると, 据), the verbs of saying of Chinese ("表示：“…”", "他说")
    "ja": r"と(?:述べ|語|話し|強調し|説明し|明らかにし|発表し|指摘し|表明し|主張し|訴え|"
          r"批判し|書き込|投稿し|明言し|約束し|答え|記者団に語)[たてり]?|によると|によれば",
    "zh": r"表示|说道|说|称|指出|强调|透露|宣布|回应|写道|介绍|据",
}
UNSPACED = frozenset(["ja", "zh"])  # languages written without spaces between words
# kana and CJK ideographs: the characters of Japanese and Chinese
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
ARABIC = re.compile(r"[\u0600-\u06ff]")  # the letters of Arabic script
_OTHER_CUE_RE = {
    lang: re.compile(pat if lang in UNSPACED else rf"(?<!\w)(?:{pat})(?!\w)",
                     re.IGNORECASE | re.UNICODE)
    for lang, pat in OTHER_CUES.items()
}


# Word beginnings of saying verbs for languages without lemmas (French runs without its
# lemmatiser; German, Spanish, Russian have no pipeline): "promet", "déclaré", "sagte", "заявил".
SAY_STEMS: dict[str, tuple[str, ...]] = {
    "fr": ("dit", "dis", "déclar", "affirm", "ajout", "annonç", "annonc", "estim", "expliqu",
           "assur", "soulign", "indiqu", "promi", "promet", "engag", "confi", "précis", "insist",
           "rappel", "prévenu", "avert", "répond", "réag", "écri", "tweet", "louant", "loué",
           "qualifi", "dénon", "martel", "reconn", "confirm", "salu", "regrett", "lanc",
           "félicit", "réjou", "indign", "insurg", "exclam", "jug", "fustig", "plaid",
           "réclam", "exhort", "poursui", "conclu", "renchér"),
    "de": ("sagt", "gesagt", "erklärt", "betont", "fügte", "hinzugefügt", "meint", "teilte",
           "mitteil", "mitgeteilt",
           "kündigt", "versprach", "versprich", "schrieb", "warnt", "forder", "bericht",
           "zufolge", "äußert", "sprach", "unterstrich", "bekräftigt", "beklagt", "bestätigt"),
    "es": ("dijo", "dice", "decía", "afirm", "asegur", "declar", "explic", "añad", "señal",
           "indic", "anunci", "promet", "prometi", "según", "advirt", "subray", "destac",
           "manifest", "coment", "insist", "pidi", "pide", "pedido", "reconoc", "confirm",
           "escrib", "calific", "advert", "defend", "denunci", "sostien", "sostuv",
           "sostenido", "reiter", "remarc", "recalc", "lament", "critic", "reclam", "exig",
           "admit", "apunt", "avis"),
    "ru": ("заяв", "сказал", "сообщ", "добав", "отмет", "подчеркн", "объясн", "пояснил",
           "написал", "уточн", "назвал", "обещ", "пообещ", "призв", "считает", "говорит",
           "рассказ", "передает", "передаёт", "констатир", "признал", "предупред", "опроверг"),
}
_NOT_CUES = frozenset(["dits", "dite", "disposer", "lancement", "annonce", "annonces", "déclaration", "déclarations", "engagement", "sagte_", "según_"])


def stem_cue(word: str, lang: str) -> bool:
    """True when ``word`` starts like a verb of saying of ``lang`` (no lemmatiser needed)."""
    low = word.lower()
    stems = SAY_STEMS.get(lang)
    if not stems or len(low) < 3 or low in _NOT_CUES:
        return False
    return low.startswith(stems)


# Spanish forms a cue's stem takes that report nothing: a reflexive "se asegura la presidencia"
# (secures), "se explica" (is explained), and a feminine or plural participle, which never
# follows "haber" ("tiene asegurada la continuidad", "las cifras confirmadas").
_ES_REFLEXIVE = re.compile(r"(?<!\w)(?:se|me|te|nos|os)\s+$", re.IGNORECASE)
_ES_PARTICIPLE = re.compile(r"(?:ad|id)(?:as?|os)$", re.IGNORECASE)


def false_cue(text: str, start: int, end: int, lang: str) -> bool:
    """The cue word ``text[start:end]`` reports nothing in its context (Spanish: after a
    reflexive pronoun, or a feminine or plural past participle)."""
    if lang != "es":
        return False
    word = text[start:end]
    if _ES_PARTICIPLE.search(word):
        return True
    return _ES_REFLEXIVE.search(text, max(0, start - 6), start) is not None


def cue_pattern(lang: str) -> re.Pattern[str]:
    """Regex of surface cue words for ``lang`` (English when the language has no list)."""
    return _OTHER_CUE_RE.get(lang, _OTHER_CUE_RE["en"])


PRONOUNS = {
    "he": "m", "him": "m", "she": "f", "her": "f", "they": "p", "il": "m", "elle": "f",
    "er": "m", "sie": "f", "él": "m", "ella": "f", "он": "m", "она": "f", "i": "s", "we": "p",
    "lui": "m", "lei": "f", "він": "m", "вона": "f", "hij": "m", "zij": "f",
    "ele": "m", "ela": "f", "han": "m", "hon": "f",
    # the pronoun inside or after a phrase of attribution: "по его словам", "ihm zufolge",
    # "за його словами", "seinen Worten zufolge", "volgens haar", "według niego", "jego zdaniem"
    "его": "m", "её": "f", "ее": "f", "ihm": "m", "ihr": "f", "його": "m", "її": "f",
    "seinen": "m", "ihren": "f", "hem": "m", "haar": "f", "niego": "m", "niej": "f",
    "jego": "m", "jej": "f", "honom": "m", "henne": "f", "acestuia": "m", "acesteia": "f",
    "dia": "s", "ia": "s", "beliau": "s", "on": "m", "ona": "f",
    "αυτός": "m", "αυτή": "f", "ő": "s", "ông": "m", "bà": "f", "उन्होंने": "s", "उसने": "s",
    "그": "m", "그녀": "f",
}
# The language each pronoun is one of: in another language the word may be something else
# (Italian "il" and "i" are articles, not the French "he" and the English "I").
_PRONOUN_LANGUAGE = {
    "he": "en", "him": "en", "she": "en", "her": "en", "they": "en", "i": "en", "we": "en",
    "il": "fr", "elle": "fr", "er": "de", "sie": "de", "él": "es", "ella": "es", "он": "ru",
    "она": "ru", "lui": "it", "lei": "it", "він": "uk", "вона": "uk", "hij": "nl", "zij": "nl",
    "ele": "pt", "ela": "pt", "han": "sv", "hon": "sv", "honom": "sv", "henne": "sv",
    "hem": "nl", "niego": "pl", "niej": "pl", "acestuia": "ro", "acesteia": "ro",
    "dia": "id", "ia": "id", "beliau": "id", "on": "cs", "ona": "cs",
    "αυτός": "el", "αυτή": "el", "ő": "hu", "ông": "vi", "bà": "vi", "उन्होंने": "hi",
    "उसने": "hi", "그": "ko", "그녀": "ko",
    # (not the possessives "его", "ihr", "jego", "haar", "seinen": after a cue they open the
    # speaker's description, "sagte ihr Sprecher"; ``PRONOUN_IN_PHRASE`` finds them as sources)
}


def is_pronoun(word: str, lang: str | None) -> bool:
    """``word`` is a personal pronoun of ``lang`` (of any language ``PRONOUNS`` knows, for a
    language it has none of)."""
    owner = _PRONOUN_LANGUAGE.get(word.lower())
    code = (lang or "")[:2]
    return owner is not None and (owner == code or code not in _PRONOUN_LANGUAGE.values())

# Heads of nominal descriptions that can stand for a person quoted earlier (or named later).
ROLE_NOUNS = frozenset(
    ["minister", "president", "spokesman", "spokeswoman", "spokesperson", "diplomat", "leader", "official", "adviser", "advisor", "chancellor", "premier", "secretary", "envoy", "ambassador", "chief", "head", "director", "chairman", "chairwoman", "commander", "general", "mayor", "governor", "king", "queen", "pope", "prosecutor", "lawyer", "judge", "founder", "boss", "owner", "captain", "source", "official"]
    # French, German, Spanish, Russian (nominative forms)
    + ["président", "présidente", "ministre", "porte-parole", "chef", "cheffe", "dirigeant",
       "dirigeante", "ambassadeur", "ambassadrice", "maire", "diplomate", "fondateur",
       "procureur", "präsident", "präsidentin", "kanzler", "kanzlerin", "bundeskanzler",
       "bundeskanzlerin", "ministerin", "sprecher", "sprecherin", "botschafter", "bürgermeister",
       "bürgermeisterin", "gründer", "presidente", "presidenta", "ministro", "ministra",
       "portavoz", "jefe", "jefa", "alcalde", "alcaldesa", "embajador", "fundador", "президент",
       "министр", "пресс-секретарь", "глава", "лидер", "руководитель", "основатель", "посол",
       "мэр", "губернатор", "portavoce", "sindaco", "sindaca", "segretario", "segretaria",
       "ambasciatore", "fondatore", "procuratore",
       # members of parliaments, officials, lawyers and judges
       "député", "députée", "sénateur", "sénatrice", "secrétaire", "préfet", "préfète",
       "chancelier", "chancelière", "avocat", "avocate", "juge", "patron", "patronne",
       "diputado", "diputada", "senador", "senadora", "vicepresidente", "vicepresidenta",
       "canciller", "secretario", "secretaria", "diplomático", "diplomática", "diplomatin", "diplomatico",
       "diplomatica", "diplomata", "дипломат", "mandatario",
       "mandataria", "dirigente", "abogado", "abogada", "juez", "jueza", "fiscal",
       "abgeordnete", "abgeordneter", "senator", "staatssekretär", "chefin", "vorsitzende",
       "vorsitzender", "anwalt", "anwältin", "richter", "richterin", "deputato", "deputata",
       "senatore", "senatrice", "vicepremier", "avvocato", "giudice", "депутат", "сенатор",
       "спикер", "премьер", "премьер-министр", "адвокат", "судья", "deputado", "deputada",
       "porta-voz", "governador", "prefeito", "міністр", "речник", "речниця", "голова",
       "прем'єр-міністр", "prezydent", "rzecznik", "rzeczniczka", "premier", "woordvoerder",
       "woordvoerster", "burgemeester", "cumhurbaşkanı", "bakanı", "bakan", "sözcüsü",
       "başkanı",
       # Indonesian, Czech
       "presiden", "menteri", "juru", "gubernur", "ketua", "direktur", "kepala", "jubir",
       "premiér", "prezident", "prezidentka", "ministr", "ministryně", "mluvčí", "předseda",
       "předsedkyně", "starosta", "starostka", "hejtman", "velvyslanec",
       # Greek, Hungarian
       "πρωθυπουργός", "υπουργός", "πρόεδρος", "εκπρόσωπος", "δήμαρχος", "miniszterelnök",
       "miniszter", "elnök", "szóvivő", "polgármester"]
)

_NOT_THE_ROLE = frozenset(("vize", "vice", "ex", "co", "unter", "under", "deputy"))


def compound_role(word: str, role: str) -> bool:
    """A German compound ending in the role ("Bundeskanzler" for "der Kanzler",
    "Regierungssprecher" for "der Sprecher"), not a deputy's title ("Vizekanzler")."""
    head = word[:-len(role)] if len(role) >= 5 and word.endswith(role) else ""
    return len(head) >= 3 and "-" not in head and head not in _NOT_THE_ROLE


# Case endings of Russian and Ukrainian nouns: "пресс-секретаря", "президента", "главы" are
# the role nouns "пресс-секретарь", "президент", "глава" in the genitive
_CYRILLIC_ENDINGS = frozenset(("", "а", "я", "у", "ю", "ом", "ем", "ём", "ой", "ей", "ою", "ею",
                               "е", "і", "и", "ы", "ов", "ев", "ів", "ам", "ям", "ами", "ями",
                               "ах", "ях"))
_CYRILLIC_ROLES = tuple(r for r in ROLE_NOUNS if re.search(r"[а-яіїєґ]", r))


def _cyrillic_stem(role: str) -> str:
    """A Cyrillic role noun without its own ending (ь, й, а, я, о), to which case endings go."""
    return role[:-1] if role[-1] in "ьйаяо" else role


@lru_cache(maxsize=16384)  # pure, asked for every word of every descriptor
def role_base(word: str) -> str | None:
    """The role noun ``word`` (case-folded) is: itself, the role a compound ends in
    ("kremlsprecher" -> "sprecher"), or, in Cyrillic, the role it inflects ("пресс-секретаря" ->
    "пресс-секретарь"); None for other words. Latin-script words are taken as they are: an
    ending there makes another word ("presidential")."""
    if word in ROLE_NOUNS:
        return word
    for r in ROLE_NOUNS:
        if compound_role(word, r):
            return r
    if not word or not ("а" <= word[0] <= "я" or word[0] in "іїєґ"):
        return None
    best = None
    for r in _CYRILLIC_ROLES:
        stem = _cyrillic_stem(r)
        if len(stem) >= 3 and word.startswith(stem) and word[len(stem):] in _CYRILLIC_ENDINGS and (
                best is None or len(r) > len(best)):
            best = r  # the longest: "премьер-министра" is "премьер-министр", not "премьер"
    return best


def is_role(word: str) -> bool:
    """``word`` (case-folded) is a role noun, a compound that ends in one ("kremlsprecher") or
    a Cyrillic role in another case ("пресс-секретаря")."""
    return role_base(word) is not None


# The complementisers that open a reported clause ("said that …", "a dit que …", "sagte, dass …"),
# a regex alternation for the patterns that look for one
COMPLEMENTISERS = r"that|que|qu['’]|dass|что|che|що|że|dat|att|că|bahwa|že|ότι|hogy|rằng|कि|إن|إنه|إنها|أن|بأن"
# one of them as a word
COMPLEMENTISER_RE = re.compile(rf"(?<!\w)(?:{COMPLEMENTISERS})(?!\w)", re.IGNORECASE)

# Languages that leave a known subject unwritten: "dijo", "ha detto", "disse" alone.
PRO_DROP = frozenset(["es", "it", "pt", "ar", "pl", "cs", "ja", "zh"])

# Heads of descriptions that stand for an organisation named earlier ("the company said").
ORG_NOUNS = frozenset(
    ["company", "firm", "group", "agency", "ministry", "authority", "operator", "carrier",
     "airline", "bank", "manufacturer", "organisation", "organization", "union", "broadcaster",
     "network", "newspaper", "charity", "department", "insurer", "retailer", "contractor",
     "société", "entreprise", "groupe", "unternehmen", "konzern", "empresa", "compañía",
     "partido", "formación", "parti", "formation", "partei", "партия", "ведомство"]
)

# Heads of descriptions of a medium that carries someone's words ("the Telegram channel",
# "state news agency", "Телеграм-канал", "laut einem Medienbericht"): a quote in the first
# person that such a medium "reported" is the words of someone the article names.
MEDIA_NOUNS = frozenset(
    ["channel", "telegram", "agency", "newspaper", "broadcaster", "outlet", "tv", "television",
     "radio", "media", "paper", "daily", "tabloid", "magazine", "website", "station", "network",
     "chaîne", "agence", "journal", "quotidien", "média", "médias", "télévision", "hebdomadaire",
     "sender", "agentur", "nachrichtenagentur", "zeitung", "medien", "medienbericht", "kanal",
     "canal", "agencia", "diario", "periódico", "medios", "cadena", "emisora",
     "канал", "телеграм-канал", "агентство", "издание", "газета", "сми", "телеканал", "радио"]
)
# First-person words of several languages: the quoted speaker talks of themselves.
FIRST_PERSON = frozenset(
    ["i", "we", "me", "us", "our", "my", "ours", "je", "j", "nous", "notre", "nos", "mon", "ma",
     "mes", "ich", "wir", "uns", "unser", "unsere", "unseren", "unserer", "mein", "meine", "yo",
     "nosotros", "nosotras", "nuestro", "nuestra", "nuestros", "nuestras", "mi", "я", "мы",
     "нас", "нам", "наш", "наша", "наши", "наших", "мой", "моя", "меня", "мне"]
)

# A few common female first names, for pronoun agreement ("she" -> Maria Zakharova).
FEMALE_NAMES = frozenset(
    ["maria", "marie", "anne", "angela", "theresa", "ursula", "kamala", "hillary", "nancy", "elizabeth", "liz", "jacinda", "marine", "christine", "ségolène", "segolene", "sophie", "claire", "catherine", "nathalie", "valérie", "valerie", "élisabeth", "elisabeth", "julia", "yulia", "svetlana", "olga", "natalia", "natalya", "tatiana", "irina", "elena", "anna", "annalena", "giorgia", "sanna", "mette", "kaja", "michelle", "melania", "jill", "laura", "sarah", "susan", "karen", "linda", "lisa", "mary", "jane", "helen", "ann", "anita", "nadia", "rachida", "agnès", "agnes", "aurore", "carmen", "isabel", "lucía", "lucia", "yolanda", "begoña", "cristina", "inés", "ines", "мария", "анна", "ольга", "елена",
     "emma", "olivia", "sophia", "isabella", "mia", "amelia", "emily", "charlotte", "victoria",
     "margaret", "patricia", "jennifer", "barbara", "jessica", "nicole", "rebecca", "amy",
     "kathleen", "ashley", "stephanie", "amanda", "melissa", "deborah", "dorothy", "sandra",
     "donna", "carol", "ruth", "sharon", "betty", "kristi", "kristen", "kirsten", "tulsi",
     "nikki", "ilhan", "alexandria", "marjorie", "kathy", "janet", "penny", "priti", "suella",
     "yvette", "rachel", "kemi", "angela", "françoise", "francoise", "martine", "monique",
     "isabelle", "sylvie", "brigitte", "delphine", "najat", "marlène", "amélie", "amelie",
     "florence", "caroline", "juliette", "petra", "sabine", "monika", "ursula", "katja",
     "katarina", "franziska", "nancy", "svenja", "ricarda", "alice", "sahra", "maría", "ana",
     "josefa", "dolores", "pilar", "teresa", "rosa", "montserrat", "irene", "ada", "yolanda",
     "dilma", "michelle", "claudia", "gabriela", "roberta", "antonella", "francesca", "chiara",
     "giulia", "sara", "paola", "silvia", "federica", "beatrice", "martina", "valentina",
     "alessandra", "elly", "daniela", "marta", "ekaterina", "yekaterina", "marina", "lyudmila",
     "tatyana", "galina", "valentina", "veronika", "oksana", "iryna", "olena", "viktoria",
     "наталья", "татьяна", "светлана", "ирина", "валентина", "юлия", "марина", "екатерина",
     "людмила", "галина", "вероника", "дарья", "ксения", "алина", "виктория", "маргарита",
     "fatima", "aisha", "leila", "layla", "golda", "indira", "benazir", "yuriko", "юлія",
     "олена", "ірина", "наталія", "ольга", "тетяна", "agnieszka", "małgorzata", "beata", "ewa",
     "katarzyna", "femke", "sigrid", "kajsa", "dilan"]
)

# Common male first names of the languages storyline reads and of people in the news, for
# names that open a sentence, where a capital says nothing ("Olaf Scholz sagte, …"); with
# FEMALE_NAMES, ``GIVEN_NAMES``.
MALE_NAMES = frozenset(
    # English
    ["john", "james", "michael", "david", "robert", "william", "richard", "joseph", "thomas",
     "charles", "christopher", "daniel", "matthew", "anthony", "mark", "donald", "steven",
     "paul", "andrew", "joshua", "kenneth", "kevin", "brian", "george", "timothy", "ronald",
     "edward", "jason", "jeffrey", "ryan", "jacob", "gary", "nicholas", "eric", "jonathan",
     "stephen", "larry", "justin", "scott", "brandon", "benjamin", "samuel", "gregory",
     "alexander", "frank", "patrick", "raymond", "jack", "dennis", "jerry", "aaron", "adam",
     "nathan", "henry", "douglas", "peter", "walter", "keith", "roger", "sean", "gerald",
     "carl", "harold", "arthur", "lawrence", "jesse", "bruce", "alan", "albert", "wayne",
     "vincent", "ralph", "philip", "barack", "joe", "bernie", "mike", "mitch", "boris",
     "rishi", "keir", "tony", "gordon", "nigel", "liam", "oliver", "harry", "jim", "bill",
     "bob", "tom", "ted", "chuck", "ron", "marco", "pete", "elon", "jeff", "tim", "chris",
     "matt", "steve", "dan", "ben", "sam", "nick", "jake", "lindsey", "rand", "kash", "vivek",
     # French
     "jean", "pierre", "michel", "philippe", "alain", "nicolas", "françois", "francois",
     "jacques", "bernard", "éric", "christophe", "laurent", "olivier", "sébastien",
     "sebastien", "julien", "emmanuel", "gérald", "édouard", "edouard", "bruno", "jean-luc",
     "jean-marie", "jean-noël", "jean-yves", "jean-pierre", "jean-louis", "gabriel", "yannick",
     "benoît", "benoit", "thierry", "didier", "xavier", "franck", "hervé", "herve", "lionel",
     "raphaël", "raphael", "arnaud", "gilles", "yves", "guillaume", "mathieu", "antoine",
     "louis", "hugo", "jordan", "fabien", "gérard", "gerard", "pascal", "dominique",
     # German
     "hans", "wolfgang", "klaus", "jürgen", "juergen", "dieter", "horst", "helmut", "gerhard",
     "stefan", "andreas", "markus", "christian", "olaf", "friedrich", "karl", "heinz",
     "günter", "guenter", "uwe", "jens", "jan", "lars", "sven", "martin", "matthias",
     "sebastian", "tobias", "florian", "norbert", "armin", "winfried", "joachim", "heiko",
     "hubertus", "cem", "volker", "gregor", "robert", "lothar", "werner", "ralf", "frank-walter",
     # Spanish, Portuguese
     "josé", "jose", "antonio", "manuel", "francisco", "juan", "javier", "carlos", "jesús",
     "alejandro", "miguel", "rafael", "pedro", "pablo", "ángel", "fernando", "luis", "sergio",
     "jorge", "alberto", "álvaro", "alvaro", "diego", "adrián", "raúl", "raul", "enrique",
     "ramón", "ramon", "vicente", "andrés", "andres", "mariano", "santiago", "gustavo",
     "nicolás", "felipe", "iñigo", "emiliano", "alfonso", "gonzalo", "íñigo", "joão", "joao",
     "luiz", "jair", "lula", "marcelo", "rodrigo", "ricardo", "eduardo", "mauricio", "nayib",
     # Italian
     "giuseppe", "giovanni", "mario", "luigi", "francesco", "angelo", "vincenzo", "pietro",
     "salvatore", "carlo", "franco", "domenico", "paolo", "michele", "giorgio", "aldo",
     "luciano", "matteo", "silvio", "enrico", "romano", "roberto", "gianni", "massimo",
     "andrea", "lorenzo", "alessandro", "stefano", "luca", "giancarlo", "fabio", "riccardo",
     "guido", "ignazio", "dario", "umberto", "sergio", "antonio", "maurizio", "gennaro",
     # Russian, Ukrainian and other Slavic names, in Latin and Cyrillic letters
     "vladimir", "dmitry", "dmitri", "sergei", "sergey", "yevgeny", "evgeny", "yevgeniy",
     "alexei", "alexey", "aleksei", "aleksey", "aleksandr", "mikhail", "nikolai", "nikolay",
     "ivan", "andrei", "andrey", "igor", "oleg", "yuri", "yury", "viktor", "pavel", "anatoly",
     "volodymyr", "petro", "vitali", "vitaly", "vitaliy", "denys", "oleksandr", "oleksiy",
     "ramzan", "vyacheslav", "valery", "maxim", "gennady", "arkady", "alexandr", "kirill",
     "andrzej", "donald", "mateusz", "jarosław", "viktor", "aleksandar", "milorad",
     # (as German, French, Italian and Spanish write them)
     "sergej", "sergueï", "serguei", "serguéi", "dmitrij", "wladimir", "vladímir", "jewgeni",
     "jewgenij", "evgenij", "yevgueni", "alexej", "aleksej", "wolodymyr", "volodimir", "juri",
     "michail", "mijaíl", "nikolaj", "andrej", "wiktor",
     "владимир", "дмитрий", "сергей", "евгений", "алексей", "александр", "михаил", "николай",
     "иван", "андрей", "игорь", "олег", "юрий", "борис", "виктор", "павел", "рамзан",
     "вячеслав", "анатолий", "геннадий", "валерий", "максим", "кирилл", "владислав",
     "виталий", "денис", "антон", "артём", "артем", "петр", "пётр", "федор", "фёдор",
     # Ukrainian, Polish, Dutch
     "володимир", "олександр", "олексій", "андрій", "сергій", "дмитро", "юрій", "віталій",
     "петро", "михайло", "микола", "іван", "валерій", "кирило", "тарас", "tomasz", "krzysztof",
     "piotr", "paweł", "marek", "radosław", "władysław", "rafał", "szymon", "geert", "frans",
     "wopke", "dick", "ruud", "hans", "pieter", "willem", "maarten", "andrzej", "jarosław",
     "mateusz", "michał", "łukasz", "wojciech", "jakub", "zbigniew", "bronisław", "lech",
     # Russian and Ukrainian names as Polish, Romanian and Swedish write them
     "siergiej", "władimir", "dmitrij", "jewgienij", "aleksandr", "aleksiej", "wołodymyr",
     "serghei", "vladimir", "dmitri", "evgheni", "volodimir", "sergej", "jevgenij",
     "recep", "hakan", "mevlüt", "ahmet", "mehmet", "mustafa", "kemal", "ibrahim", "ali",
     "ömer", "süleyman", "murat", "fahrettin",
     # Arabic, Turkish, Persian, Hebrew and other names often in the news
     "mohammed", "muhammad", "mohamed", "mohammad", "ahmed", "ahmad", "ali", "hassan",
     "hussein", "omar", "abdel", "abdul", "abdullah", "khalid", "khaled", "osama", "usama",
     "mahmoud", "mustafa", "ibrahim", "ismail", "yahya", "bashar", "recep", "ebrahim",
     "benjamin", "naftali", "yair", "isaac", "moshe", "narendra", "rahul", "shinzo", "fumio",
     "shigeru", "xi", "li", "cyril", "jacob", "nelson", "uhuru", "william", "bola", "abiy",
     "emmerson", "justin", "anthony", "antony", "jens", "mark", "ilham", "kassym-jomart"]
)

GIVEN_NAMES = MALE_NAMES | FEMALE_NAMES

# Titles and roles written before a name ("Präsident", "президент", "Mr"), several languages.
TITLES = frozenset(
    ["mr", "mrs", "ms", "dr", "prof", "sir", "president", "prime", "minister", "chancellor", "secretary", "senator", "governor", "mayor", "king", "queen", "pope", "general", "admiral", "spokesman", "spokeswoman", "spokesperson", "chief", "ceo", "chairman", "head", "leader", "minister", "m", "mme", "monsieur", "madame", "président", "présidente", "ministre", "porte-parole", "herr", "frau", "präsident", "präsidentin", "kanzler", "kanzlerin", "bundeskanzlerin", "ministerin", "sprecher", "sprecherin", "señor", "señora", "presidente", "ministro", "ministra", "portavoz", "alcalde", "alcaldesa", "президент", "министр", "пресс-секретарь", "глава", "основатель", "руководитель", "лидер", "спикер", "ông", "bà"]
)

_PHRASES = {
    "en": r"\baccording to\b",
    "fr": r"\bselon\b|\bd['’]après\b",
    "de": r"\blaut\b|\bzufolge\b|\bnach Angaben\b|,\s+so\s+(?=[A-ZÄÖÜ])",
    "es": r"\bsegún\b",
    "ru": r"\bпо (?:(?:его|её|ее|их) )?словам\b|\bпо данным\b|\bсогласно\b",
    "it": r"\bsecondo\b",
    "pt": r"\bsegundo\b|\bde acordo com\b",
    "uk": r"\bза (?:(?:його|її) )?словами\b|\bза даними\b",
    "pl": r"\bwedług\b|\b(?:jego|jej|ich) zdaniem\b",
    "nl": r"\bvolgens\b|,\s+aldus\s+(?=[A-Z])",
    "tr": r"(?<=\w)['’](?:[ae]|y[ae]|n[ae])\s+göre\b",
    "sv": r"\benligt\b",
    "ar": r"(?<!\w)و?(?:بحسب|حسب|وفقا|وفقاً)(?!\w)",
    "ro": r"\bpotrivit\b|\bconform\b|\bdupă spusele\b",
    "id": r"\bmenurut(?:nya)?\b",
    "cs": r"\bpodle\b",
    "el": r"σύμφωνα με",
    "vi": r"\btheo (?:ông|bà)\b",
}
_PHRASE_RE = {k: re.compile(v, re.IGNORECASE | re.UNICODE) for k, v in _PHRASES.items()}


def phrase_cue(text: str, lang: str) -> bool:
    """True when ``text`` holds a phrase of attribution ("according to", "selon", "по словам")."""
    pattern = _PHRASE_RE.get(lang)
    return bool(pattern and pattern.search(text))


# English verbs whose infinitive, object or prepositional object is what a source says, thinks
# or wants (PARC's attributions beyond clauses: "vowed to …", "cited a poll", "called for …"),
# read by ``quote_objects``. Verbs whose object is the one spoken to or of ("told", "thanked",
# "asked") or a thing made ("wrote", "posted") are left out.
EN_OBJECT_CUES = frozenset(
    ["vow", "promise", "pledge", "threaten", "urge", "demand", "propose", "plan", "intend",
     "want", "hope", "expect", "refuse", "decline", "agree", "offer", "seek", "cite", "mention",
     "note", "question", "dispute", "doubt", "acknowledge", "admit", "deny", "reject", "accept",
     "claim", "announce", "unveil", "disclose", "reveal", "report", "predict", "forecast",
     "estimate", "support", "back", "endorse", "oppose", "defend", "criticize", "criticise",
     "condemn", "denounce", "attack", "blast", "slam", "mock", "praise", "applaud", "tout",
     "hail", "welcome", "dismiss", "blame", "accuse", "charge", "advocate", "recommend",
     "highlight", "emphasize", "emphasise", "stress", "underscore", "echo", "invoke",
     "reference", "express", "voice", "raise", "discuss", "describe", "detail", "outline",
     "document", "confirm", "suggest", "insist", "warn", "call", "term", "dub", "brand",
     "label", "speak", "talk", "point", "complain", "argue", "push", "press", "worry", "fear",
     "believe", "understand", "know", "favor", "favour", "prefer", "like", "love", "hate",
     "dislike", "encourage", "ask", "respond", "comment", "weigh", "focus", "boast", "brag",
     "vote", "decide", "choose", "consider", "view", "regard", "see", "celebrate", "lament",
     "regret", "concede", "contest", "challenge", "release", "issue", "publish", "tweet"]
)
# Prepositions whose object is the content for a cue of EN_OBJECT_CUES ("called for …").
EN_PREP_CUES: dict[str, tuple[str, ...]] = {
    "call": ("for",), "push": ("for",), "press": ("for",), "argue": ("for", "against"),
    "advocate": ("for",), "vote": ("for", "against"), "speak": ("of", "about", "on"),
    "talk": ("about", "of"), "point": ("to",), "complain": ("about", "of"),
    "warn": ("of", "about", "against"), "worry": ("about",), "ask": ("about", "for"),
    "comment": ("on",), "weigh": ("in",), "focus": ("on",), "insist": ("on",),
    "boast": ("about", "of"), "brag": ("about", "of"), "respond": ("to",),
    "decide": ("against", "on"), "hope": ("for",), "fear": ("for",),
}
# Of these, verbs whose bare object is no content ("called the police", "asked him", "see
# him"): only an infinitive, a preposition of EN_PREP_CUES or a predicate after it counts.
EN_OBJECT_NEEDS_MORE = frozenset(["call", "term", "dub", "brand", "label", "ask", "see", "view",
                                  "regard", "encourage", "urge", "press", "push", "respond",
                                  "speak", "talk", "point", "weigh", "focus", "vote", "release",
                                  "issue", "publish", "like", "love", "hate", "know", "choose"])
# English nouns of saying, thinking or wanting whose infinitive, clause or prepositional object
# is what their possessor says ("his promise to …", "Trump's claim that …", "her call for …"),
# with the prepositions that introduce it.
EN_NOUN_CUES: dict[str, tuple[str, ...]] = {
    "claim": ("about",), "promise": (), "pledge": (), "vow": (), "threat": (),
    "warning": ("about", "of", "against"), "call": ("for",), "demand": ("for",),
    "proposal": ("for",), "plan": ("for",), "decision": (), "statement": ("about", "on"),
    "allegation": ("of", "about"), "accusation": ("of",), "assertion": (), "argument": (),
    "belief": ("in",), "view": ("on", "of"), "hope": ("for",), "fear": ("of", "about"),
    "suggestion": (), "insistence": ("on",), "acknowledgment": ("of",),
    "acknowledgement": ("of",), "criticism": ("of",), "praise": ("for", "of"),
    "support": ("for",), "opposition": ("to",), "endorsement": ("of",), "comment": ("on",),
    "comments": ("on", "about"), "remark": ("about", "on"), "request": ("for",),
    "offer": (), "refusal": (), "denial": ("of",), "admission": (), "announcement": (),
    "prediction": (), "attack": ("on",), "attacks": ("on",), "push": ("for",),
    "determination": (), "commitment": ("to",), "agreement": (), "rhetoric": ("about", "on"),
}
