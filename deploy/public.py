#!/usr/bin/env python3
"""Run the public dashboard: replicas of `opcat-dashboard serve --public` behind nginx.

    python3 deploy/public.py install VENV           # the wheel and the locked dependencies
    VENV/bin/python deploy/public.py build --db DB  # the database, once, before going read-only
    VENV/bin/python deploy/public.py run --db DB --listen 127.0.0.1:8080 --base-path opcat
    python3 deploy/public.py health --url http://127.0.0.1:8080/opcat

`run` starts the replicas (each on a free port of 127.0.0.1, sharing one cookie secret, in public
mode: read-only, the database never rebuilt), writes an nginx configuration from
deploy/nginx.conf into its run folder and starts Debian's nginx on it as the current user, then
waits; SIGTERM or SIGINT stops everything. Its run folder holds nginx's files, one log per
replica and `state.json` (ports and process ids). deploy/Dockerfile runs these same commands;
tests/test_deploy.py runs them with nginx and Chromium. Standard library only.
"""

import argparse
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent
NGINX = "/usr/sbin/nginx"


def install(venv: Path) -> None:
    """A fresh virtual environment with the locked dependencies (hashes checked) and the wheel
    built from this source tree, through uv (`pip install uv` first)."""
    uv = [sys.executable, "-m", "uv"]
    dist = Path(tempfile.mkdtemp(prefix="opcat-dist-"))
    subprocess.run([*uv, "venv", "--quiet", "--python", sys.executable, str(venv)], check=True)
    into = ["--python", str(venv / "bin" / "python")]
    lock = HERE / "requirements.lock"
    subprocess.run([*uv, "pip", "install", "-q", *into, "--require-hashes", "-r", lock], check=True)
    # An sdist first, then the wheel from it: a clean build, whatever lies in the source tree.
    subprocess.run([*uv, "build", "--quiet", "--out-dir", dist, SOURCE], check=True)
    (wheel,) = dist.glob("*.whl")
    subprocess.run([*uv, "pip", "install", "-q", *into, "--no-deps", wheel], check=True)


def _cli() -> list[str]:
    return [sys.executable, "-m", "dashboard"]


def build(db: Path) -> None:
    subprocess.run([*_cli(), "build", "--db", str(db)], check=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(url: str, timeout: float = 2) -> bool:
    try:
        with urllib.request.urlopen(f"{url.rstrip('/')}/_stcore/health", timeout=timeout) as r:
            return r.status == 200 and r.read().strip() == b"ok"
    except OSError:
        return False


def wait_healthy(url: str, seconds: float, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if healthy(url):
            return
        if process is not None and process.poll() is not None:
            raise SystemExit(f"{url}: the process ended (status {process.returncode})")
        time.sleep(0.3)
    raise SystemExit(f"{url} did not become healthy in {seconds:.0f} s")


def nginx_config(
    run_dir: Path, listen: str, base_path: str, ports: list[int], rate: str, burst: int
) -> str:
    servers = "\n".join(
        f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;" for port in ports
    )
    values = {
        "run_dir": str(run_dir),
        "listen": listen,
        "base_path": base_path,
        "servers": servers,
        "rate": rate,
        "burst": str(burst),
    }
    text = (HERE / "nginx.conf").read_text()
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    return text


def run(args: argparse.Namespace) -> None:
    run_dir = Path(args.run_dir or tempfile.mkdtemp(prefix="opcat-public-")).resolve()
    run_dir.mkdir(parents=True, exist_ok=True)
    base_path = args.base_path.strip("/")
    # It goes into nginx's locations and a regular expression: plain path segments only.
    if not re.fullmatch(r"[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*", base_path):
        raise SystemExit(f"--base-path {args.base_path!r}: use letters, digits, - and _ only")
    host, _, port = args.listen.rpartition(":")
    # One secret for every replica (a browser that moves to another replica stays valid).
    secret = os.environ.get("OPCAT_COOKIE_SECRET") or secrets.token_urlsafe(32)
    env = {**os.environ, "OPCAT_PUBLIC": "1", "OPCAT_COOKIE_SECRET": secret}
    if args.public_url:
        env["OPCAT_PUBLIC_URL"] = args.public_url
    processes: list[subprocess.Popen] = []

    def stop(*_):
        for process in reversed(processes):
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    replicas = []
    for i in range(args.replicas):
        replica_port = free_port()
        log = (run_dir / f"replica-{i + 1}.log").open("w")
        command = [*_cli(), "serve", "--public", "--host", "127.0.0.1", "--port", str(replica_port)]
        command += ["--base-path", base_path, "--db", str(Path(args.db).resolve())]
        processes.append(
            subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=run_dir)
        )
        replicas.append({"port": replica_port, "pid": processes[-1].pid})
    try:
        for replica, process in zip(replicas, processes, strict=True):
            wait_healthy(f"http://127.0.0.1:{replica['port']}/{base_path}", 120, process)
        config = run_dir / "nginx.conf"
        config.write_text(
            nginx_config(
                run_dir,
                args.listen,
                base_path,
                [r["port"] for r in replicas],
                args.rate,
                args.burst,
            )
        )
        nginx_log = (run_dir / "nginx.out").open("w")
        command = [NGINX, "-p", str(run_dir), "-c", str(config), "-e", str(run_dir / "error.log")]
        processes.append(
            subprocess.Popen(command, stdout=nginx_log, stderr=subprocess.STDOUT, cwd=run_dir)
        )
        local = host if host not in ("", "0.0.0.0", "[::]") else "127.0.0.1"
        url = f"http://{local}:{port}/{base_path}"
        wait_healthy(url, 30, processes[-1])
    except BaseException:
        stop()
        raise
    state = {"url": url, "replicas": replicas, "nginx_pid": processes[-1].pid}
    (run_dir / "state.json").write_text(json.dumps(state, indent=2))
    print(f"Serving {url}/ through nginx ({args.replicas} replicas); run folder {run_dir}")
    sys.stdout.flush()
    while processes[-1].poll() is None:  # until nginx ends or a signal stops everything
        time.sleep(1)
    stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("install", help="a venv with the locked dependencies and the wheel")
    p.add_argument("venv", type=Path)
    p = sub.add_parser("build", help="build the database (run with the venv's python)")
    p.add_argument("--db", type=Path, required=True)
    p = sub.add_parser("run", help="replicas behind nginx, until stopped")
    p.add_argument("--db", type=Path, required=True, help="the built database (read only)")
    p.add_argument("--listen", default="127.0.0.1:8080", help="nginx's address (HOST:PORT)")
    p.add_argument("--base-path", default="opcat", help="URL path of the dashboard")
    p.add_argument("--replicas", type=int, default=2)
    p.add_argument("--public-url", help="canonical public address, e.g. https://example.org/opcat")
    p.add_argument("--rate", default="20r/s", help="requests per second per client address")
    p.add_argument("--burst", type=int, default=200, help="requests over the rate let through")
    p.add_argument("--run-dir", type=Path, help="folder for nginx's files and the logs")
    p = sub.add_parser("health", help="exit 0 if the dashboard answers")
    p.add_argument("--url", default="http://127.0.0.1:8080/opcat")
    args = parser.parse_args()
    if args.command == "install":
        install(args.venv)
    elif args.command == "build":
        build(args.db)
    elif args.command == "run":
        run(args)
    elif args.command == "health":
        sys.exit(0 if healthy(args.url, timeout=5) else 1)


if __name__ == "__main__":
    main()
