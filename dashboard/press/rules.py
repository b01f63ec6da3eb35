"""The rule tables of the press-release parser: one table per field, read top to bottom.

Patterns are `regex` patterns, matched case-insensitively unless a table says otherwise. Each rule
has a test in tests/test_parse_press.py. Facility types come from sql/schema.sql (via
`dashboard.data.schema.vocabulary`); the tables below only map wording onto them.
"""


def _words(text: str) -> set[str]:
    """The words of a list written as plain text (easier to read than a list of strings)."""
    return set(text.split())


# Month names in English, French and Spanish -> month number.
_MONTH_NAMES = (
    "january february march april may june july august september october november december",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
)
_MONTH_NAMES += (
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    # Abbreviations ("Oct. 19", "12 déc. 2024", "22 ene"); "may" and "mar" are also full words.
    "jan feb mar apr may jun jul aug sep oct nov dec",
    "janv févr mars avr mai juin juil août sept oct nov déc",
    "ene feb mar abr may jun jul ago set oct nov dic",
)
MONTHS = {name: i for names in _MONTH_NAMES for i, name in enumerate(names.split(), 1)}
MONTHS |= {"setiembre": 9, "sept": 9, "fév": 2}

# Tense of the sentence giving the dates, to place a range that has no year before or after the
# release: an announcement's "6 to 9 October" is the next October, a closing statement's the last.
FUTURE = (
    r"\bwill\b|\bplans?\s+to\b|\bis\s+to\b|\bscheduled\b|visitera|effectuera|se\s+rendra|"
    r"visitará|realizará|llevará"
)
PAST = (
    r"\b(?:visited|concluded|took\s+place|ended|completed|carried\s+out|held|went|visitó|"
    r"realizó|concluyó|a\s+visité|a\s+effectué|s'est\s+rendu)\b"
)

# Ordinal words -> number, for "second visit to ...". Digits ("50th visit") are left out on
# purpose: releases use them for the SPT's overall count of visits, not for one State.
ORDINALS = {
    **dict.fromkeys(["first", "premier", "première", "primer", "primera", "primeira"], 1),
    **dict.fromkeys(["second", "deuxième", "seconde", "segunda", "segundo"], 2),
    **dict.fromkeys(["third", "troisième", "tercera", "tercer", "terceira"], 3),
    **dict.fromkeys(["fourth", "quatrième", "cuarta", "quarta"], 4),
    **dict.fromkeys(["fifth", "cinquième", "quinta"], 5),
}

# Small words inside names ("Víctor Rodríguez de la Rosa", "Hans van der Berg").
NAME_PARTICLES = frozenset(
    [
        "de",
        "da",
        "del",
        "della",
        "di",
        "do",
        "dos",
        "du",
        "van",
        "von",
        "der",
        "den",
        "la",
        "le",
        "bin",
        "ben",
        "al",
        "el",
    ]
)

# Words before a name that are not part of it (titles and roles), compared lowercased.
TITLES = _words(
    """
    mr mr. ms ms. mrs mrs. dr dr. prof prof. professor sir dame m. mme mme. mlle sr sr. sra sra.
    dra dra. don doña chair chairperson vice-chair vice-chairperson spt member members expert
    experts president présidente président presidenta presidente head rapporteur and et y
    sr. sra. ms mr mrs chef jefe jefa chefe delegation délégation delegación
    """
)

# Capitalised words that show a match is not a person's name.
NOT_NAME_WORDS = _words(
    """
    subcommittee sous-comité subcomité united nations un onu ohchr delegation délégation
    delegación government gouvernement gobierno national nacional preventive mechanism mécanisme
    mecanismo npm mnp optional protocol committee geneva genève ginebra republic state ministry
    minister office commissioner ombudsman the la le el los les torture prevention during while
    after our we in on this human rights council convention geneva genève ginebra background
    press release news source ends for media contacts follow naciones unidas unies nationales
    """
)

