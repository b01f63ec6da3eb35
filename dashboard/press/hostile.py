"""Hostile inputs for the press-release reader, made on demand (never stored): the kinds that
once made it hang, crash or run out of memory. Used by tests/test_press_hostile_input.py and
benchmarks/press_hostile_input.py. `size` is roughly the number of bytes produced."""

RELEASE = "The SPT visited Kazakhstan from 26 March to 1 April. "
PARAGRAPH = f"<p>{RELEASE}Jakub Czepek (Poland), head of the delegation.</p>".encode()


def inputs(size: int) -> dict[str, bytes]:
    """name -> bytes of about size bytes (some kinds are meant to exceed every limit)."""
    n = max(1, size)
    return {
        # A list opener then titles with no names: once catastrophic backtracking.
        "composed-of-mr": (
            RELEASE + "The delegation was composed of " + "Mr. " * (n // 4)
        ).encode(),
        "deep-div-nest": b"<html><body>" + b"<div>" * (n // 5) + b"x",
        "html-paragraphs": b"<html><body>" + PARAGRAPH * (n // len(PARAGRAPH)),
        "unclosed-comments": b"<html><body><p>x" + b"<!--" * (n // 4),
        "unclosed-scripts": b"<html><body><p>x" + b"<script>" * (n // 8),
        "text": (RELEASE * (n // len(RELEASE))).encode(),
        "release-like": (
            (RELEASE + "Mr. Jakub Czepek (Poland), head of the delegation, visited prisons. ")
            * (n // 120)
        ).encode(),
        "capitalised-words": ("Aaaa " * (n // 5)).encode(),
        "open-brackets": b"(" * n,
        "day-ranges": ("1 to 2 " * (n // 7)).encode(),
        "visit-targets": ("visit to Kazakhstan, " * (n // 21)).encode(),
        "head-roles": ("Jakub Czepek, head of the delegation, " * (n // 38)).encode(),
        "one-word-lines": ("Jakub\n" * (n // 6)).encode(),
        "long-member-list": (
            "The delegation was composed of " + "Jakub Czepek (Poland), " * (n // 23)
        ).encode(),
        "place-lists": (
            "The SPT visited " + "police, " * (n // 8) + "detention facilities."
        ).encode(),
        "bullets": ("The delegation was composed of:\n" + "- Jakub Czepek\n" * (n // 15)).encode(),
    }
