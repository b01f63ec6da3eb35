"""The layers of `dashboard`, as docs/architecture.md draws them: a module imports only from its
own layer or from a lower one, never from a higher one or a sibling. Read from the source (every
import, also those inside functions), so a new upward import fails here."""

import ast

import pytest

from tests.layering import PACKAGE, RANKS, violations


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


def test_no_test_module_imports_another():
    """Tests share fixtures through conftest.py and helper modules (tests/layering.py,
    tests/apptest.py, ...), never by importing another test module."""
    tests = PACKAGE.parent / "tests"
    for path in sorted(tests.glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            assert not [n for n in names if n.startswith("tests.test_")], (path.name, names)
