"""The wording of the places a release says the SPT visited: which sentences are about the visit,
and for each type of place of the schema (its CHECK in sql/schema.sql) the words that name it, in
the languages of the releases. Read by places.py; the other tables are in rules.py.
"""

# Facility wording -> facility type. Only sentences about places visited are searched.
FACILITY_RULES = [
    (r"investigation\s+(?:and\s+temporary\s+)?isolators?", "pretrial-detention"),
    (r"investigative\s+isolators?|\bSIZOs?\b", "pretrial-detention"),
    (r"remand\s+(?:facilit\w+|cent(?:re|er)s?|prisons?|homes?)", "pretrial-detention"),
    (r"pre-?trial\s+detention\s+(?:facilit\w+|cent(?:re|er)s?|units?)", "pretrial-detention"),
    (r"centres?\s+de\s+détention\s+provisoire|maisons?\s+d'arrêt", "pretrial-detention"),
    (r"centros?\s+de\s+(?:detención|prisión)\s+preventiva", "pretrial-detention"),
    (
        r"(?<!\b(?:remand|military|pre-?trial)\s+)\bprisons?\b(?!\s+(?:and\s+probation|service|"
        r"administration|department|directorate))|penitentiar\w*|\bjails?\b",
        "prison",
    ),
    (r"custodial\s+cent(?:re|er)s?", "prison"),
    (r"correctional\s+(?:colon\w+|facilit\w+|institutions?|cent(?:re|er)s?)", "prison"),
    (r"établissements?\s+pénitentiaires?|centres?\s+pénitentiaires?", "prison"),
    (r"prisiones|cárcel(?:es)?|centros?\s+penitenciarios?|prisões", "prison"),
    (
        r"\bpolice\s+(?:and\s+\w+\s+)?(?:stations?|custody|cells?|facilit\w+|premises|posts?|"
        r"lock-?ups?|holding|detention|units?|establishments?)"
        r"|criminal\s+investigation\s+departments?",
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
        r"comisarías?|estaciones\s+de\s+policía|dependencias\s+policiales|celdas\s+policiales|"
        r"delegacias",
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
        r"(?:migration|asylum|processing)\s+cent(?:re|er)s?|immigration\s+detention|"
        r"(?:hold|holding|held)\s+migrants",
        "immigration-detention",
    ),
    (
        r"(?:pre-)?(?:removal|deportation)\s+(?:detention\s+)?cent(?:re|er)s?"
        r"|centres?\s+de\s+rétention",
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
        r"juvenile|young\s+offenders?|youth\s+(?:detention|care|rehabilitation|correctional"
        r"|justice)",
        "juvenile",
    ),
    (r"(?:children|minors|adolescents|juveniles)\s+in\s+conflict\s+with\s+the\s+law", "juvenile"),
    (
        r"(?:houses?|homes?|cent(?:re|er)s?|facilit\w+)\b[^.;,]{0,20}?\bfor\s+(?:minors|juveniles)|"
        r"detention\s+facilit\w+\s+for\s+[^.;]{0,30}?\bchildren|de(?:tenção)?\s+de\s+menores",
        "juvenile",
    ),
    (r"(?:centres?|établissements?|quartiers?)\s+pour\s+mineurs", "juvenile"),
    (r"centros?\s+(?:de\s+internamiento\s+)?(?:de|para)\s+(?:menores|adolescentes)", "juvenile"),
    (
        r"social[- ]care|care\s+homes?|nursing\s+homes?|residential\s+care|"
        r"homes?\s+for\s+(?:older|elderly|the\s+elderly)",
        "social-care",
    ),
    (
        r"psycho-?neurological\s+(?:institutions?|boarding|internats?)|"
        r"(?:institutions?|homes?)\s+for\s+persons\s+with\s+disabilit\w+",
        "social-care",
    ),
    (
        r"(?:établissements?|foyers?|maisons?)\s+pour\s+personnes\s+âgées|residencias\s+de\s+"
        r"(?:ancianos|personas\s+mayores)",
        "social-care",
    ),
    (
        r"military\s+(?:(?:intelligence|security)\s+)?(?:detention|prisons?|barracks|facilit\w+"
        r"|police)|detention\s+barracks",
        "military",
    ),
    (r"prisons?\s+militaires?|prisiones\s+militares|cárceles\s+militares", "military"),
    (
        r"\bmilitary(?=\s*,|\s+and\b)|\bSBU\s+facilit\w+|security[- ]service\s+(?:detention"
        r"|facilit\w+)",
        "military",
    ),
    (r"drug\s+(?:rehabilitation|treatment)\s+(?:cent(?:re|er)s?|facilit\w+)", "other"),
    (
        r"drug\s+(?:law\s+)?enforcement\s+agenc\w+|agenc\w+\s+combating\s+drug"
        r"|rehabilitation\s+detention|"
        r"transit\s+cent(?:re|er)s?|centros?\s+de\s+tratamiento\s+de\s+adicciones|"
        r"cachots\s+du\s+palais\s+de\s+justice|court\s+cells",
        "other",
    ),
]

# A sentence counts for facility types only if it speaks of visiting places.
VISIT_SENTENCE = (
    r"visit|inspect|went\s+to|go\s+to|travel|places\s+of\s+(?:detention|deprivation)|"
    r"lieux|établissements|lugares|access\s+to|interview|entrevist|"
    r"(?:assess|examine|evaluate|review)\w*\s+the\s+(?:treatment|situation|conditions)"
)

# Sentences about places not visited (access refused) or about meetings, not visits.
NOT_VISIT_SENTENCE = (
    r"(?:barred|blocked|denied|refused|prevented)\b[^.]{0,60}?\baccess|"
    r"^(?![^.]*\b(?:visited|visiting|will\s+visit|to\s+visit|visits?\s+to|visite?s?\s+(?:des|de"
    r"|à))\b)"
    r"[^.]*\b(?:held\s+meetings?|"
    r"met\s+with|meetings?\s+with)\b"
)
