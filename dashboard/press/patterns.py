"""What every reader of a release shares: its regular expressions compiled once, and the patterns
more than one reader looks for."""

from functools import cache

import regex as re

I = re.IGNORECASE  # noqa: E741


@cache
def rx(pattern: str, flags: int = I) -> re.Pattern:
    """pattern compiled once (the rule tables are strings; parsing uses each many times)."""
    return re.compile(pattern, flags)


BRACKETS = r"\([^()\n]{0,80}\)"
VISIT_WORD = r"\b(?:visit\w*|missions?|misión|visita\w*|visite\w*|trip|viaje)\b"
