"""Review a pasted SPT press release and save it into the data (local use only)."""

import os
from pathlib import Path

import streamlit as st

from dashboard.paths import DATA_DIR, default_db_path
from dashboard.press import NotText, ingest, review_enabled
from dashboard.press.review import highlighted, read_pasted, record_lines
from dashboard.validate import ValidationError

st.title("Press release review")
if not review_enabled():
    st.info("The review screen is available only when the dashboard runs locally.")
    st.stop()

data_dir = Path(os.environ.get("OPCAT_DATA_DIR", DATA_DIR))
pasted = st.text_area("Paste a press release (text or HTML)", height=250, key="release")
if not pasted.strip():
    st.caption("The extracted visit and its comparison with the data appear here.")
    st.stop()

try:
    text, record = read_pasted(pasted)
except NotText as e:
    st.error(str(e))
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
comparison = ingest.compare(record, data_dir)
st.markdown(comparison.summary())
for line in comparison.details():
    st.markdown(f"- {line}")

source_url = st.text_input("Public URL of the release (needed for a new visit)", key="source_url")
overwrite = st.checkbox("Also replace dates and visit type that differ", key="overwrite")
if st.button(
    "Save", key="save", disabled=comparison.status in ("not-a-visit", "unknown-state", "undated")
):
    try:
        changes = ingest.apply(
            comparison,
            data_dir,
            default_db_path(),
            source_url=source_url.strip() or None,
            overwrite=overwrite,
        )
    except ingest.IngestError as e:
        st.error(str(e))
    except ValidationError as e:
        st.error(
            "The data would not validate, so nothing was saved:\n\n"
            + "\n".join(f"- {p}" for p in e.problems)
        )
    else:
        st.success("Saved: " + "; ".join(changes) if changes else "Nothing to change.")
