"""The launcher's supervisor with real child processes: restart, backoff, give up, clean stop."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from buergerbuero.core.supervisor import Supervisor

from .. import support

SLEEP = ["sleep", "60"]
ROOT = Path(__file__).resolve().parents[2]


def supervised(**options) -> tuple[Supervisor, io.StringIO]:
    out = io.StringIO()
    options = {"backoff": 0.05, "poll": 0.02, "stop_timeout": 5.0, **options}
    return Supervisor(out=out, **options), out


@contextmanager
def supervising(supervisor: Supervisor):
    """Run the supervisor in a thread; stop it and collect its exit code on leaving."""
    result: list[int] = []
    thread = threading.Thread(target=lambda: result.append(supervisor.run()))
    thread.start()
    try:
        yield result
    finally:
        supervisor.request_stop()
        thread.join(20)


def wait_for(condition, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


def test_a_killed_child_is_restarted_and_the_supervisor_says_so_in_german():
    supervisor, out = supervised()
    web = supervisor.start("Webserver", SLEEP)
    worker = supervisor.start("Poststelle (Worker)", SLEEP)
    with supervising(supervisor) as result:
        os.kill(worker.pid, signal.SIGKILL)
        wait_for(lambda: supervisor.children[1].process.pid != worker.pid)
        restarted = supervisor.children[1].process
        assert restarted.poll() is None and support.process_alive(restarted.pid)
        assert supervisor.children[0].process is web and web.poll() is None
    assert result == [0]
    assert web.poll() is not None and restarted.poll() is not None
    text = out.getvalue()
    assert (f"„Poststelle (Worker)“ (PID {worker.pid}) ist durch Signal SIGKILL beendet; "
            "Neustart in 0.05 s.") in text
    assert f"„Poststelle (Worker)“ wurde neu gestartet (PID {restarted.pid})." in text
    assert "Webserver" not in text


def test_a_child_that_keeps_dying_is_restarted_with_backoff_then_given_up_and_all_stop():
    supervisor, out = supervised(max_restarts=3, window=60)
    web = supervisor.start("Webserver", SLEEP)
    supervisor.start("Relay", [sys.executable, "-c", "raise SystemExit(3)"])
    assert supervisor.run() == 1
    assert web.poll() is not None
    text = out.getvalue()
    delays = [line.rsplit("Neustart in ", 1)[1] for line in text.splitlines()
              if "Neustart in" in line]
    assert delays == ["0.05 s.", "0.1 s.", "0.2 s."]
    assert text.count("„Relay“ wurde neu gestartet") == 3
    assert ("„Relay“ ist mit Exit-Code 3 beendet, zum 4. Mal in 60 s. "
            "Gebe auf und beende alle Prozesse.") in text


def test_a_child_that_ignores_sigterm_is_killed_when_stopping(tmp_path):
    ready = tmp_path / "bereit"
    stubborn = ("import signal, sys, time, pathlib; signal.signal(signal.SIGTERM, signal.SIG_IGN);"
                " pathlib.Path(sys.argv[1]).touch(); time.sleep(60)")
    supervisor, _ = supervised(stop_timeout=0.5)
    child = supervisor.start("Webserver", [sys.executable, "-c", stubborn, str(ready)])
    wait_for(ready.exists)
    supervisor.stop()
    assert child.returncode == -signal.SIGKILL


SIGNALLED = """
import json, sys
from buergerbuero.core.supervisor import Supervisor
supervisor = Supervisor(poll=0.02)
supervisor.stop_on_signals()
try:
    pids = [supervisor.start(name, ["sleep", "60"]).pid for name in ("Redis", "Webserver")]
    print(json.dumps(pids), flush=True)
    code = supervisor.run()
except KeyboardInterrupt:  # the signal came before run(): the launcher stops all the same
    supervisor.stop()
    code = 0
sys.exit(code)
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_and_ctrl_c_stop_every_child_and_exit_cleanly(signum):
    with subprocess.Popen([sys.executable, "-c", SIGNALLED], cwd=ROOT,
                          stdout=subprocess.PIPE, text=True) as process:
        pids = json.loads(process.stdout.readline())
        assert all(support.process_alive(pid) for pid in pids)
        process.send_signal(signum)
        assert process.wait(20) == 0
    assert not any(support.process_alive(pid) for pid in pids)
