"""Places: which types of place of detention the visits covered, and the gaps."""

import streamlit as st

from dashboard.app import session, ui
from dashboard.query import figures

filters = ui.page(
    "Places of detention",
    "Which types of place the visits went to. Shares count only visits whose places are known.",
)
ui.show_chart("facility-coverage-by-year", filters)
ui.show_chart("facility-coverage-by-region", filters)
ui.show_chart("facility-matrix", filters)

st.subheader("Gaps: psychiatric and immigration detention never visited")
# From the matrix as a table, one row per State and type (the chart gets it one row per State).
gaps = figures.gaps(
    session.query("facility_matrix", filters), ("psychiatric", "immigration-detention")
)
st.caption(
    f"{gaps['state'].n_unique()} States parties visited (with known places) where no visit "
    "went to a psychiatric institution or an immigration detention centre. States parties never "
    "visited, or whose visits' places are unknown, are not listed."
)
ui.table(
    gaps,
    column_config={
        "state": "State party",
        "un_regional_group": "UN regional group",
        "facility_type": "Type of place never visited",
        "visits_with_known_places": "Visits with known places",
    },
)
