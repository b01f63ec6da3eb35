"""Recommendations: what the SPT recommends, by theme, with ranked search and each recommendation
linked to its report and to the visit it came from."""

import streamlit as st

from dashboard.app import session, ui
from dashboard.app.recommendation_widgets import facet_widgets
from dashboard.labels import counted
from dashboard.query.recommendations import result_markdown

SHOWN = 50  # recommendations listed at first; "Show more" adds as many

filters = ui.page(
    "What the SPT recommends",
    "The recommendations on record in published SPT visit reports: a sample of the published "
    "reports, each recommendation summarised in our words and linked to its report and visit.",
    facets=True,
)
facet_widgets(filters)
ui.show_chart("recommendations-by-theme", filters)

shown = st.session_state.setdefault("rec_shown", SHOWN)
results = session.query("recommendations", filters, limit=shown)
matches = int(results["matches"][0]) if results.height else 0
st.subheader(counted(matches, "recommendation"))
st.caption(
    ("Best matches first (BM25 relevance). " if filters.search else "By State and report. ")
    + (f"Showing the first {results.height}." if results.height < matches else "")
)
for row in results.iter_rows(named=True):
    with st.container(border=True):
        st.markdown(result_markdown(row))
if results.height < matches:
    st.button("Show more", on_click=lambda: st.session_state.update(rec_shown=shown + SHOWN))

left, right = st.columns(2)
with left:
    ui.show_chart("recommendation-themes-by-region", filters)
with right:
    ui.show_chart("recommendation-themes-by-year", filters)