# Where the list of delegation members starts; the list runs to the end of the sentence (or, after
# a colon, over the bulleted lines that follow). {D} is any word for the delegation.
MEMBER_LIST_STARTS = [
    r"{D}(?:\s+(?:of|to|du|del|de)\s+[^.:\n]{0,60}?)?\s+(?:will\s+be\s+|was\s+"
    r"|is\s+|"
    r"were\s+|était\s+|sera\s+|est\s+|estuvo\s+|está\s+|estará\s+)?"
    r"(?:also\s+)?"
    r"(?:composed|comprised|made\s+up|composée|compuesta|integrada|conformada|formada)"
    r"(?:\s+également)?\s+(?:of|by|de|por|du|des)(?:\s+the\s+following\s+"
    r"(?:members|experts)"
    r"|\s+(?:los\s+)?siguientes\s+miembros|\s+des\s+membres\s+suivants)?\s*:?",
    r"{D}[^.:\n]{0,80}?\b(?:consist(?:s|ed)?\s+of|will\s+consist\s+of|comprise[sd]?"
    r"|comprising|"
    r"will\s+comprise|(?:also\s+)?included|includes|will\s+include|comprenait)"
    r"(?:\s+(?:the\s+following(?:\s+(?:members|experts))?|\w+\s+experts))?\s*:?",
    r"{D}\s+(?:is|was|will\s+be)\s*:",
    r"members\s+of\s+the\s+(?:SPT\s+)?delegation\s+(?:were|are"
    r"|will\s+be)\s*:?",
    r"following\s+(?:SPT\s+)?(?:members|experts)[^:\n]{0,100}:",
    r"membres(?:-experts)?\s+suivants[^:\n]{0,100}:",
    r"(?:{D}|team)\s+(?:was|will\s+be|is)\s+(?:led|headed)\s+by",
    r"délégation\s+(?:était|est|sera)\s+dirigée\s+par",
    r"delegación\s+(?:estuvo|estará|está)\s+encabezada\s+por",
    r"incluirá\s+a\s+los\s+expertos",
    r"acompañarán\s+a\s+[^.]{0,40}?\s+los\s+expertos",
]
DELEGATION = r"(?:delegation|délégation|delegación|delegação)"

# Where a list of members ends, when the names come first ("X, Y and Z made up the delegation").
MEMBER_LIST_ENDS = [
    r"(?:made\s+up|formed|composed|comprised)\s+the\s+(?:SPT\s+)?delegation",
]

# A role phrase that makes the person named next to it the head of the delegation.
HEAD_ROLE = (
    r"\bhead(?:ed|ing|s)?\s+(?:of\s+)?(?:the\s+)?(?:SPT\s+|UN\s+|Subcommittee\s+|"
    r"[\w-]+-member\s+|four-strong\s+)?(?:SPT\s+)?delegation"
    r"|\bdelegation\s+(?:head|chief)\b|\b(?:led|leads?|leading)\s+the\s+"
    r"(?:[\w-]+-member\s+)?"
    r"(?:SPT\s+)?delegation|chef(?:fe)?\s+de\s+(?:la\s+)?délégation"
    r"|jef[ea]\s+de\s+"
    r"(?:la\s+)?delegación|chefe\s+da\s+delegação|(?:liderará|encabezará|encabeza|lidera)"
    r"\s+la\s+delegación|\bHead\s+of\s+[^,.]{0,60}?Delegation\s+to\s+\p{Lu}\p{L}+"
    # "…, said NAME, who will chair the four-member delegation"
    r"|\bwho\s+(?:will\s+)?(?:chairs?|heads?|leads?)\s+the\s+(?:[\w-]+\s+){0,2}delegation"
)

# Words right after which the head is named ("led by", "dirigée par", "delegation head").
HEAD_BEFORE_NAME = (
    r"(?:\b(?:led|headed)\s+by|encabezada\s+por|dirigée\s+par|conduite\s+par"
    r"|presidida\s+por|"
    r"liderada\s+por)\b"
)

