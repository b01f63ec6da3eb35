"""The web server around the app: `opcat-dashboard serve` runs
`streamlit run dashboard/app/server.py`, which serves dashboard/app/app.py through Streamlit's ASGI
`st.App` with two safety nets:

- a nested path (`/reports/xyz`) is redirected to one unknown page path, where Streamlit shows the
  default page with its "Page not found" notice. Served as is, the page's relative script links
  would resolve under `/reports/` and the browser would get a blank page. A path starting with
  `//` (which Streamlit refuses with a bare "Bad Request") goes to the same path with one slash;
- an exception in a page script is logged on the server and the visitor sees a short message,
  never a traceback or a server path (the pages are written not to raise: this is the last resort).
"""

import logging
from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware
from starlette.responses import RedirectResponse
from streamlit import config

NOT_FOUND = "page-not-found"  # not a page of the app (dashboard/site.py): Streamlit's notice
LOG = logging.getLogger("opcat_dashboard")


class NestedPathRedirect:
    """ASGI middleware: a browser asking for a page below a page gets the unknown-page path."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and _is_document(scope) and scope["path"].startswith("//"):
            # "//reports" (Streamlit answers 400): the same path with one slash, never "//...",
            # which a browser would read as another host.
            target = "/" + "/".join(_segments(scope))
            await RedirectResponse(target, status_code=302)(scope, receive, send)
            return
        if scope["type"] == "http" and _is_nested_page(scope):
            depth = len(_segments(scope))
            query = scope.get("query_string", b"").decode("latin-1")
            # Relative, so that it also works behind a proxy that strips a path prefix.
            target = "../" * (depth - 1) + NOT_FOUND + (f"?{query}" if query else "")
            await RedirectResponse(target, status_code=302)(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _segments(scope) -> list[str]:
    """The path's segments below the configured base URL path."""
    base = [p for p in (config.get_option("server.baseUrlPath") or "").split("/") if p]
    parts = [p for p in scope.get("path", "").split("/") if p]
    return parts[len(base) :] if parts[: len(base)] == base else parts


def _is_document(scope) -> bool:
    """A browser asking for a page (not the app's own fetches of /_stcore/..., /static/...)."""
    if scope.get("method") not in ("GET", "HEAD"):
        return False
    return b"text/html" in dict(scope.get("headers") or []).get(b"accept", b"")


def _is_nested_page(scope) -> bool:
    """A document request for a path of two segments or more."""
    return _is_document(scope) and len(_segments(scope)) > 1


def on_script_error(exc: Exception) -> bool:
    """Log the error with its traceback; show the visitor a plain message instead."""
    LOG.error("page script failed", exc_info=exc)
    st.error(
        "Something went wrong while drawing this view. Try other filters, or reset them "
        "from the sidebar."
    )
    return True  # the traceback is not shown


app = st.App(
    Path(__file__).with_name("app.py"),
    middleware=[Middleware(NestedPathRedirect)],
    on_script_error=on_script_error,
)
