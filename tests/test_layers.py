"""The layers of `dashboard`, as docs/architecture.md draws them: a module imports only from its
own layer or from a lower one, never from a higher one or a sibling. Read from the source (every
import, also those inside functions), so a new upward import fails here."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "dashboard"
# Layer → rank. Siblings (query and press) share a rank and may not import each other.
RANKS = {
    "base": 0,  # paths, config, labels, markdown, site: the top-level modules
    "data": 1,
    "query": 2,
    "press": 2,
    "charts": 3,
    "exports": 4,
    "app": 5,
    "cli": 6,  # cli.py and __main__.py
}


def layer(module: str) -> str:
    """The layer of a dotted module name under dashboard."""
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in RANKS:
        return parts[1]
    if len(parts) > 1 and parts[1] in ("cli", "__main__"):
        return "cli"
    return "base"


def imports(path: Path, package: Path) -> list[tuple[str, int]]:
    """The dashboard modules a file imports, each with its line."""
    module = ".".join(path.relative_to(package.parent).with_suffix("").parts)
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(a.name, node.lineno) for a in node.names if a.name.startswith("dashboard")]
        elif isinstance(node, ast.ImportFrom) and node.module:
            name = node.module
            if node.level:  # a relative import: resolve it against this module's package
                base = module.split(".")[: -node.level]
                name = ".".join([*base, node.module])
            if name == "dashboard":  # `from dashboard import x`: x is the module imported
                found += [(f"dashboard.{a.name}", node.lineno) for a in node.names]
            elif name.startswith("dashboard"):
                found.append((name, node.lineno))
    return found


def violations(package: Path) -> list[str]:
    out = []
    for path in sorted(package.rglob("*.py")):
        module = ".".join(path.relative_to(package.parent).with_suffix("").parts)
        mine = layer(module)
        for imported, line in imports(path, package):
            theirs = layer(imported)
            if theirs == mine:
                continue
            if RANKS[theirs] >= RANKS[mine]:
                out.append(
                    f"{path.relative_to(package.parent)}:{line}: {mine} imports {imported} "
                    f"({theirs}, {'a sibling' if RANKS[theirs] == RANKS[mine] else 'higher'})"
                )
    return out


def test_no_layer_imports_a_higher_one_or_a_sibling():
    assert violations(PACKAGE) == []


def test_every_folder_of_dashboard_is_a_known_layer_and_says_what_it_may_import():
    folders = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert folders <= set(RANKS), folders - set(RANKS)
    for name in folders:
        assert "May import" in (PACKAGE / name / "__init__.py").read_text(), name


@pytest.mark.parametrize(
    ("importer", "line", "expected"),
    [
        ("data/build.py", "from dashboard.query import figures", "data imports dashboard.query"),
        ("query/db.py", "from dashboard.press import parse", "query imports dashboard.press"),
        ("labels.py", "import dashboard.app.ui", "base imports dashboard.app.ui"),
        ("charts/bars.py", "from ..app import ui", "charts imports dashboard.app"),
    ],
)
def test_the_check_finds_an_upward_or_sibling_import(tmp_path, importer, line, expected):
    package = tmp_path / "dashboard"
    path = package / importer
    path.parent.mkdir(parents=True)
    path.write_text(f"def f():\n    {line}\n")  # inside a function: still an import
    assert [v for v in violations(package) if expected in v], violations(package)
