"""Compare: two to five States parties side by side."""

import streamlit as st

from dashboard.app import ui

filters = ui.page(
    "Compare States parties",
    "Two to five States parties side by side: their visits, the places covered, what became of "
    "the reports and how fast.",
)
chosen = ui.compare_picker(filters)
if chosen is None:
    st.stop()
ui.compare_table(chosen)
ui.show_chart("visit-timeline", chosen)
ui.show_chart("facility-matrix", chosen)
left, right = st.columns(2)
with left:
    ui.show_chart("publication-rate-by-state", chosen)
with right:
    ui.show_chart("time-to-publication-by-state", chosen)
