"""The one mapping from codes to plain labels. The data and the queries keep the codes
(`npm-advisory`, `pretrial-detention`); what a person reads (charts, tables, captions, exported
images) shows these labels. A code with no label here is shown as it is, never dropped."""

from collections.abc import Mapping

import polars as pl

VISIT_TYPE = {
    "regular": "Regular",
    "follow-up": "Follow-up",
    "npm-advisory": "NPM advisory",
    "opcat-advisory": "OPCAT advisory",
    "high-level-talks": "High-level talks",
    "other": "Other",
}
FACILITY_TYPE = {
    "prison": "Prison",
    "pretrial-detention": "Pre-trial detention",
    "police": "Police station",
    "immigration-detention": "Immigration detention",
    "psychiatric": "Psychiatric institution",
    "juvenile": "Juvenile detention",
    "social-care": "Social-care institution",
    "military": "Military detention",
    "other": "Other place",
}
# A visit's publication status (sql/views/, visit_publication) and a report's.
PUBLICATION = {
    "published": "Public",
    "not-published": "Not public",
    "unknown": "Status unknown",
    "no report": "No report on record",
}
VISIT_STATUS = {
    "completed": "Completed",
    "terminated": "Terminated (halted, not resumed)",
    "suspended": "Suspended (resumed later)",
    "planned": "Planned",
    "not-held": "Not held",
    "unconfirmed": "Unconfirmed",
}
ADDRESSEE = {"state": "The State", "npm": "The NPM"}
# The place type a recommendation is about: a facility type, or places in general.
PLACE_TYPE = {"general": "Places in general", **FACILITY_TYPE}
# Recommendation themes (the CHECK in sql/schema.sql). Every theme has a label (a test checks).
THEME = {
    "npm-independence": "NPM independence and resources",
    "npm-methodology": "NPM working methods",
    "legal-framework": "Legal framework",
    "fundamental-safeguards": "Fundamental safeguards",
    "investigation-complaints-redress": "Investigation, complaints and redress",
    "police-custody": "Police custody",
    "material-conditions": "Material conditions",
    "health-care": "Health care",
    "pretrial-detention-penal-policy": "Pre-trial detention and penal policy",
    "discipline-isolation-restraint": "Discipline, isolation and restraint",
    "children": "Children",
    "women-gender": "Women and gender",
    "migration-detention": "Immigration detention",
    "psychiatric-social-care": "Psychiatric and social care",
    "reprisals-cooperation": "Reprisals and cooperation with the SPT",
    "staff-training-governance": "Staff, training and governance",
}
# A source's kind (sources.kind in sql/schema.sql), primary sources first.
SOURCE_KIND = {
    "un-primary": "UN primary",
    "state-npm": "State or NPM",
    "ngo": "APT, other NGO or academic",
    "news": "news or news reprint",
    "mirror": "mirror copy",
}
NPM_TYPE = {
    "ombudsman": "Ombudsman",
    "national-human-rights-institution": "National human rights institution",
    "specialised-body": "Specialised body",
    "multiple-bodies": "Several bodies",
    "other": "Other",
}
# UN regional groups: the full name, and a short one for axes.
REGION = {
    "African": "African Group",
    "Asia-Pacific": "Asia-Pacific Group",
    "Eastern European": "Eastern European Group",
    "Latin American and Caribbean": "Latin American and Caribbean Group",
    "Western European and others": "Western European and others Group",
}
REGION_SHORT = {
    "African": "African",
    "Asia-Pacific": "Asia-Pacific",
    "Eastern European": "Eastern European",
    "Latin American and Caribbean": "Latin Am. & Caribbean",
    "Western European and others": "Western Eur. & others",
}

# Columns of the named queries that hold codes, and their labels.
COLUMNS: dict[str, Mapping[str, str]] = {
    "visit_type": VISIT_TYPE,
    "facility_type": FACILITY_TYPE,
    "publication_status": PUBLICATION,
    "visit_publication_status": PUBLICATION,
    "report_publication_status": PUBLICATION,
    "status": VISIT_STATUS,
    "addressee": ADDRESSEE,
    "npm_type": NPM_TYPE,
}


def label(mapping: Mapping[str, str], code: str | None) -> str | None:
    """The label of one code; an unknown code as it is."""
    return None if code is None else mapping.get(code, code)


def in_text(label_: str) -> str:
    """A label inside a sentence: 'Follow-up' → 'follow-up'; 'NPM advisory' stays."""
    return label_[:1].lower() + label_[1:] if label_[1:2].islower() else label_


def labelled(frame: pl.DataFrame, columns: Mapping[str, Mapping[str, str]] = COLUMNS):
    """The frame with every code column in `columns` replaced by its labels (for display)."""
    return frame.with_columns(
        pl.col(name).replace(dict(mapping))
        for name, mapping in columns.items()
        if name in frame.columns and frame.schema[name] == pl.String
    )


def counted(count: int, word: str) -> str:
    """'1 report', '2 reports', '1,200 reports': how the notes count (thousands separated, as on
    the charts' axes)."""
    return f"{count} {word}" if count == 1 else f"{count:,} {word}s"
