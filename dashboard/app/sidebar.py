"""The sidebar filters, bound to the page address: read from the URL on a session's first run,
then from the widgets, and written back to the URL on every run so that a copied link reproduces
the view; the warnings about values the URL held that were not understood.
"""

import streamlit as st

from dashboard import markdown
from dashboard.app.export_menu import embed_view
from dashboard.app.session import DRAWN, FILTERS, WARNINGS, cursor, regions, settings, states, years
from dashboard.query import figures
from dashboard.query.filters import KEYS, MAX_VALUES, REGIONS, VISIT_TYPES, Filters


def parse(raw: dict) -> tuple[Filters, list[str]]:
    """Filters from public parameters, checked against the States and years on record."""
    return Filters.parse(raw, states=set(states()), years=years())


# --- Filters -------------------------------------------------------------------------------------


def current_filters() -> Filters:
    return st.session_state.get(FILTERS, Filters())


def _set_filters(raw: dict[str, str]) -> None:
    filters, _ = parse(raw)
    st.session_state[FILTERS] = filters
    st.session_state[WARNINGS] = []


def _widget_raw() -> dict[str, str | list[str]]:
    """The sidebar widgets' values as public parameters (defaults left out)."""
    first, last = years()
    lo, hi = st.session_state["w_years"]
    return {
        "from_year": str(lo) if lo != first else "",
        "to_year": str(hi) if hi != last else "",
        "region": list(st.session_state["w_region"]),
        "state": list(st.session_state["w_state"]),
        "visit_type": list(st.session_state["w_visit_type"]),
    }


def widget_values(filters: Filters, years: tuple[int, int]) -> dict:
    """The sidebar widgets' values for these filters: the years slider within the data's years,
    and the multiselects' choices (an empty choice stands for "all")."""
    first, last = years
    lo = min(max(filters.from_year or first, first), last)
    hi = max(min(filters.to_year or last, last), lo)
    return {
        "w_years": (lo, hi),
        "w_region": list(filters.region),
        "w_state": list(filters.state),
        "w_visit_type": list(filters.visit_type),
    }


def _on_sidebar_change() -> None:
    _set_filters(_widget_raw())


def set_filters(raw: dict[str, str | list[str]]) -> None:
    """Replace the filters by these public parameters (checked like the URL's)."""
    _set_filters(raw)


def set_state(iso3: str | list[str] | None) -> None:
    """Change the State filter alone (the Country profile's and Compare page's pickers)."""
    raw = current_filters().to_query()
    raw["state"] = iso3 or ""
    _set_filters(raw)


def _reset() -> None:
    _set_filters({})


def sidebar_filters(facets: bool = False) -> Filters:
    """The filters: read from the URL on the first run of a session, then from the sidebar;
    written back to the URL on every run so that a copied link reproduces the view.

    The recommendation facets are kept for the session but apply, and go in the URL, only on a
    page that shows them (`facets=True`); other pages get `Filters.base()`."""
    if FILTERS not in st.session_state:
        raw = {key: st.query_params.get_all(key) for key in KEYS}
        filters, warnings = parse(raw)
        st.session_state[FILTERS] = filters
        st.session_state[WARNINGS] = warnings
    filters = current_filters() if facets else current_filters().base()
    st.session_state[DRAWN] = {}  # the charts this run draws

    # The widgets show the current filters (set before they are drawn, never after).
    first, last = years()
    st.session_state.update(widget_values(filters, (first, last)))
    names = states()
    with st.sidebar:
        st.header("Filters")
        st.slider(
            "Years of the visit",
            min_value=first,
            max_value=last,
            key="w_years",
            on_change=_on_sidebar_change,
        )
        st.multiselect(
            "UN regional group",
            REGIONS,
            placeholder="All groups",
            key="w_region",
            on_change=_on_sidebar_change,
        )
        st.multiselect(
            "State party",
            list(names),
            format_func=lambda c: names[c],
            placeholder="All States parties",
            max_selections=MAX_VALUES,
            key="w_state",
            on_change=_on_sidebar_change,
        )
        st.multiselect(
            "Type of visit",
            VISIT_TYPES,
            placeholder="All types",
            key="w_visit_type",
            on_change=_on_sidebar_change,
        )
        st.button("Reset filters", on_click=_reset, disabled=filters.is_default())
        st.caption(
            markdown.literal(
                f"Showing: {filters.describe(names)}. The page address holds these filters."
            )
        )

    wanted = filters.to_query()
    shown = {k: st.query_params.get_all(k) for k in KEYS if k in st.query_params}
    if shown != {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}:
        st.query_params.from_dict(wanted)
    return filters


def embed_requested() -> bool:
    """`?embed=true&chart=<id>`. Streamlit keeps `embed` to itself (it hides its own chrome and
    leaves the parameter out of st.query_params), so `chart` is what says "this chart alone"."""
    return "chart" in st.query_params


def embed() -> None:
    """One chart alone for an iframe; its filters come from the URL like any page's."""
    raw = {key: st.query_params.get_all(key) for key in KEYS}
    filters, warnings = parse(raw)
    for warning in warnings:
        st.warning(markdown.literal(f"{warning} Showing the default instead."))
    embed_view(st.query_params["chart"], filters, cursor(), settings())


def show_warnings() -> None:
    """The URL's rejected values, quoted literally (a URL is anyone's text)."""
    for warning in st.session_state.get(WARNINGS, []):
        st.warning(markdown.literal(f"{warning} Showing the default instead."))


def show_contradictions(filters: Filters) -> None:
    """Say so when filters contradict each other (a State outside the chosen region); when
    nothing can match, stop the page rather than show zeros."""
    notes, nothing = figures.contradictions(filters, regions(), states())
    for note in notes:
        st.warning(markdown.literal(note))
    if nothing:
        st.stop()
