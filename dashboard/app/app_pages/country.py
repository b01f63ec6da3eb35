"""Country profile: one State party, its mechanism, its visit record and every visit, each with
its sources."""

import streamlit as st

from dashboard import labels, markdown
from dashboard.app import session, sidebar, ui
from dashboard.query import paging, words

filters = ui.page("Country profile", "One State party: ratification, mechanism and visits.")
names = session.states()
st.session_state["w_profile_state"] = filters.state[0] if len(filters.state) == 1 else ""
st.selectbox(
    "State party",
    ["", *names],
    format_func=lambda c: names[c] if c else "Pick a State party",
    key="w_profile_state",
    on_change=lambda: sidebar.set_state(st.session_state["w_profile_state"]),
)
if len(filters.state) != 1:
    st.info(
        "Pick a State party above to see its profile."
        + (
            " Several are selected in the sidebar: the Compare page shows them side by side."
            if filters.state
            else ""
        )
    )
    st.stop()

profile = session.query("state_profile", filters).row(0, named=True)
st.header(markdown.literal(profile["state"]))
ui.metrics(
    [
        ("Ratified OPCAT", profile["ratification"], "Ratification or accession."),
        (
            "NPM designated",
            {True: f"yes ({profile['npm_designation_year'] or 'year unknown'})", False: "no"}[
                profile["npm_designated"]
            ],
            "National preventive mechanism.",
        ),
        (
            "On the Article 17 overdue list",
            {True: "yes", False: "no", None: "unknown"}[profile["on_art17_overdue_list"]],
            "States parties late in setting up their NPM (Article 17 of OPCAT).",
        ),
    ]
)
npm_type = labels.label(labels.NPM_TYPE, profile["npm_type"])
mark = words.confidence_mark(profile["confidence"])
confidence = f"  \n**This record:** {mark}" if mark else ""
st.markdown(
    f"**UN regional group:** {markdown.literal(profile['un_regional_group'])}  \n"
    f"**NPM:** {markdown.literal(profile['npm_body'] or 'none on record')}"
    f"{markdown.literal(' (' + npm_type + ')') if npm_type else ''}  \n"
    f"**Notes:** {markdown.literal(profile['notes'] or '—')}"
    f"{confidence}  \n"
    f"**Sources** (primary first): {words.sources_markdown(profile['sources'])}"
)

st.subheader("Visit record")
ui.country_record(filters, profile["iso3"])

st.subheader("Recommendations on record, by theme", anchor="recommendations")
ui.show_chart("recommendations-by-theme", filters)
st.markdown(
    markdown.link(
        f"Every recommendation to {profile['state']} on record, with its report and paragraph",
        f"recommendations?state={profile['iso3']}",
    )
)

totals = session.query("list_totals", filters).row(0, named=True)
st.subheader(f"Visits ({totals['visits']} counted)")
if talks := words.talks_words(session.query("high_level_talks", filters)):
    st.caption(talks)
if filters.from_year or filters.to_year or filters.visit_type:
    st.caption("Only the visits matching the year and type filters are listed.")
page = ui.pager("visit_details", totals["listed"], "visits and suspended parts", filters)
visits = session.query("visit_details", filters, limit=page.size, offset=page.offset)
for visit in visits.iter_rows(named=True):
    with st.container(border=True):
        # A heading gives the visit an anchor (#kaz-2016-09): the Recommendations page links to it.
        st.markdown(f"##### {visit['visit_id']}")
        st.markdown(words.visit_markdown(visit))
ui.downloads(
    "visit_details", paging.visits_words(totals["visits"], totals["suspended_parts"]), filters
)
