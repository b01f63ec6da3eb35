"""Review a pasted SPT press release and save it into the data (local use only)."""

import streamlit as st

from dashboard.app import session
from dashboard.data.datafiles import DataError
from dashboard.data.validate import ValidationError
from dashboard.markdown import literal
from dashboard.press import NotText, ingest
from dashboard.press.review import highlighted, read_pasted, record_lines

st.title("Press release review")
# The review screen writes to the data folder: on only when editing is enabled (`serve
# --allow-edits` or OPCAT_ALLOW_EDITS=1), never in public mode, and never when this file runs
# alone, without the entry point that reads the settings.
settings = st.session_state.get(session.SETTINGS)
if settings is None or not settings.edits_enabled:
    st.info(
        "The review screen writes to the data, so it is off unless editing is enabled: "
        "`opcat-dashboard serve --allow-edits` (never in a public deployment)."
    )
    st.stop()

data_dir = settings.data_dir
pasted = st.text_area("Paste a press release (text or HTML)", height=250, key="release")
if not pasted.strip():
    st.caption("The extracted visit and its comparison with the data appear here.")
    st.stop()

try:
    text, record = read_pasted(pasted)
except NotText as e:
    st.error(literal(e))
    st.stop()
extracted, evidence = st.columns(2)
with extracted:
    st.subheader("Extracted")
    for line in record_lines(record):
        st.markdown(line)
with evidence:
    st.subheader("Evidence in the text")
    st.markdown(highlighted(text, record), unsafe_allow_html=True)

st.subheader("Compared with the data")
try:
    comparison = ingest.compare(record, data_dir)
except DataError as e:  # the data folder itself is broken: say where, change nothing
    st.error("The data folder cannot be read, so nothing can be compared: " + literal(e))
    st.stop()
st.markdown(literal(comparison.summary()))
for line in comparison.details():
    st.markdown(f"- {literal(line)}")

source_url = st.text_input("Public URL of the release (needed for a new visit)", key="source_url")
overwrite = st.checkbox("Also replace dates and visit type that differ", key="overwrite")
if st.button(
    "Save", key="save", disabled=comparison.status in ("not-a-visit", "unknown-state", "undated")
):
    try:
        changes = ingest.apply(
            comparison,
            data_dir,
            settings.db_path,
            source_url=source_url.strip() or None,
            overwrite=overwrite,
        )
    except ingest.IngestError as e:
        st.error(literal(e))
    except ValidationError as e:
        st.error(
            "The data would not validate, so nothing was saved:\n\n"
            + "\n".join(f"- {literal(p)}" for p in e.problems)
        )
    except DataError as e:
        st.error("Nothing was saved: " + literal(e))
    else:
        session.use_latest_database()  # the next run of this session shows the new build
        st.success("Saved: " + literal("; ".join(changes)) if changes else "Nothing to change.")