# What may stand between a name and its role: "Suzanne Jabbour, Chairperson of the SPT and Head of
# the Delegation", "Aisha Shujune MUHAMMAD (Maldives) Head of the delegation", "who headed".
BETWEEN_NAME_AND_ROLE = (
    r"(?:[\s,;]|\([^()\n]{0,80}\)|\b(?:the|le|la|el|o|a|SPT|UN|and|et|y|e|who|qui|quien|que|will"
    r"|is|"
    r"has|had|also|Chair|Chairperson|Vice-Chair|Vice-Chairperson|Vice-chairperson|Président"
    r"|Présidente|"
    r"Presidenta?|chair|of|Subcommittee|the\s+SPT)\b)*$"
)


# Sentences that are boilerplate about the SPT in general, not about this visit.
BOILERPLATE_SENTENCE = [
    r"\b(?:can|may|is\s+(?:able|entitled)\s+to)\s+(?:make\s+)?(?:unannounced\s+)?visits?\b",
    r"\bmonitors\b[^.]{0,80}Optional\s+Protocol"
    r"|Optional\s+Protocol[^.]{0,80}entered\s+into\s+force",
    r"mandated?\s+to\s+visit|under\s+its\s+mandate|mandat\s+(?:de|pour)\s+visiter|"
    # "The SPT is mandated to undertake visits to prisons, police stations…": not this visit's.
    r"mandated?\s+to\s+(?:undertake|conduct|carry\s+out|make|pay)\s+visits|"
    r"mandato\s+(?:de|para)\s+visitar",
    r"has\s+(?:so\s+far\s+)?(?:conducted|carried\s+out|undertaken)\s+(?:more\s+than\s+"
    r"|over\s+)?\d+",
    r"composed\s+of\s+25\s+(?:independent|members|experts)",
    r"lieux\s+où\s+des\s+personnes\s+sont\s+privées|lugares\s+donde\s+(?:se\s+encuentran"
    r"|hay)\s+personas",
    r"^\s*(?:media\s+contacts?|for\s+more\s+information|contact\s*:|follow\s+us|learn\s+more)",
    r"\bhas\s+(?:a|the)\s+mandate\s+to\b|\bmandate\s+(?:allows|permits|enables)\b|"
    r"role\s+is\s+to\s+prevent|key\s+to\s+preventing\s+torture|guiding\s+principles",
    r"ratified\s+by\s+\d+\s+(?:countries|States)|(?:to\s+date|so\s+far),?\s+the\s+(?:SPT"
    r"|Subcommittee)"
    r"\s+has\s+(?:completed|conducted|visited|carried\s+out)",
]

# A line that starts the general part at the end of a release: everything after it is boilerplate.
BOILERPLATE_HEADING = (
    r"^\s*(?:background|about\s+the\s+(?:spt|subcommittee)|contexte|antecedentes|ends|"
    r"media\s+contacts?|for\s+more\s+information)\b[^\n]{0,60}$"
)

# The national preventive mechanism, in the words releases use for it.
NPM_WORDS = (
    r"(?:national\s+preventive\s+mechanism|\bNPM\b|national\s+(?:detention\s+)?monitoring\s+body|"
    r"mechanism\s+for\s+the\s+prevention\s+of\s+torture|mécanisme\s+national\s+de\s+prévention)"
)

# Visit type, first matching rule wins; a country visit with no clue is "regular".
VISIT_TYPE_RULES = [
    (r"follow-?up\s+visit|visite\s+de\s+suivi|visita\s+de\s+seguimiento", "follow-up"),
    (
        r"OPCAT[- ]advisory|advisory\s+visit[^.]{0,200}?(?:has|had)\s+(?:not\s+yet|yet\s+to)\s+"
        r"(?:designated|designate|established|establish|set\s+up)|"
        r"advi(?:ce|sory)[^.]{0,80}?implementation\s+of\s+the\s+Optional\s+Protocol",
        "opcat-advisory",
    ),
    (
        r"NPM[- ]advisory|advisory\s+visit|visite\s+consultative|visita\s+de\s+asesoramiento",
        "npm-advisory",
    ),
    # A visit whose stated purpose is to advise or strengthen the national preventive mechanism.
    (
        r"(?:provide|providing|give|offer)\s+(?:advice|advisory\s+services|technical\s+assistance)"
        r"[^.]{0,120}?"
        + NPM_WORDS
        + r"|(?:purpose|focus|objective|aim)\s+of\s+the\s+(?:SPT['’]s\s+)?"
        r"visit[^.]{0,80}?strengthen\w*[^.]{0,120}?" + NPM_WORDS,
        "npm-advisory",
    ),
]

