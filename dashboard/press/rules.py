"""The rule tables of the press-release parser: one table per field, read top to bottom.

Patterns are `regex` patterns, matched case-insensitively unless a table says otherwise. Each rule
has a test in tests/test_parse_press.py. Facility types come from sql/schema.sql (via
`dashboard.validate.vocabulary`); the tables below only map wording onto them.
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
MONTHS = {name: i for names in _MONTH_NAMES for i, name in enumerate(names.split(), 1)}
MONTHS |= {"setiembre": 9, "sept": 9}

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
    **dict.fromkeys(["first", "premier", "première", "primer", "primera"], 1),
    **dict.fromkeys(["second", "deuxième", "seconde", "segunda"], 2),
    **dict.fromkeys(["third", "troisième", "tercera"], 3),
    **dict.fromkeys(["fourth", "quatrième", "cuarta"], 4),
    **dict.fromkeys(["fifth", "cinquième", "quinta"], 5),
}

# Words before a name that are not part of it (titles and roles), compared lowercased.
TITLES = _words(
    """
    mr mr. ms ms. mrs mrs. dr dr. prof prof. professor sir dame m. mme mme. mlle sr sr. sra sra.
    dra dra. don doña chair chairperson vice-chair vice-chairperson spt member members expert
    experts president présidente président presidenta presidente head rapporteur and et y
    """
)

# Capitalised words that show a match is not a person's name.
NOT_NAME_WORDS = _words(
    """
    subcommittee sous-comité subcomité united nations un onu ohchr delegation délégation
    delegación government gouvernement gobierno national nacional preventive mechanism mécanisme
    mecanismo npm mnp optional protocol committee geneva genève ginebra republic state ministry
    minister office commissioner ombudsman the la le el los les torture prevention during while
    after our we in on this human rights council convention
    """
)

# Where the list of delegation members starts.
MEMBER_LIST_STARTS = [
    r"delegation\s+(?:was|is|will\s+be)\s+(?:composed|comprised|made\s+up)\s+of"
    r"(?:\s+the\s+following\s+(?:members|experts))?:?",
    r"delegation\s+(?:consisted|consists|will\s+consist)\s+of(?:\s+the\s+following)?:?",
    r"delegation\s+(?:also\s+)?(?:comprised|comprises|will\s+comprise|included|includes|will\s+include)"
    r"(?:\s+the\s+following\s+(?:members|experts))?:?",
    r"members\s+of\s+the\s+(?:SPT\s+)?delegation\s+(?:were|are|will\s+be):?",
    r"(?:delegation|team)\s+(?:was|will\s+be|is)\s+(?:led|headed)\s+by",
    r"délégation\s+(?:était|est|sera)\s+dirigée\s+par",
    r"delegación\s+(?:estuvo|estará|está)\s+encabezada\s+por",
    r"délégation\s+(?:était|est|sera)\s+composée\s+de(?:s\s+membres\s+suivants)?\s*:?",
    r"délégation\s+comprenait\s*:?",
    r"delegación\s+(?:estuvo|está|estará)\s+(?:integrada|compuesta|conformada)\s+por\s*:?",
]

# Where a list of members ends, when the names come first ("X, Y and Z made up the delegation").
MEMBER_LIST_ENDS = [
    r"(?:made\s+up|formed|composed|comprised)\s+the\s+(?:SPT\s+)?delegation",
]

# A role phrase next to a member's name that makes that member the head of the delegation.
HEAD_ROLE = (
    r"head(?:ed|ing)?\s+(?:of\s+)?(?:the\s+)?(?:SPT\s+)?delegation|led\s+the\s+delegation"
    r"|chef(?:fe)?\s+de\s+(?:la\s+)?délégation|jef[ea]\s+de\s+(?:la\s+)?delegación"
)

# Sentences naming the head of the delegation; {NAME} is replaced by the name pattern.
HEAD_PATTERNS = [
    r"(?P<name>{NAME})\s*(?:\((?P<nat>[^)]{2,60})\))?,?\s+(?:the\s+)?(?:SPT\s+)?(?:"
    + HEAD_ROLE
    + r"|who\s+(?:is\s+|will\s+)?(?:led|leads?|heads?|headed|heading)\s+the\s+(?:SPT\s+)?"
    r"delegation)",
    r"(?:led|headed|encabezada|dirigée|conduite|presidida)\s+(?:by|par|por)\s+"
    r"(?:the\s+)?(?:(?:SPT|Subcommittee)\s+)?(?:(?:Chair(?:person)?|Vice-Chair(?:person)?|member|"
    r"Président(?:e)?|President[ae]|miembro|membre)\s+)?(?:(?:of\s+the\s+SPT|du\s+SPT|del\s+SPT)\s*,?\s+)?"
    r"(?P<name>{NAME})(?:\s*\((?P<nat>[^)]{2,60})\))?",
    r"(?:" + HEAD_ROLE + r"),?\s+(?P<name>{NAME})(?:\s*\((?P<nat>[^)]{2,60})\))?",
]

# Facility wording -> facility type. Only sentences about places visited are searched.
FACILITY_RULES = [
    (r"investigation\s+(?:and\s+temporary\s+)?isolators?", "pretrial-detention"),
    (r"investigative\s+isolators?|\bSIZOs?\b", "pretrial-detention"),
    (
        r"remand\s+(?:facilit\w+|cent(?:re|er)s?|prisons?|homes?)|police\s+and\s+remand",
        "pretrial-detention",
    ),
    (r"pre-?trial\s+detention\s+(?:facilit\w+|cent(?:re|er)s?|units?)", "pretrial-detention"),
    (r"centres?\s+de\s+détention\s+provisoire|maisons?\s+d'arrêt", "pretrial-detention"),
    (r"centros?\s+de\s+(?:detención|prisión)\s+preventiva", "pretrial-detention"),
    (r"\bprisons?\b|penitentiar\w*|\bjails?\b|prison\s+colon\w+", "prison"),
    (r"custodial\s+cent(?:re|er)s?", "prison"),
    (r"correctional\s+(?:colon\w+|facilit\w+|institutions?|cent(?:re|er)s?)", "prison"),
    (r"établissements?\s+pénitentiaires?|centres?\s+pénitentiaires?", "prison"),
    (r"prisiones|cárcel(?:es)?|centros?\s+penitenciarios?", "prison"),
    (
        r"\bpolice\s+(?:and\s+\w+\s+)?(?:stations?|custody|cells?|facilit\w+|premises|posts?|"
        r"lock-?ups?|holding|detention|units?)",
        "police",
    ),
    (
        r"\bgendarmeries?\b|temporary\s+detention\s+(?:facilit\w+|cent(?:re|er)s?|isolators?)",
        "police",
    ),
    (
        r"commissariats?|postes?\s+de\s+police|garde[- ]à[- ]vue|brigades?\s+de\s+gendarmerie",
        "police",
    ),
    (
        r"comisarías?|estaciones\s+de\s+policía|dependencias\s+policiales|celdas\s+policiales",
        "police",
    ),
    (
        r"(?:immigration|migrant|migration|foreigners'?|asylum[- ]seekers'?)\s+"
        r"(?:detention|removal|"
        r"holding|reception|processing)\s*(?:cent(?:re|er)s?|facilit\w+)?",
        "immigration-detention",
    ),
    (r"migrant\s+shelters?", "immigration-detention"),
    (
        r"(?:pre-)?(?:removal|deportation)\s+(?:detention\s+)?cent(?:re|er)s?|centres?\s+de\s+rétention",
        "immigration-detention",
    ),
    (
        r"detention\s+cent(?:re|er)s?\s+for\s+(?:migrants|foreigners|asylum)",
        "immigration-detention",
    ),
    (
        r"estaciones\s+migratorias|centros?\s+de\s+(?:detención|internamiento)\s+de\s+"
        r"(?:migrantes|extranjeros)",
        "immigration-detention",
    ),
    (
        r"psychiatric|psychiatriques?|psiquiátric\w+|mental\s+health\s+(?:hospitals?|institutions?|"
        r"facilit\w+|wards?|units?)",
        "psychiatric",
    ),
    (
        r"juvenile|young\s+offenders?|youth\s+(?:detention|care|rehabilitation|correctional|justice)",
        "juvenile",
    ),
    (r"(?:children|minors|adolescents|juveniles)\s+in\s+conflict\s+with\s+the\s+law", "juvenile"),
    (r"(?:centres?|établissements?|quartiers?)\s+pour\s+mineurs", "juvenile"),
    (r"centros?\s+(?:de\s+internamiento\s+)?(?:de|para)\s+(?:menores|adolescentes)", "juvenile"),
    (
        r"social[- ]care|care\s+homes?|nursing\s+homes?|"
        r"homes?\s+for\s+(?:older|elderly|the\s+elderly)",
        "social-care",
    ),
    (
        r"psycho-?neurological\s+(?:institutions?|boarding|internats?)|"
        r"(?:institutions?|homes?)\s+for\s+persons\s+with\s+disabilit\w+",
        "social-care",
    ),
    (
        r"(?:établissements?|foyers?|maisons?)\s+pour\s+personnes\s+âgées|residencias\s+de\s+(?:ancianos|personas\s+mayores)",
        "social-care",
    ),
    (
        r"military\s+(?:(?:intelligence|security)\s+)?(?:detention|prisons?|barracks|facilit\w+|police)|detention\s+barracks",
        "military",
    ),
    (r"prisons?\s+militaires?|prisiones\s+militares|cárceles\s+militares", "military"),
    (r"drug\s+(?:rehabilitation|treatment)\s+(?:cent(?:re|er)s?|facilit\w+)", "other"),
]

# A sentence counts for facility types only if it speaks of visiting places.
VISIT_SENTENCE = (
    r"visit|inspect|went\s+to|go\s+to|travel|places\s+of\s+(?:detention|deprivation)|"
    r"lieux|établissements|lugares|access\s+to"
)

# Paragraphs that are boilerplate about the SPT in general, not about this visit.
BOILERPLATE_PARAGRAPH = [
    r"\b(?:can|may|is\s+(?:able|entitled)\s+to)\s+(?:make\s+)?(?:unannounced\s+)?visits?\b",
    r"\bmonitors\b[^.]{0,80}Optional\s+Protocol|Optional\s+Protocol[^.]{0,80}entered\s+into\s+force",
    r"mandated?\s+to\s+visit|under\s+its\s+mandate|mandat\s+(?:de|pour)\s+visiter|"
    r"mandato\s+(?:de|para)\s+visitar",
    r"has\s+(?:so\s+far\s+)?(?:conducted|carried\s+out|undertaken)\s+(?:more\s+than\s+|over\s+)?\d+",
    r"composed\s+of\s+25\s+(?:independent|members|experts)",
    r"lieux\s+où\s+des\s+personnes\s+sont\s+privées|lugares\s+donde\s+(?:se\s+encuentran|hay)\s+personas",
    r"^\s*(?:media\s+contacts?|for\s+more\s+information|contact\s*:|follow\s+us|learn\s+more)",
]

# A line that starts the general part at the end of a release: everything after it is boilerplate.
BOILERPLATE_HEADING = (
    r"^\s*(?:background|about\s+the\s+(?:spt|subcommittee)|contexte|antecedentes|"
    r"media\s+contacts?|for\s+more\s+information)\b[^\n]{0,60}$"
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
]

# Wording just before a visit-type match that shows it is about an earlier visit, not this one.
EARLIER_VISIT = r"(?:previous|earlier|prior|following\s+an?|after\s+an?|\b(?:19|20)\d{2})\s+$"
EARLIER_VISIT_AFTER = r"^\S*\s+(?:in|of)\s+(?:19|20)\d{2}"

# Whether an earlier SPT report on the State was made public; first matching rule wins.
REPORT_PUBLISHED_RULES = [
    (
        r"(?:previous|earlier|first|last|\d{4})\s+(?:visit\s+)?report[^.]{0,80}?(?:has|had|was|were)\s+"
        r"(?:not|never)\s+(?:yet\s+)?(?:been\s+)?(?:made\s+)?(?:public|published)",
        False,
    ),
    (
        r"(?:previous|earlier|first|last|\d{4})\s+(?:visit\s+)?report[^.]{0,60}?remains?\s+confidential",
        False,
    ),
    (
        r"(?:previous|earlier|first|last|\d{4})\s+(?:visit\s+)?report[^.]{0,80}?(?:was|were|has\s+been|"
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
        r"(?:made|published|make)\s+(?:public\s+)?(?:the|its)\s+(?:previous|earlier|first|last|\d{4})"
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
]

# Words that introduce the place of a visit ("visit to X", "visite au X", "visita a X").
VISIT_TARGET = (
    r"(?:visit\w*|missions?|travel(?:s|led)?|misión)"
    r"\s+(?:of\s+the\s+SPT\s+|du\s+SPT\s+|del\s+SPT\s+)?(?:to|in|a|au|aux|en|à|al)?\s*"
    r"(?:the\s+|la\s+|le\s+|l'|el\s+)?$"
)

# Markers of a release about something other than one visit (annual report, sessions, statements).
NOT_SINGLE_VISIT = [
    r"annual\s+report|rapport\s+annuel|informe\s+anual",
    r"International\s+Day|Journée\s+internationale|Día\s+Internacional",
    r"(?:opens?|closes?|concludes?|held)\s+its\s+\w+(?:-\w+)?\s+session|sessions?\s+(?:will|to)\s+",
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
