"""`presskb serve` as an operator meets it: a real Datasette child on a loopback port."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from click.testing import CliRunner

from presskb.cli import cli


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def test_a_database_that_does_not_exist_is_refused_not_created(tmp_path):
    missing = tmp_path / "kb-typo.sqlite"
    result = CliRunner().invoke(cli, ["serve", "--db", str(missing)])
    assert result.exit_code == 2 and not missing.exists()


def test_a_port_in_use_fails_at_once(crawled):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--db", str(crawled[0]), "--port", str(port)])
    assert result.exit_code == 1 and "already in use" in result.output


def test_sigterm_stops_datasette_too(crawled):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "presskb.cli", "serve", "--db", str(crawled[0]),
                                "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 180  # a runaway guard, not a speed check
        while not answers(port):
            assert process.poll() is None and time.monotonic() < deadline, "Datasette did not start"
            time.sleep(0.3)
        os.kill(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        deadline = time.monotonic() + 60  # a runaway guard
        while answers(port) and time.monotonic() < deadline:
            time.sleep(0.3)
        assert not answers(port), "Datasette outlived presskb serve"
    finally:
        if process.poll() is None:
            process.kill()
