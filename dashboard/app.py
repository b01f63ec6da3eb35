"""The Streamlit app: `opcat-dashboard serve`, or `streamlit run dashboard/app.py`.

Every page draws the shared sidebar filters (bound to the URL) through `ui.page`."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run` puts dashboard/ on the path, not the repository
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

# Not "pages/": a folder of that name next to the entry point makes Streamlit run its first
# session as an old-style (v1) multipage app, ignoring st.navigation.
PAGES = Path(__file__).resolve().parent / "app_pages"

st.set_page_config(page_title="OPCAT dashboard: SPT visits", layout="wide")
navigation = st.navigation(
    [
        st.Page(PAGES / "overview.py", title="Overview", default=True),
        st.Page(PAGES / "visits.py", title="Visits", url_path="visits"),
        st.Page(PAGES / "places.py", title="Places", url_path="places"),
        st.Page(PAGES / "reports.py", title="Reports", url_path="reports"),
        st.Page(PAGES / "country.py", title="Country profile", url_path="country"),
        st.Page(PAGES / "data.py", title="Data & method", url_path="data"),
    ]
)
navigation.run()
