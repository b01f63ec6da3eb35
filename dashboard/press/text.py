"""Turn the bytes of a release (plain text or HTML) into text, or say clearly why not.

Input is bounded: a press release is a few kilobytes and a saved web page of one well under a
megabyte, so more than MAX_INPUT_BYTES (1 MB) is refused before anything is read into memory.
HTML is turned into text by a few substitutions whose patterns cannot backtrack, so deep nesting
or broken markup costs time linear in its size.
"""

import html
import re

# The largest input read: 1 MB. Anything larger is refused with a message.
MAX_INPUT_BYTES = 1_000_000

# Elements that end a paragraph: their text is kept apart by a blank line.
# List items and line breaks only end a line, so a list stays one paragraph.
_LINES = {"li", "br", "tr"}
_BLOCKS = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "title",
    "blockquote",
}
# Elements whose content is never text. "head" is skipped up to its closing tag.
_SKIPPED = {"script", "style", "noscript", "head", "svg"}
_SPACES = re.compile(r"\s+")


class NotText(ValueError):
    """The input is not a readable text release."""


def too_large(size: int, name: str) -> NotText:
    return NotText(
        f"{name}: too large for a press release ({size:,} bytes or more; "
        f"the limit is {MAX_INPUT_BYTES:,})"
    )


def read_limited(stream, name: str) -> bytes:
    """At most MAX_INPUT_BYTES from a binary stream; NotText if there is more."""
    data = stream.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise too_large(len(data), name)
    return data


def decode(data: bytes, name: str = "input") -> str:
    """UTF-8 text of data (plain or HTML), with HTML turned into paragraphs."""
    if len(data) > MAX_INPUT_BYTES:
        raise too_large(len(data), name)
    if b"\x00" in data:
        raise NotText(f"{name}: not a text file (it contains binary data)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise NotText(f"{name}: not a text file (invalid UTF-8 at byte {e.start})") from None
    if looks_like_html(text):
        text = html_to_text(text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def looks_like_html(text: str) -> bool:
    return bool(re.search(r"<(?:html|body|p|div|h[1-6]|br|article)\b[^<>]*>", text[:5000], re.I))


_SKIPPED_OPEN = re.compile(r"<(script|style|noscript|head|svg)\b[^<>]*>", re.I)
_BLOCK_TAG = re.compile(rf"</?(?:{'|'.join(sorted(_BLOCKS))})\b[^<>]*>", re.I)
_LINE_TAG = re.compile(rf"</?(?:{'|'.join(sorted(_LINES))})\b[^<>]*>", re.I)
_ANY_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<[!?][^<>]*>")
_LINE_BREAKS = re.compile(r"\x02(?: ?\x02)*")


def html_to_text(markup: str) -> str:
    """The text of an HTML page: blocks apart by a blank line, list items and line breaks on
    lines of their own, scripts, styles and comments left out, entities decoded."""
    markup = _BLOCK_TAG.sub(
        "\x01", _LINE_TAG.sub("\x02", _without_skipped(_without_comments(markup)))
    )
    text = _SPACES.sub(" ", html.unescape(_ANY_TAG.sub("", markup))).replace("\x01", "\n\n")

    def line_break(m) -> str:
        before = m.start() - 1
        if before >= 0 and text[before] == " ":
            before -= 1
        return "" if before < 0 or text[before] == "\n" else "\n"

    text = _LINE_BREAKS.sub(line_break, text)
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def _without_comments(markup: str) -> str:
    last = markup.rfind("-->")
    unclosed = markup.find("<!--", last + 3 if last >= 0 else 0)
    if unclosed >= 0:  # an unclosed comment runs to the end
        markup = markup[:unclosed]
    return re.sub(r"<!--.*?-->", "", markup, flags=re.S)


def _without_skipped(markup: str) -> str:
    """markup without the content of script, style, head… elements."""
    lowered, out, position = markup.lower(), [], 0
    while True:
        m = _SKIPPED_OPEN.search(markup, position)
        if m is None:
            out.append(markup[position:])
            return "".join(out)
        out.append(markup[position : m.start()])
        if m[0].endswith("/>"):
            position = m.end()
            continue
        close = lowered.find(f"</{m[1].lower()}", m.end())
        if close < 0:
            return "".join(out)
        end = markup.find(">", close)
        position = len(markup) if end < 0 else end + 1
