"""Open a local HTML file in headless Chromium with the network cut off, and report what it drew."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class Drawn:
    charts: int  # .vega-embed containers with an svg or canvas inside
    errors: list[str] = field(default_factory=list)  # console errors and page errors
    blocked: list[str] = field(default_factory=list)  # network requests that were attempted


def draw_offline(path: Path, expected_charts: int, timeout_ms: int = 30_000) -> Drawn:
    errors: list[str] = []
    blocked: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()

            def abort(route):
                blocked.append(route.request.url)
                route.abort()

            page.route("http*://**/*", abort)
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(Path(path).resolve().as_uri())
            page.wait_for_function(
                "n => document.querySelectorAll("
                "'.vega-embed svg.marks, .vega-embed canvas.marks').length >= n",
                arg=expected_charts,
                timeout=timeout_ms,
            )
            charts = page.evaluate(
                "document.querySelectorAll('.vega-embed svg.marks, .vega-embed canvas.marks')"
                ".length"
            )
        finally:
            browser.close()
    return Drawn(charts=charts, errors=errors, blocked=blocked)


class _References(HTMLParser):
    """Every script src, stylesheet or other <link> href, image or media src, and CSS url()."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "video", "audio", "embed") and attrs.get(
            "src"
        ):
            self.found.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.found.append(attrs["href"])
        if tag == "img" and attrs.get("srcset"):
            self.found.append(attrs["srcset"])
        if tag == "object" and attrs.get("data"):
            self.found.append(attrs["data"])


def remote_references(page: str) -> list[str]:
    """The http(s) resources an HTML page would load: scripts, stylesheets, images, CSS urls."""
    parser = _References()
    parser.feed(page)
    css = " ".join(re.findall(r"<style[^>]*>(.*?)</style>", page, re.DOTALL | re.IGNORECASE))
    css += " ".join(re.findall(r"""\sstyle=["']([^"']*)""", page, re.IGNORECASE))
    found = parser.found + re.findall(r"""url\(\s*['"]?([^'")\s]*)""", css)
    found += re.findall(r"""@import\s+(?:url\()?['"]?([^'")\s]*)""", css)
    return [ref for ref in found if re.match(r"\s*(https?:)?//", ref, re.IGNORECASE)]
