"""The press-release reader on hostile input: every kind either parses or is refused with a clear
message, never hangs, crashes or runs out of memory. Each input runs in its own process with a
generous time limit (it must not hang); how fast each is, and that the time grows linearly with
the size, is measured in benchmarks/press_hostile_input.py."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.press import NotText, TooLong, parse, parse_bytes, read_release
from dashboard.press.hostile import inputs
from dashboard.press.text import MAX_INPUT_BYTES

ROOT = Path(__file__).parent.parent
# Far above the ~1 s these take even on a loaded machine, far below a hang.
NO_HANG_SECONDS = 30


# Runs every kind of one size in a fresh process, printing one line per input as it finishes.
DRIVER = """
import sys
from dashboard.press import NotText, parse_bytes
from dashboard.press.hostile import inputs
for kind, data in sorted(inputs(int(sys.argv[1])).items()):
    print(kind, "started", flush=True)
    try:
        record = parse_bytes(data, kind)
        print(kind, "parsed", record.is_single_visit, flush=True)
    except NotText as e:
        print(kind, "refused", e, flush=True)
"""


@pytest.mark.parametrize("size", [40_000, 2_000_000])
def test_hostile_input_parses_or_is_refused_without_hanging(size):
    try:
        result = subprocess.run(
            [sys.executable, "-c", DRIVER, str(size)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=NO_HANG_SECONDS,
        )
    except subprocess.TimeoutExpired as e:
        started = (e.stdout or b"").decode().splitlines()
        pytest.fail(f"hung after: {started[-1:]}")
    assert result.returncode == 0, result.stderr
    finished = [line for line in result.stdout.splitlines() if " started" not in line]
    assert len(finished) == len(inputs(10))
    for line in finished:
        kind, outcome, *rest = line.split(" ", 2)
        assert outcome in ("parsed", "refused"), line
        if outcome == "refused":
            assert rest[0].startswith(f"{kind}: "), line
            assert "too large" in rest[0] or "a press release has at most" in rest[0], line
    if size > 1_000_000:  # beyond the input limit: everything is refused
        assert all(" refused " in line for line in finished)


def test_the_cli_refuses_a_hostile_file_with_a_message(tmp_path):
    path = tmp_path / "nest.html"
    path.write_bytes(inputs(5_000_000)["deep-div-nest"])
    result = subprocess.run(
        [sys.executable, "-m", "dashboard", "parse-press", str(path), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=NO_HANG_SECONDS,
    )
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (
        f"error: {path}: too large for a press release (1,000,001 bytes or more; the limit is "
        "1,000,000)\n"
    )


def test_a_huge_file_is_refused_without_being_read_whole(tmp_path):
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as f:
        f.truncate(10**10)  # a sparse 10 GB file: reading it whole would exhaust memory
    with pytest.raises(NotText, match=r"huge.txt: too large for a press release"):
        read_release(huge)


def test_the_size_limits_are_stated_in_the_message():
    with pytest.raises(NotText) as big:
        parse_bytes(b"x" * (MAX_INPUT_BYTES + 1), "big.txt")
    assert str(big.value) == (
        "big.txt: too large for a press release (1,000,001 bytes or more; the limit is 1,000,000)"
    )
    # A text given directly (the review page's paste box) has the same bound, in characters.
    with pytest.raises(TooLong) as long:
        parse("word " * 200_001)
    assert str(long.value) == (
        "the text is 1,000,005 characters long; a press release has at most 1,000,000"
    )


def test_standard_input_is_bounded_too():
    result = subprocess.run(
        [sys.executable, "-m", "dashboard", "parse-press", "-", "--json"],
        input=b"a" * (MAX_INPUT_BYTES + 10),
        capture_output=True,
        cwd=ROOT,
        timeout=NO_HANG_SECONDS,
        env={**os.environ},
    )
    assert result.returncode == 1
    assert result.stderr.decode() == (
        "error: standard input: too large for a press release (1,000,001 bytes or more; the "
        "limit is 1,000,000)\n"
    )


def test_inputs_built_from_the_rules_cover_every_table_and_are_read():
    """benchmarks/press_hostile_input.py times these; here: every table of the rules gives an
    input, each within its size, each read (not refused), and the lead makes nearly all of them a
    visit, so that every field reader runs on them."""
    from dashboard.press.hostile import from_rules, rule_tables

    made = from_rules(8_000)
    tables = rule_tables()
    assert len(tables) >= 60
    assert len(made) >= len(tables) - 5  # a table of only non-words gives none
    assert (
        "repeated rules.HEAD_BEFORE_NAME" in made
        and b"led by" in made["repeated rules.HEAD_BEFORE_NAME"]
    )
    visits = 0
    for name, data in made.items():
        assert len(data) <= 8_000, name
        visits += parse_bytes(data, name).is_single_visit
    assert visits >= 0.9 * len(made)
