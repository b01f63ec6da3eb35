"""Start a server process for a test, wait until it answers, and stop it (its whole process
group) afterwards; its output goes to a log file, never to a pipe nobody reads."""

import os
import signal
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path


def wait_healthy(url: str, process: subprocess.Popen, log: Path, seconds: float = 120) -> None:
    """Until url/_stcore/health says ok; fails with the log if the process ends or never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                if r.read() == b"ok":
                    return
        except OSError:
            if process.poll() is not None:
                raise AssertionError(f"the server ended:\n{log.read_text()}") from None
            time.sleep(0.5)
    raise AssertionError(f"the server did not start:\n{log.read_text()}")


@contextmanager
def serving(command: list[str], url: str, log: Path, **popen):
    """Run command (a server that will answer at url) for the duration of the block."""
    with Path(log).open("w") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, **popen
        )
        try:
            wait_healthy(url, process, Path(log))
            yield process
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
