"""Data & method: definitions, counting rules, sources by kind, confidence of the records, unknown
values, the data's licence and changelog, downloads."""

import streamlit as st

from dashboard.app import session, ui
from dashboard.data.build import view_files
from dashboard.data.datapackage import CODE_LICENCE, DATA_LICENCE
from dashboard.query import tables, words

ui.page("Data & method", "How every figure is counted, from which sources, and the data itself.")
summary = session.query("newest_fact").row(0, named=True)
changes = session.changelog()
st.markdown(
    f"The data last changed on **{tables.last_changed(changes) or 'an unknown date'}**; the "
    f"newest dated fact on record is from **{summary['newest_fact_date']}**. The data hold "
    f"{summary['states']:,} States parties, {summary['visits']:,} visit records (planned, held, "
    f"suspended...), {summary['reports']:,} reports, {summary['recommendations']:,} "
    f"recommendations and {summary['sources']:,} public sources. Every record links to the "
    "public sources it rests on; nothing is invented, and an unknown value stays unknown."
)

st.subheader("Licence, corrections and the data package")
st.markdown(
    f"**Licence:** the data are under [{DATA_LICENCE['title']}]({DATA_LICENCE['path']}) (CC BY "
    "4.0): share and adapt them for any purpose, crediting *opcat-dashboard* and its sources. "
    f"The code is under the {CODE_LICENCE} licence.  \n"
    "**Report a correction:** open an issue in the project's repository naming the record (for "
    "example visit `ECU-2014-09` or report `CAT/OP/ECU/2`, as shown on these pages), what is "
    "wrong and a public source that says otherwise. Each correction becomes a line of the "
    "changelog below.  \n"
    "**Data package:** `datapackage.json` describes every table, its fields, types, keys and "
    "licence as a Frictionless Data Package; download it with the tables below."
)

st.subheader("How each figure is counted")
st.markdown(tables.METHOD)
with st.expander("The shared definitions (sql/views/)"):
    definitions = "\n\n".join(path.read_text() for path in view_files())
    st.code(tables.definitions(definitions), language="sql")

st.subheader("Sources")
kinds = session.query("sources_by_kind")
st.caption(
    f"{kinds['sources'].sum()} public sources by kind, primary first. "
    f"{kinds['read_in_a_copy'].sum()} were read in a copy on a test host or a mirror site and are "
    "cited by their publisher's own address (an OHCHR page, a UN document by its symbol); the "
    "copy read is kept beside it. "
    f"{kinds['address_unchecked'].sum()} of those addresses were made from a copy on a test host "
    "and no stored copy at the public address has confirmed them yet: they may not exist."
)
ui.table(
    words.kind_labels(kinds),
    column_config={
        "kind": "Kind",
        "sources": "Sources",
        "publishers": "Publishers",
        "read_in_a_copy": "Read in a copy elsewhere",
        "address_unchecked": "Address not checked",
    },
)
with st.expander(f"All {kinds['sources'].sum()} sources, primary first"):
    page = ui.pager("source_list", kinds["sources"].sum(), "sources")
    ui.table(
        words.kind_labels(session.query("source_list", limit=page.size, offset=page.offset)),
        column_config={
            "source_id": "Source",
            "publisher": "Publisher",
            "kind": "Kind",
            "url": st.column_config.LinkColumn("Publisher's address"),
            "url_checked": st.column_config.CheckboxColumn("Address checked"),
            "read_url": st.column_config.LinkColumn("Copy read"),
            "records": "Records citing it",
        },
        height=400,
    )
    ui.downloads("source_list", f"{kinds['sources'].sum():,} sources")

st.subheader("Confidence of the records")
confidence = session.query("records_by_confidence")
st.caption(
    "High: dates and status stated in a source read; medium: resting on a secondary report, an "
    "inference named in the notes or a partial source; low: assumed. The pages mark medium- and "
    f"low-confidence records where they show them: {confidence['medium'].sum():,} medium and "
    f"{confidence['low'].sum():,} low of {confidence['total'].sum():,} records."
)
ui.table(
    confidence,
    column_config={
        "records": "Records",
        "total": "All",
        "high": "High",
        "medium": "Medium",
        "low": "Low",
    },
)

unmapped = session.query("uhri_unmapped")
if unmapped.height:  # only after an import of UHRI values the mapping did not know
    st.subheader("UHRI values not mapped yet")
    st.caption(
        f"{unmapped.height:,} UHRI themes or affected groups that data/uhri_mapping.csv does not "
        "know, kept as UHRI wrote them. Their recommendations are counted under the themes that "
        "did map; add a line to the mapping for each, then import again."
    )
    ui.table(
        unmapped,
        column_config={
            "uhri_field": "UHRI field",
            "uhri_value": "Value",
            "recommendations": "Recommendations",
        },
    )

st.subheader("Unknown values per field")
st.caption(
    "Empty values in each table: unknown, or not applicable (e.g. an approximate date "
    "where the exact one is known)."
)
unknown = session.unknown_values()
ui.table(unknown.filter(unknown["unknown"] > 0), height=400)

st.subheader("Changes to the data")
st.caption(
    f"{changes.height:,} changes, newest first, one line each with the sources it rests on, from "
    "data/CHANGES.md."
)
with st.container(height=400):
    st.markdown(tables.changelog_markdown(changes, session.cited_sources()))

st.subheader("Downloads")
st.caption("Every table, whole (not filtered), as CSV and Parquet, and the data package.")
ui.datapackage_download()
for name, rows in tables.table_rows(unknown).items():
    st.markdown(f"**{name}** ({rows:,} rows)")
    ui.downloads(name)