# Wording just before a visit-type match that shows it is about an earlier visit, not this one.
EARLIER_VISIT = r"(?:previous|earlier|prior|following\s+an?|after\s+an?|\b(?:19|20)\d{2})\s+$"
EARLIER_VISIT_AFTER = r"^\S*\s+(?:in|of)\s+(?:19|20)\d{2}"

# Whether an earlier SPT report on the State was made public; first matching rule wins.
REPORT_PUBLISHED_RULES = [
    (
        r"(?:as\s+was\s+the\s+case\s+with|as\s+happened\s+with)\s+the\s+(?:first|previous|earlier|"
        r"second|\d{4})\s+(?:SPT\s+)?(?:visit\s+)?report|como\s+ocurri[óo]\s+con\s+el\s+(?:primer|"
        r"segundo|anterior)?\s*(?:informe|realizado)",
        True,
    ),
    (
        r"agreed\s+to\s+(?:make\s+(?:it\s+|them\s+)?public|the\s+publication|publish)",
        True,
    ),
    (
        r"(?:previous|earlier|first|last|\d{4})\s+(?:visit\s+)?report[^.]{0,80}?(?:has|had|was"
        r"|were)\s+"
        r"(?:not|never)\s+(?:yet\s+)?(?:been\s+)?(?:made\s+)?(?:public|published)",
        False,
    ),
    (
        r"(?:previous|earlier|first|last|\d{4})\s+"
        r"(?:visit\s+)?report[^.]{0,60}?remains?\s+confidential",
        False,
    ),
    (
        r"(?:previous|earlier|first|last|\d{4})\s+(?:visit\s+)?report[^.]{0,80}?(?:was|were"
        r"|has\s+been|"
        r"had\s+been)\s+(?:made\s+)?(?:public|published)",
        True,
    ),
    (
        r"report\s+(?:on|of|from)\s+(?:its|the|that|our|the\s+SPT['’]s)\s+"
        r"(?:previous|earlier|first|last|\d{4})\s+visit"
        r"[^.]{0,60}?(?:has|had|was|were)\s+(?:not|never)\s+(?:yet\s+)?(?:been\s+)?(?:made\s+)?"
        r"(?:public|published)",
        False,
    ),
    (
        r"report\s+(?:on|of|from)\s+(?:its|the|that|our|the\s+SPT['’]s)\s+"
        r"(?:previous|earlier|first|last|\d{4})\s+visit"
        r"[^.]{0,60}?(?:was|were|has\s+been|had\s+been)\s+(?:made\s+)?(?:public|published)",
        True,
    ),
    (
        r"(?:made\s+public|published)\s+(?:the|its)\s+report\s+(?:on|of|from)\s+"
        r"(?:its|the|that|our|the\s+SPT['’]s)\s+(?:previous|earlier|first|last|\d{4})\s+visit",
        True,
    ),
    (
        r"(?:made|published|make)\s+(?:public\s+)?(?:the|its)\s+(?:previous|earlier|first|last"
        r"|\d{4})"
        r"\s+(?:visit\s+)?report",
        True,
    ),
    (
        r"as\s+(?:the\s+State(?:\s+party)?|it|the\s+Government|the\s+authorities)\s+did\s+"
        r"(?:after|following|with|for)",
        True,
    ),
    (
        r"rendu\s+public\s+(?:le|son)\s+(?:précédent|premier)\s+rapport|"
        r"comme\s+(?:il|l'État\s+partie)\s+l'a\s+fait\s+(?:après|pour)",
        True,
    ),
    (
        r"(?:hizo|había\s+hecho|ha\s+hecho)\s+público\s+(?:el|su)\s+(?:anterior|primer)\s+informe|"
        r"como\s+lo\s+hizo\s+(?:tras|después)",
        True,
    ),
    (r"rapport\s+à\s+l['’]État\s+partie[^.]{0,80}?\bconfidentiel", False),
]

