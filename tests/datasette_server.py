"""A real Datasette (or ``presskb serve``) child on a loopback port, for the tests that need
one: started, waited for by what it says rather than by the clock, stopped."""
from __future__ import annotations

import socket
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

STARTED = "Uvicorn running on"  # what Datasette's server logs once it accepts connections
# Headless Chromium for the UI tests: no sandbox (containers), and nothing that would
# reach past loopback (QUIC, component updates, sync, background fetches).
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Served:
    """The running child: its process, and ``closed`` — set when every process holding its
    log pipe (presskb serve and the Datasette it starts) has exited."""

    def __init__(self, process: subprocess.Popen):
        self.process = process
        self.log: list[str] = []
        self.closed = threading.Event()

    def wait_until_serving(self) -> None:
        for raw in self.process.stderr:
            line = raw.decode(errors="replace")
            self.log.append(line)
            if STARTED in line:
                # keep reading the log so the server never blocks on a full pipe
                threading.Thread(target=self._drain, daemon=True).start()
                return
        self.closed.set()
        pytest.fail("Datasette exited before serving:\n" + "".join(self.log[-40:]))

    def _drain(self) -> None:
        for raw in self.process.stderr:
            self.log.append(raw.decode(errors="replace"))
        self.closed.set()


@contextmanager
def serving(command: list[str]) -> Iterator[Served]:
    """Run ``command`` (its server logs on stderr) until it serves; stop it afterwards."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    served = Served(process)
    try:
        served.wait_until_serving()
        yield served
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=30)
