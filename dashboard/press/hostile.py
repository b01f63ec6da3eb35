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


# --- Inputs made from the rules themselves -------------------------------------------------------
# Every pattern and word list the reader matches with is read for its literal words and phrases,
# and inputs are built of them: each family repeated, all of them interleaved with the pieces a
# pattern's classes stand for (a name, a bracketed country, a date), and nested in brackets. A
# pattern added to the rules later is covered without anyone writing a new case.

# A release's lead (made up, as every input here), so that every field reader runs on what follows:
# without it the reader sets the text aside as not about one visit.
LEAD = (
    "GENEVA (2 April 2023) – The United Nations Subcommittee on Prevention of Torture (SPT) "
    "concluded its visit to Kazakhstan, which took place from 26 March to 1 April 2023. "
)
# What a pattern's classes stand for (\p{Lu}..., a day, a bracket), put between the phrases.
FILLERS = ["Jakub Czepek", "(Poland)", "26", "March", "2023", ",", "-", ":", "\n", "«", "“"]


def rule_tables() -> dict[str, list[str]]:
    """Each pattern or word table of the reader, by name (module.NAME): its strings (dictionary
    keys, the first item of a pair, the source of a compiled pattern)."""
    import importlib
    import inspect
    import re

    tables = {}
    # The modules that hold tables; those split off later come last, so the inputs built from the
    # earlier ones keep their order.
    modules = ("rules", "parse", "dates", "names", "segment", "countries")
    for module in (*modules, "place_rules", "patterns", "places"):
        mod = importlib.import_module(f"dashboard.press.{module}")
        source = inspect.getsource(mod)
        for name, value in vars(mod).items():
            strings = _strings(value)
            # Defined in the module itself: a table another module imports is counted once.
            defined = re.search(rf"^{re.escape(name)}\b\s*[:=]", source, re.M)
            if name.isupper() and strings and defined:
                tables[f"{module}.{name}"] = strings
    return tables


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if hasattr(value, "pattern") and isinstance(value.pattern, str):
        return [value.pattern]
    if isinstance(value, dict):
        return [s for k in value for s in _strings(k)]
    if isinstance(value, set | frozenset):  # in a fixed order: a set's order varies by process
        return sorted(s for v in value for s in _strings(v))
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v[0] if isinstance(v, tuple) else v)]
    return []


def phrases(pattern: str) -> list[str]:
    """The literal words and phrases of a pattern: whitespace classes read as a space, the rest of
    its syntax dropped. 'led\\s+by|encabezada\\s+por' → ['led by', 'encabezada por']."""
    import regex

    text = regex.sub(r"\\s[+*?]?|\[ \\t\][+*]?|\\n", " ", pattern)
    text = regex.sub(
        r"\\[pP]\{\w+\}|\\[bBAZdDwWS]|\(\?(?:P<\w+>|[:=!]|<[=!]|[a-zA-Z-]+:?)", " ", text
    )
    return list(
        dict.fromkeys(
            p.strip()
            for p in regex.findall(r"[^\W\d_]+(?:[ '’-]+[^\W\d_]+)*", text)
            if len(p.strip()) >= 2
        )
    )


def samples(pattern: str) -> list[str]:
    """Strings the pattern is written to match: for each k, the k-th branch of every alternation
    (the last where a group has fewer), each repeat taken once, a class by one of its characters,
    so that every alternative appears in at least one sample. Patterns in syntax Python's own
    parser does not read fall back to their phrases."""
    import re._parser as sre

    source = _re_syntax(pattern)
    try:
        tree = sre.parse(source, sre.SRE_FLAG_UNICODE)
    except Exception:  # noqa: BLE001 (syntax of the regex module only: read its words instead)
        return phrases(pattern)
    widest = max([1, *_branch_counts(tree)])
    return list(dict.fromkeys(" ".join(_sample(tree, k).split()) for k in range(widest)))


def _re_syntax(pattern: str) -> str:
    """pattern with the regex module's own syntax put in Python's: Unicode properties as a letter
    of their kind, inline flag groups as plain groups."""
    import regex

    out = regex.sub(r"\\p\{Lu?\}|\\p\{L&\}", "A", pattern)
    out = regex.sub(r"\\p\{Ll\}", "a", out)
    out = regex.sub(r"\\[pP]\{\w+\}", "a", out)
    return regex.sub(r"\(\?-?[imsx]+(?:-[imsx]+)?:", "(?:", out)


def _branch_counts(tree) -> list[int]:
    import re._parser as sre

    counts = []
    for op, av in tree:
        if op is sre.BRANCH:
            counts.append(len(av[1]))
            for branch in av[1]:
                counts += _branch_counts(branch)
        elif op is sre.SUBPATTERN:
            counts += _branch_counts(av[3])
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            counts += _branch_counts(av[2])
    return counts


def _sample(tree, k: int) -> str:
    import re._parser as sre

    out = []
    for op, av in tree:
        if op is sre.LITERAL:
            out.append(chr(av))
        elif op is sre.NOT_LITERAL or op is sre.ANY:
            out.append("x")
        elif op is sre.IN:
            out.append(_one_of(av))
        elif op is sre.BRANCH:
            branches = av[1]
            out.append(_sample(branches[min(k, len(branches) - 1)], k))
        elif op is sre.SUBPATTERN:
            out.append(_sample(av[3], k))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            out.append(_sample(av[2], k) * max(1, min(av[0], 3)))
        elif op is sre.CATEGORY:
            out.append(_category(av))
        # anchors, look-arounds and back-references add nothing to the text
    return "".join(out)


def _category(category) -> str:
    """A character of a class such as \\d or \\s."""
    import re._constants as c

    return {c.CATEGORY_DIGIT: "1", c.CATEGORY_SPACE: " "}.get(category, "a")


def _one_of(items) -> str:
    import re._parser as sre

    for op, av in items:
        if op is sre.LITERAL:
            return chr(av)
        if op is sre.RANGE:
            return chr(av[0])
        if op is sre.CATEGORY:
            return _category(av)
    return "x"  # a negated class: any other character


def from_rules(size: int) -> dict[str, bytes]:
    """name -> text of at most size bytes, after a release's lead: each rule table's samples
    repeated (separated by a space, so they run on as one long sentence), every sample interleaved
    with the fillers, and every sample nested in open brackets and quotes."""
    tables = {name: ps for name, strings in rule_tables().items() if (ps := _all_samples(strings))}
    every = list(dict.fromkeys(p for ps in tables.values() for p in ps))
    made = {f"repeated {name}": _fill(" ".join(ps) + " ", size) for name, ps in tables.items()}
    mixed = [x for i, p in enumerate(every) for x in (p, FILLERS[i % len(FILLERS)])]
    made["interleaved"] = _fill(" ".join(mixed) + " ", size)
    made["interleaved lines"] = _fill("\n".join(mixed) + "\n", size)
    made["nested"] = _fill("".join(f"{p} ({FILLERS[0]} “" for p in every), size)
    return {name: _bytes(LEAD + text, size) for name, text in made.items()}


def _all_samples(strings: list[str]) -> list[str]:
    return list(dict.fromkeys(p for s in strings for p in samples(s) if p.strip()))


def _bytes(text: str, size: int) -> bytes:
    """text as UTF-8, cut to at most size bytes (never inside a character)."""
    return text.encode()[:size].decode("utf-8", "ignore").encode()


def _fill(unit: str, size: int) -> str:
    """unit repeated to size characters (cut at the last space before)."""
    text = (unit * (size // max(len(unit), 1) + 1))[:size]
    return text.rsplit(" ", 1)[0] if " " in text[-200:] else text
