"""Data & method: definitions, counting rules, sources, unknown values, downloads."""

import streamlit as st

from dashboard import figures, ui
from dashboard.paths import SQL_DIR

ui.page("Data & method", "How every figure is counted, from which sources, and the data itself.")
summary = ui.query("newest_fact").row(0, named=True)
st.markdown(
    f"The newest dated fact on record is from **{summary['newest_fact_date']}**. The data "
    f"hold {summary['states']} States parties, {summary['visits']} visit records (planned, "
    f"held, suspended...), {summary['reports']} reports, {summary['recommendations']} "
    f"recommendations and {summary['sources']} public sources. Every record links to the "
    "public sources it rests on; nothing is invented, and an unknown value stays unknown."
)

st.subheader("How each figure is counted")
st.markdown(figures.METHOD)
with st.expander("The shared definitions (sql/views.sql)"):
    st.code(figures.definitions((SQL_DIR / "views.sql").read_text()), language="sql")

st.subheader("Sources")
frames = ui.tables()
sites = figures.source_sites(frames["sources"])
st.caption(
    f"{frames['sources'].height} public sources from {sites.height} web sites, most used first. "
    "Each page of the dashboard links a record to its own sources."
)
ui.table(sites, height=300)

st.subheader("Unknown values per field")
st.caption(
    "Empty values in each table: unknown, or not applicable (e.g. an approximate date "
    "where the exact one is known)."
)
unknown = figures.unknown_values(frames)
ui.table(unknown.filter(unknown["unknown"] > 0), height=400)

st.subheader("Downloads")
st.caption("Every table, whole (not filtered), as CSV and Parquet.")
for name, frame in frames.items():
    st.markdown(f"**{name}** ({frame.height} rows)")
    ui.downloads(name, frame)
