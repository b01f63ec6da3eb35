"""Turn the bytes of a release (plain text or HTML) into text, or say clearly why not."""

import html
import re
from html.parser import HTMLParser

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
_SKIPPED = {"script", "style", "noscript", "head", "svg"}


class NotText(ValueError):
    """The input is not a readable text release."""


def decode(data: bytes, name: str = "input") -> str:
    """UTF-8 text of data (plain or HTML), with HTML turned into paragraphs."""
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
    return bool(re.search(r"<(?:html|body|p|div|h[1-6]|br|article)\b[^>]*>", text[:5000], re.I))


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag in _LINES:
            self._line_break()

    def handle_endtag(self, tag):
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag in _LINES:
            self._line_break()

    def _line_break(self):
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")

    def handle_data(self, data):
        # Whitespace between tags after a line break would turn list items into paragraphs.
        if not data.strip() and (not self.parts or self.parts[-1].endswith("\n")):
            return
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(markup: str) -> str:
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    text = html.unescape("".join(collector.parts))
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
