"""docs/architecture.md stays true: its picture names every module of every layer, and every
file its "where does it go" table points at exists."""

import re
from pathlib import Path

from tests.layering import RANKS

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


def test_the_picture_names_every_module_of_every_layer():
    picture = DOC[DOC.index("```mermaid") : DOC.index("```", DOC.index("```mermaid") + 3)]
    named = set(re.findall(r"[a-z_]+", picture))
    for layer in RANKS:
        folder = ROOT / "dashboard" / layer
        if not folder.is_dir():
            continue
        assert f"{layer}/" in picture, layer
        modules = {p.stem for p in folder.glob("*.py") if p.stem != "__init__"}
        assert modules <= named, (layer, sorted(modules - named))


def test_every_file_the_table_points_at_exists():
    table = DOC[DOC.index("## Where does it go") : DOC.index("## Same answers")]
    paths = {p for p in re.findall(r"`([a-z_./0-9]+)`", table) if "/" in p}
    assert len(paths) >= 12
    for path in paths:
        assert (ROOT / path).exists(), path


def test_the_names_the_table_gives_are_defined_where_it_says():
    for name, path in [
        ("CHARTS", "dashboard/charts/__init__.py"),
        ("TABLES", "dashboard/data/schema.py"),
        ("FIELDS", "dashboard/query/filters.py"),
        ("_parse_one", "dashboard/query/filters.py"),
        ("FORMATS", "dashboard/exports/context.py"),
        ("_convert", "dashboard/exports/files.py"),
        ("PAGES", "dashboard/site.py"),
    ]:
        assert f"`{name}`" in DOC, name
        assert re.search(rf"^(def |){name}\b", (ROOT / path).read_text(), re.M), (name, path)
