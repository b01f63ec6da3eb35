"""Overview: the headline figures and the main chart of each page."""

import streamlit as st

from dashboard.app import ui

filters = ui.page(
    "SPT visits at a glance",
    "What the UN Subcommittee on Prevention of Torture visited, where, and what became of its "
    "reports.",
)
ui.headline_figures(filters)
left, right = st.columns(2)
with left:
    ui.show_chart("visits-per-year", filters)
    ui.show_chart("facility-coverage-by-region", filters)
with right:
    ui.show_chart("visits-map", filters)
    ui.show_chart("publication-rate-by-year", filters)
