"""Reports: how many visit reports were made public, and how fast."""

import streamlit as st

from dashboard.app import session, ui
from dashboard.query import paging

filters = ui.page(
    "Reports",
    "A visit's report is confidential until the State agrees to publish it. Every share is of "
    "all the visits counted, with those of unknown status shown as unknown.",
)
ui.show_chart("publication-rate-by-year", filters)
left, right = st.columns(2)
with left:
    ui.show_chart("publication-rate-by-region", filters)
with right:
    ui.show_chart("publication-rate-by-type", filters)
ui.show_chart("time-to-publication", filters)

st.subheader("Visits and their reports")
totals = session.query("list_totals", filters).row(0, named=True)
st.caption(
    f"{totals['visits']} visits, {totals['reports']} reports on record. "
    "Report links go to the UN Official Document System (undocs.org) where the symbol is known. "
    "Confidence: high, medium or low (see Data & method)."
)
page = ui.pager("visit_reports", totals["visits"], "visits", filters)
reports = session.query("visit_reports", filters, limit=page.size, offset=page.offset)
ui.table(
    reports.drop("iso3", "visit_year", "report_symbol"),
    column_config={
        "visit_id": "Visit",
        "state": "State party",
        "dates": "Dates",
        "visit_type": "Type",
        "visit_publication_status": "Visit: report public?",
        "report_id": "Report",
        "addressee": "Addressed to",
        "report_publication_status": "Report status",
        "report_confidence": "Confidence",
        "transmitted_date": st.column_config.DateColumn("Sent"),
        "published_date": st.column_config.DateColumn("Published"),
        "report_url": st.column_config.LinkColumn(
            "Report on undocs.org", display_text=r"https://undocs\.org/(.*)"
        ),
        "source_urls": st.column_config.ListColumn("Sources of the visit"),
    },
)
ui.downloads("visit_reports", paging.visits_words(totals["visits"]), filters)