# Words that introduce the place of a visit ("visit to X", "visite au X", "visita a X").
VISIT_TARGET = (
    r"(?:visit\w*|missions?|travel(?:s|led)?|misión|visita\w*|visite\w*|trip|viaje|return\w*|"
    r"resume\w*|is|are|was|were|be|en\s+visite|est\s+en\s+visite)"
    r"\s+(?:of\s+the\s+SPT\s+|du\s+SPT\s+|del\s+SPT\s+)?(?:to|in|a|au|aux|en|à|al|dans)?\s*"
    r"(?:the\s+|la\s+|le\s+|l'|el\s+|el\s+Estado\s+Plurinacional\s+de\s+)?$"
)

# What happened to the visit, when the release says it was cut short, ended or taken up again;
# first matching rule wins (a resumption release also names the suspension it ends).
VISIT_STATUS_RULES = [
    (
        r"\bterminat\w*\s+(?:the|its|this|our)\s+(?:[\w-]+\s+){0,2}(?:visit|mission)|"
        r"\b(?:has|have)\s+terminated\b|\bcancel+ed\s+(?:a|the|its)\s+(?:delayed\s+|suspended\s+)?visit",
        "terminated",
    ),
    (
        # Not a hope of resuming ("we will aim to resume our visit as soon as possible").
        r"(?<!\b(?:aim|hope|allow\w*(?:\s+us)?|able|wish|seek|try)\s+to\s+)"
        r"\bresum\w*\s+(?:a|the|its|our)\s+(?:[\w-]+\s+){0,2}(?:visit|mission)|\bresumption\s+of\s+the\s+"
        r"(?:\w+\s+)?visit|\breturn\w*\s+to\s+[^.]{0,40}?\s+to\s+resume\b|\breanud\w+\s+(?:la|su)\s+visita",
        "resumed",
    ),
    (
        r"\bsuspend\w*\s+(?:a|the|its|this|our)\s+(?:[\w-]+\s+){0,2}(?:visit|mission)|\bto\s+suspend\s+"
        r"(?:it|the\s+mission|the\s+visit)|\bcalled\s+a\s+halt\s+to\s+its\s+visit|\bcut\s+short\s+its\s+"
        r"(?:visit|mission|trip)|\bsuspendu\w*\s+(?:sa|la)\s+visite|\bsuspendi\w+\s+(?:su|la)\s+visita",
        "suspended",
    ),
]

# Markers of a release about something other than one visit (annual report, sessions, statements).
NOT_SINGLE_VISIT = [
    r"annual\s+report|rapport\s+annuel|informe\s+anual",
    r"International\s+Day|Journée\s+internationale|Día\s+Internacional",
    r"(?:opens?|closes?|concludes?|concluded|held)\s+(?:on\s+\w+\s+)?its\s+\w+(?:-\w+)?\s+session|"
    r"sessions?\s+(?:will|to)\s+",
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:country|official"
    r"|regional)\s+visits|"
    r"\b(?:two|three|four|five|six)\s+visits\s+to\b|\b(?:19|20)\d{2}\s+visits\b|"
    r"visits\s+(?:for|in)\s+(?:19|20)\d{2}\b|programme\s+of\s+(?:field\s+|country\s+)?visits",
]

# Words that make a following country name part of another place ("Northern Ireland").
NOT_COUNTRY_BEFORE = ("Northern", "New", "British", "French", "Dutch")

# Common names that pycountry does not list; pycountry supplies the official and short ones.
COUNTRY_ALIASES = {
    "Turkey": "TUR",
    "Czech Republic": "CZE",
    "Ivory Coast": "CIV",
    "Republic of Korea": "KOR",
    "Democratic Republic of the Congo": "COD",
    "State of Palestine": "PSE",
    "Palestine": "PSE",
    "Bolivia (Plurinational State of)": "BOL",
    "Venezuela (Bolivarian Republic of)": "VEN",
    "United Republic of Tanzania": "TZA",
    "Russia": "RUS",
    "Syria": "SYR",
    "Brasil": "BRA",
    "Democratic Republic of Congo": "COD",
}
