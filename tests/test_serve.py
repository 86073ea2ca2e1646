"""`presskb serve` as an operator meets it: a real Datasette child on a loopback port."""
from __future__ import annotations

import os
import signal
import socket
import sys
import urllib.request

from click.testing import CliRunner

from presskb.cli import cli

from datasette_server import free_port, serving


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
    command = [sys.executable, "-m", "presskb.cli", "serve", "--db", str(crawled[0]), "--port", str(port)]
    with serving(command) as served:
        assert answers(port)
        os.kill(served.process.pid, signal.SIGTERM)
        served.process.wait(timeout=30)
        # the log pipe closes once the Datasette child has exited as well (a runaway guard)
        served.closed.wait(timeout=120)
        assert not answers(port), "Datasette outlived presskb serve"
