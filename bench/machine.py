"""What the machine does while a bench runs: CPU of the servers, of everything else, the CPU model.

Linux only (/proc). bench/gateway.py uses CpuMeter to tell, per phase, how much CPU PostgreSQL,
Redis and gpg-agent used and how much went to other load on the machine that spoils the figures.
"""

from __future__ import annotations

import os
import platform
import resource
import time
from pathlib import Path

SERVERS = ("postgres", "redis-server", "gpg-agent")
"""Process names counted as the servers a phase uses."""


class CpuMeter:
    """CPU spent during a phase: by the servers it uses, and by anything else on the machine.

    Ours (this process and its waited children: workers, gpg) comes from getrusage; the servers
    (PostgreSQL, whose exited backends land in the postmaster's children time, Redis, gpg-agent)
    from /proc; the rest of the machine's busy time is "other": load that spoils the figures.
    """

    def __init__(self) -> None:
        self.started, self.machine, self.ours = time.perf_counter(), machine_busy(), own_cpu()
        self.servers = server_cpu()

    def cores(self) -> tuple[float, float]:
        """Return (servers, other): average cores busy since the start."""
        wall = time.perf_counter() - self.started
        machine, ours = machine_busy() - self.machine, own_cpu() - self.ours
        servers = server_cpu()
        used = sum(servers.get(pid, 0.0) for pid in servers) - sum(
            self.servers.get(pid, 0.0) for pid in self.servers)
        return max(used, 0.0) / wall, max(machine - ours - used, 0.0) / wall


def server_cpu() -> dict[int, float]:
    """Return CPU seconds per server process, the postmasters' reaped children as their own."""
    tick, found, parents = os.sysconf("SC_CLK_TCK"), {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name, fields = text[text.index("(") + 1:text.rindex(")")], text[text.rindex(")") + 2:]
        if name not in SERVERS:
            continue
        values = fields.split()
        pid = int(stat.parent.name)
        found[pid] = (int(values[11]) + int(values[12])) / tick
        parents[pid] = (int(values[1]), (int(values[13]) + int(values[14])) / tick)
    for pid, (ppid, children) in parents.items():
        if ppid not in found:  # a postmaster (or a daemon): add what its exited children used
            found[-pid] = children
    return found


def machine_busy() -> float:
    """Return the CPU seconds all cores spent busy since boot (Linux)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def own_cpu() -> float:
    """Return the CPU seconds of this process and of its children that were waited for."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def cpu_model() -> str:
    """Return the CPU model name, if Linux tells."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()
