"""Text for Streamlit's Markdown elements (st.markdown, st.caption, st.warning, headers...).

Everything those elements show is Markdown, so a value from a URL or from the data must be escaped
before it goes in: `?from=[Log in](http://example.org)` must read as that text, never as a link,
an image, HTML, a LaTeX formula or a coloured `:red[...]` directive. `literal()` is the one way to
put user or data text into Markdown; `link()` the one way to make a link from a data URL."""

import re
from urllib.parse import urlsplit

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping them all
# also stops GFM autolinks ("http\://", "www\.") and Streamlit's ":icon:" and "$math$" syntax.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_SPACE = re.compile(r"\s+")


def literal(text: object) -> str:
    """`text` escaped so that Markdown shows it exactly, on one line (runs of white space,
    newlines included, become one space: a newline would start a new block)."""
    return _PUNCTUATION.sub(r"\\\1", _SPACE.sub(" ", str(text)))


def link(label: str, url: str) -> str:
    """A Markdown link with a literal label, for an http(s) URL from the data; any other URL
    (javascript:, data:...) is shown as text, not linked."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return literal(url)
    # In a link destination, <...> takes any character but <, > and newlines; percent-encode them.
    safe = url.replace("<", "%3C").replace(">", "%3E").replace("\n", "%0A").replace(" ", "%20")
    return f"[{literal(label)}](<{safe}>)"
