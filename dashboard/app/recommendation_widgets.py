"""The Recommendations page's facet widgets: a search box and the theme, addressee, place type and
affected-persons choices. Like the sidebar, they read and write the one filter object
(`sidebar.current_filters`, `sidebar.set_filters`), so the facets live in the page address."""

import streamlit as st

from dashboard import labels
from dashboard.app import session, sidebar
from dashboard.query.filters import ADDRESSEES, MAX_VALUES, PLACE_TYPES, THEMES
from dashboard.query.recommendations import addressed_to, theme_label

# The facets the widgets show, each in the widget keyed "w_" + its field.
FIELDS = ("search", "theme", "addressee", "place_type", "affected_persons")


def _on_change() -> None:
    raw = sidebar.current_filters().to_query()
    for field in FIELDS:
        value = st.session_state[f"w_{field}"]
        raw[field] = value.strip() if isinstance(value, str) else list(value)
    sidebar.set_filters(raw)


def facet_widgets(filters) -> None:
    """Draw the widgets showing these filters' facets (set before they are drawn, never after)."""
    persons = session.query("affected_persons")["affected_persons"].to_list()
    for field in FIELDS:
        value = getattr(filters, field)
        st.session_state[f"w_{field}"] = (value or "") if field == "search" else list(value)
    known = list(dict.fromkeys([*persons, *filters.affected_persons]))
    st.text_input(
        "Search the recommendations",
        key="w_search",
        on_change=_on_change,
        placeholder='Words or "a phrase", e.g. police custody',
        help="Every word must appear (detention also finds detainees and detained; accents do "
        'not matter); "quoted words" must appear side by side. Best matches first (BM25).',
    )
    theme, addressee, place, affected = st.columns([3, 2, 2, 2])
    theme.multiselect(
        "Theme",
        THEMES,
        format_func=theme_label,
        placeholder="All themes",
        key="w_theme",
        on_change=_on_change,
    )
    addressee.multiselect(
        "Addressed to",
        ADDRESSEES,
        format_func=addressed_to,
        placeholder="The State or the NPM",
        key="w_addressee",
        on_change=_on_change,
    )
    place.multiselect(
        "Place type",
        PLACE_TYPES,
        format_func=lambda p: labels.label(labels.PLACE_TYPE, p),
        placeholder="All places",
        key="w_place_type",
        on_change=_on_change,
    )
    affected.multiselect(
        "Affected persons",
        known,
        placeholder="Anyone",
        max_selections=MAX_VALUES,
        key="w_affected_persons",
        on_change=_on_change,
    )
