"""Text for Streamlit's Markdown elements (st.markdown, st.caption, st.warning, headers...).

Everything those elements show is Markdown, so a value from a URL or from the data must be escaped
before it goes in: `?from_year=[Log in](http://example.org)` must read as that text, never as a
link, an image, HTML, a LaTeX formula or a coloured `:red[...]` directive. `literal()` is the one
way to put user or data text into Markdown; `link()` the one way to make a link from a data URL."""

import re
from urllib.parse import urlsplit

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping them all
# stops links, images, emphasis, HTML and Streamlit's ":icon:", ":red[...]" and "$math$" syntax.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_SPACE = re.compile(r"\s+")
# Streamlit still turns "http://...", "www." and "name@host" into links after the escapes are
# read (GFM autolinks). An invisible WORD JOINER (U+2060) inside each keeps them plain text.
JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(:)(//)|(www)(\.)|()(@)")


def literal(text: object) -> str:
    """`text` escaped so that Markdown shows it exactly, on one line (runs of white space,
    newlines included, become one space: a newline would start a new block), with no link made
    from a URL or an e-mail address in it."""
    one_line = _SPACE.sub(" ", str(text))
    unlinked = _AUTOLINK.sub(
        lambda m: JOINER.join(g for g in m.groups() if g is not None), one_line
    )
    return _PUNCTUATION.sub(r"\\\1", unlinked)


def link(label: str, url: str) -> str:
    """A Markdown link with a literal label, for an http(s) URL from the data or a page of the app
    (a relative link such as `country-profile?state=KAZ#kaz-2016-09`, which works behind a proxy's
    base path); any other URL (javascript:, data:, //host...) is shown as text, not linked."""
    parts = urlsplit(url)
    relative = not parts.scheme and not parts.netloc and not url.startswith(("/", "\\"))
    if not relative and (parts.scheme not in ("http", "https") or not parts.netloc):
        return literal(url)
    # In a link destination, <...> takes any character but <, > and newlines; percent-encode them.
    safe = url.replace("<", "%3C").replace(">", "%3E").replace("\n", "%0A").replace(" ", "%20")
    return f"[{literal(label)}](<{safe}>)"
