"""`make run`'s launcher for real: a killed child comes back, SIGTERM leaves no process behind."""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from buergerbuero.core.launcher import free_port

from .. import support

ROOT = Path(__file__).resolve().parents[2]


def descendants(pid: int) -> dict[int, str]:
    """Return pid → command line of every process below ``pid``.

    A short-lived child (a ``gpg`` call of the worker) may end between the parent's list and the
    read of its command line; it is no longer below ``pid`` then and is left out.
    """
    found, todo = {}, [pid]
    while todo:
        parent = todo.pop()
        for child in _read_or_none(Path(f"/proc/{parent}/task/{parent}/children"), "").split():
            cmdline = _read_or_none(Path(f"/proc/{child}/cmdline"))
            if cmdline is None:
                continue
            found[int(child)] = cmdline.replace("\0", " ")
            todo.append(int(child))
    return found


def _read_or_none(path: Path, default: str | None = None) -> str | None:
    """The text of a /proc file, or ``default`` when its process has ended meanwhile."""
    try:
        return path.read_bytes().decode(errors="replace")
    except (FileNotFoundError, ProcessLookupError):
        return default


class Output:
    """The launcher's output, read in a thread so that waiting for a line can time out."""

    def __init__(self, stream) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=lambda: [self.lines.put(line) for line in stream],
                         daemon=True).start()

    def wait_for(self, text: str, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not any(text in line for line in self.seen):
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"no line with {text!r} in:\n" + "".join(self.seen[-40:])
            try:
                self.seen.append(self.lines.get(timeout=remaining))
            except queue.Empty:
                continue


@pytest.mark.slow
def test_the_launcher_restarts_a_killed_relay_and_sigterm_leaves_no_process_or_agent(
        tmp_path, gpg_agents):
    instance = tmp_path / "instance"
    env = {**os.environ, "BUERGERBUERO_INSTANCE": str(instance), "PORT": str(free_port()),
           "PYTHONUNBUFFERED": "1"}
    for name in ("REDIS_URL", "DATABASE_URL"):  # an embedded Redis and SQLite in the instance
        env.pop(name, None)
    launcher = subprocess.Popen([sys.executable, "-m", "buergerbuero.core.launcher"], cwd=ROOT,
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True)
    try:
        output = Output(launcher.stdout)
        output.wait_for("Beenden mit Strg+C.", 180)
        relay = next(pid for pid, cmd in descendants(launcher.pid).items()
                     if "gateway relay" in cmd)
        os.kill(relay, signal.SIGKILL)
        output.wait_for(f"„Relay“ (PID {relay}) ist durch Signal SIGKILL beendet", 30)
        output.wait_for("„Relay“ wurde neu gestartet", 30)
        homedir = instance / "gnupg"
        deadline = time.monotonic() + 120  # the worker starts the agent once it loaded its keys
        while not gpg_agents(homedir, settle=0) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert gpg_agents(homedir, settle=0), "the worker should have started a gpg-agent"
        processes = descendants(launcher.pid)
        launcher.send_signal(signal.SIGTERM)
        assert launcher.wait(90) == 0
        output.wait_for("Bürgerbüro beendet.", 5)
    finally:
        if launcher.poll() is None:  # a failed step: take the whole tree down, not only its root
            for pid in descendants(launcher.pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            launcher.kill()
            launcher.wait(30)
        launcher.stdout.close()
    assert gpg_agents(homedir) == []
    assert {pid: cmd for pid, cmd in processes.items() if support.process_alive(pid)} == {}


def test_the_launchers_web_server_opens_no_control_socket_outside_the_instance(app, tmp_path):
    from buergerbuero.core.launcher import web_command

    port = free_port()
    command = web_command(port)
    assert "--no-control-socket" in command
    env = {**os.environ, "HOME": str(tmp_path), "BUERGERBUERO_INSTANCE": app.instance_path,
           "BUERGERBUERO_DATABASE_URL": app.config["DATABASE_URL"],
           "BUERGERBUERO_SECRET_KEY": "x" * 32}
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        output = Output(server.stdout)
        answered(f"http://127.0.0.1:{port}/static/css/app.css", 60)  # the app is loaded
    finally:
        server.terminate()
    try:
        output.wait_for("Shutting down: Master", 30)  # everything the master said is read
    finally:
        server.wait(30)
        server.stdout.close()
    assert not any("Control socket" in line for line in output.seen), output.seen
    assert not (tmp_path / ".gunicorn").exists()


def answered(url: str, seconds: float) -> None:
    """Wait until a GET of `url` is answered with 200."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                assert response.status == 200
                return
        except OSError:
            assert time.monotonic() < deadline, f"{url} not answered"
            time.sleep(0.2)
