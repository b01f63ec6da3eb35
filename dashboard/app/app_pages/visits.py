"""Visits: when, where and how often the SPT visited, and every State party's record."""

import streamlit as st

from dashboard.app import ui

filters = ui.page("Visits", "When and where the SPT visited.")
left, right = st.columns(2)
with left:
    ui.show_chart("visits-per-year", filters)
with right:
    ui.show_chart("visits-per-region", filters)
ui.show_chart("visits-map", filters)
ui.show_chart("visit-timeline", filters)

st.header("Every State party's record")
ui.show_chart("longest-without-visit", filters)
ui.state_record(filters)
