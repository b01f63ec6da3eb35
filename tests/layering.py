"""The layers of `dashboard` and the check of its imports, shared by tests/test_layers.py and
tests/test_architecture_doc.py (docs/architecture.md draws the same layers)."""

import ast
from pathlib import Path

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
