"""The Streamlit app: `opcat-dashboard serve` (through dashboard/app/server.py), or
`streamlit run dashboard/app/app.py`.

Every page draws the shared sidebar filters (bound to the URL) through `ui.page`."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `streamlit run` puts dashboard/ on the path, not the repository
    sys.path.insert(0, str(ROOT))

# Imported whole before any page runs: Altair and Streamlit pick pandas up lazily from sys.modules,
# and a session that meets it half-imported by another session's first table fails (seen when
# two sessions ran their first pages at once).
import pandas  # noqa: E402, F401
import streamlit as st  # noqa: E402

from dashboard import config  # noqa: E402
from dashboard.app import session, sidebar  # noqa: E402
from dashboard.exports import page_path  # noqa: E402
from dashboard.site import PAGES, REVIEW_PAGE  # noqa: E402

# Not "pages/": a folder of that name next to the entry point makes Streamlit run its first
# session as an old-style (v1) multipage app, ignoring st.navigation.
FOLDER = Path(__file__).resolve().parent / "app_pages"

st.set_page_config(page_title="OPCAT dashboard: SPT visits", layout="wide")
try:
    settings = config.load()
except config.ConfigError as e:  # fail closed: a setting not understood serves nothing
    st.error(f"The dashboard cannot start: {e}.", icon=":material/block:")
    st.stop()
if settings.public:  # also under `streamlit run`, which `serve`'s options do not reach
    st.set_option("client.showErrorDetails", "none")
session.use_settings(settings)  # the pages and helpers read these, never the environment
embed = sidebar.embed_requested()  # ?embed=true&chart=<id>: one chart alone, for an iframe
pages = [*PAGES, REVIEW_PAGE] if settings.edits_enabled else PAGES
navigation = st.navigation(
    [
        st.Page(FOLDER / file, title=title, url_path=page_path(title) or None, default=i == 0)
        for i, (file, title) in enumerate(pages)
    ],
    position="hidden" if embed else "sidebar",
)
if embed:
    sidebar.embed()
    st.stop()
st.session_state[session.PAGE_PATH] = navigation.url_path
navigation.run()
