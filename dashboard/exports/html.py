"""Self-contained HTML: Vega, Vega-Lite and Vega-Embed inlined once, then each figure with its
caption (one chart's export, or the static report of `opcat-dashboard export --all`).
"""

import html
import json
from dataclasses import dataclass
from functools import cache

import vl_convert as vlc

from dashboard.exports.context import Context
from dashboard.exports.spec import RENDER_LOCK, vl_version

EMBED_OPTIONS = {
    "renderer": "svg",
    # The editor and compiled-spec links need the network; saving as SVG/PNG and the source do not.
    "actions": {"export": True, "source": True, "compiled": False, "editor": False},
}


# --- HTML ---------------------------------------------------------------------------------------


@cache
def javascript_bundle() -> str:
    """Vega, Vega-Lite and Vega-Embed in one script (about 900 kB), inlined in every HTML file."""
    with RENDER_LOCK:
        bundle = vlc.javascript_bundle(vl_version=vl_version())
    # A literal closing tag would end the inline <script> early.
    return bundle.replace("</script", "<\\/script")


def _script_json(value) -> str:
    """JSON safe inside an inline <script>: no "<" can open or close a tag."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")


@dataclass(frozen=True)
class Figure:
    dom_id: str
    spec: dict
    context: Context
    heading: bool = False
    files: tuple[tuple[str, str], ...] = ()  # (label, relative file name) links under the caption


def figure_html(figure: Figure) -> str:
    ctx = figure.context
    e = html.escape
    heading = f'<h2 id="{figure.dom_id}">{e(ctx.title)}</h2>\n' if figure.heading else ""
    files = ""
    if figure.files:
        links = " · ".join(f'<a href="{e(name)}">{e(label)}</a>' for label, name in figure.files)
        files = f'<p class="files">Files: {links}</p>\n'
    return (
        f'<figure class="chart">\n{heading}'
        f'<div class="vis" id="vis-{figure.dom_id}" role="img" '
        f'aria-label="{e(ctx.title)}. {e(ctx.description)}"></div>\n'
        f"<figcaption>\n"
        f'<p class="description">{e(ctx.description)}</p>\n'
        f'<p class="note">{e(ctx.note)}</p>\n'
        f'<p class="filters">Filters: {e(ctx.filters)}</p>\n'
        f'<p class="as-of">Data as of {e(ctx.data_as_of)}. {e(ctx.source)}.</p>\n'
        f'<p class="link">Link: <a href="{e(ctx.permalink)}">{e(ctx.permalink)}</a></p>\n'
        f"{files}</figcaption>\n</figure>\n"
    )


STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
       margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #1a1a1a; }
figure.chart { margin: 0 0 3rem 0; }
figcaption { font-size: 0.9rem; color: #444; max-width: 70ch; }
figcaption p { margin: 0.2rem 0; }
.vis { overflow-x: auto; }
nav ul { padding-left: 1.2rem; }
"""


def html_document(title: str, figures: list[Figure], intro: str = "") -> str:
    """A self-contained page: the JavaScript libraries inlined once, then each figure."""
    body = "".join(figure_html(f) for f in figures)
    specs = {f.dom_id: f.spec for f in figures}
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"<style>{STYLE}</style>\n"
        f'<script type="text/javascript">{javascript_bundle()}</script>\n'
        f"</head>\n<body>\n{intro}{body}"
        '<script type="text/javascript">\n'
        f"const specs = {_script_json(specs)};\n"
        f"const options = {_script_json(EMBED_OPTIONS)};\n"
        "for (const [id, spec] of Object.entries(specs)) {\n"
        '  vegaEmbed("#vis-" + id, spec, options).catch(console.error);\n'
        "}\n</script>\n</body>\n</html>\n"
    )
