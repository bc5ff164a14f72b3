"""Keep the processes of `make run` alive: restart one that dies, with backoff and a limit.

Children run in their own process group, so Ctrl-C reaches only the supervisor, which stops them
in reverse order of start (relay first, Redis last).
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TextIO

from .commandline import cli_gettext as _


@dataclass
class Child:
    """One supervised process: its name (as shown), its command and its recent restarts."""

    name: str
    argv: Sequence[str]
    process: subprocess.Popen | None = None
    restart_at: float | None = None
    restarts: deque[float] = field(default_factory=deque)


class Supervisor:
    """Start children, restart the ones that die, stop all of them on request."""

    def __init__(self, *, max_restarts: int = 5, window: float = 60.0, backoff: float = 1.0,
                 max_backoff: float = 30.0, stop_timeout: float = 15.0, poll: float = 0.2,
                 out: TextIO = sys.stdout) -> None:
        """Allow ``max_restarts`` per child within ``window`` seconds, waiting ``backoff`` × 2ⁿ."""
        self.children: list[Child] = []
        self.max_restarts, self.window = max_restarts, window
        self.backoff, self.max_backoff = backoff, max_backoff
        self.stop_timeout, self.poll, self.out = stop_timeout, poll, out
        self._stopping = threading.Event()
        self._supervising = False

    def start(self, name: str, argv: Sequence[str]) -> subprocess.Popen:
        """Start a child now and supervise it from then on."""
        child = Child(name, list(argv))
        self._spawn(child)
        self.children.append(child)
        return child.process

    def stop_on_signals(self) -> None:
        """Make SIGTERM and SIGINT (Ctrl-C) end run(), or raise KeyboardInterrupt before it."""
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._on_signal)

    def _on_signal(self, *_: object) -> None:
        first = not self._stopping.is_set()
        self.request_stop()
        if first and not self._supervising:
            # Still starting up (e.g. waiting for a port): abort that once, so the caller's
            # finally stops what already runs instead of the default SIGTERM death orphaning it.
            raise KeyboardInterrupt

    def request_stop(self) -> None:
        """Ask run() to return; safe from signal handlers and other threads."""
        self._stopping.set()

    def run(self) -> int:
        """Supervise until a stop is requested (0) or a child keeps dying (1); then stop all."""
        self._supervising = True
        try:
            while not self._stopping.wait(self.poll):
                for child in self.children:
                    if not self._check(child):
                        return 1
            return 0
        finally:
            self.stop()

    def stop(self) -> None:
        """Terminate the children, last started first; kill those that do not end in time."""
        for child in reversed(self.children):
            if child.process and child.process.poll() is None:
                child.process.terminate()
                try:
                    child.process.wait(self.stop_timeout)
                except subprocess.TimeoutExpired:
                    child.process.kill()
                    child.process.wait()
            child.restart_at = None

    def _check(self, child: Child) -> bool:
        """Restart a dead child when its backoff is over; False once it died too often."""
        now = time.monotonic()
        if child.restart_at is not None:
            if now >= child.restart_at:
                self._spawn(child)
                self._say(_("„%(name)s“ wurde neu gestartet (PID %(pid)d).", name=child.name,
                            pid=child.process.pid))
            return True
        code = child.process.poll()
        if code is None:
            return True
        while child.restarts and child.restarts[0] < now - self.window:
            child.restarts.popleft()
        if len(child.restarts) >= self.max_restarts:
            self._say(_("„%(name)s“ ist %(exit)s, zum %(count)d. Mal in %(window).0f s. Gebe auf "
                        "und beende alle Prozesse.", name=child.name, exit=describe_exit(code),
                        count=len(child.restarts) + 1, window=self.window))
            return False
        delay = min(self.backoff * 2 ** len(child.restarts), self.max_backoff)
        child.restarts.append(now)
        child.restart_at = now + delay
        self._say(_("„%(name)s“ (PID %(pid)d) ist %(exit)s; Neustart in %(delay)g s.",
                    name=child.name, pid=child.process.pid, exit=describe_exit(code),
                    delay=delay))
        return True

    def _spawn(self, child: Child) -> None:
        # Own process group: Ctrl-C in the terminal must not kill the children behind our back.
        child.process = subprocess.Popen(child.argv, process_group=0)
        child.restart_at = None

    def _say(self, line: str) -> None:
        print(line, file=self.out, flush=True)


def describe_exit(code: int) -> str:
    """Say how a process ended (in the CLI's language), from its Popen return code."""
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = str(-code)
        return _("durch Signal %(signal)s beendet", signal=name)
    return _("mit Exit-Code %(code)d beendet", code=code)
