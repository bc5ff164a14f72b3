"""The yardstick of bench/gateway.py: a measured Phase, and the floor loop that sets the pace.

The floor is the delivery job's own work (`sealed_receipt`, `build_envelope`,
`Keyring.sign_encrypt`) in a plain loop, without database and queue; with parallel > 1 in that
many forked processes at once.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from sqlalchemy import select

from bench.machine import CpuMeter
from buergerbuero.core.extensions import db
from buergerbuero.models import Department, OutboxMessage
from mailgateway.envelope import Attachment, build_envelope
from mailgateway.keys import gateway_keys
from mailgateway.models import OutboxKind
from mailgateway.payloads import payload_for
from mailgateway.seal import sealed_receipt

WARM_UP = 3  # floor items run before the clock starts (fonts, first seal)
DRIFT_NOTE = 0.05  # floor before and after further apart than this (of their mean): say so
FLOOR = "floor (1 process)"


@dataclass(frozen=True)
class Phase:
    """One measured phase: how many items, in how many processes, how long."""

    name: str
    processes: int
    items: int
    seconds: float
    server_cores: float
    """CPU (in cores) of PostgreSQL, Redis and gpg-agent during the phase."""
    other_cores: float
    """CPU (in cores) of everything else outside this bench and its workers."""
    busy_seconds: float | None = None
    """First claim to last delivery (the workers' start-up left out), None for the floor."""

    @property
    def per_second(self) -> float:
        """Return items per second, all processes together."""
        return self.items / self.seconds

    @property
    def per_process(self) -> float:
        """Return items per second per process."""
        return self.per_second / self.processes


def combine_floors(before: Phase, after: Phase) -> Phase:
    """Return the two 1-process floors as one: items and seconds summed, cores weighted by time.

    The machine (a VM) drifts in speed; the sum of a measurement before and one after the worker
    phases is a fairer yardstick for them than either alone.
    """
    seconds = before.seconds + after.seconds

    def weighted(cores: str) -> float:
        return (getattr(before, cores) * before.seconds
                + getattr(after, cores) * after.seconds) / seconds

    return Phase(FLOOR, 1, before.items + after.items, seconds, weighted("server_cores"),
                 weighted("other_cores"))


def drift(before: Phase, after: Phase) -> float:
    """Return how much faster (> 0) or slower the floor ran after, as a share of the two's mean."""
    return (after.per_second - before.per_second) / ((after.per_second + before.per_second) / 2)


def measure_floor(app, outbox_ids: list[int], parallel: int = 1) -> Phase:
    """Seal, envelope and sign+encrypt the rows' payloads in a plain loop in this process.

    With parallel > 1 the warmed-up process forks that many copies, each looping over its share
    of the rows at the same time: what the machine gives k processes that do nothing else.
    """
    with app.app_context():
        rows = db.session.execute(
            select(OutboxMessage.message_id, OutboxMessage.payload, Department.key_fingerprint)
            .join(Department, Department.id == OutboxMessage.department_id)
            .where(OutboxMessage.id.in_(outbox_ids)).order_by(OutboxMessage.id)).all()
        db.session.rollback()
        keys = gateway_keys()

        def one(message_id: str, payload: dict, recipient: str) -> bytes:
            pdf = sealed_receipt(keys, payload_for(OutboxKind.SUBMISSION, payload))
            attachments = [Attachment("eingangsquittung.pdf", "application/pdf", pdf)]
            envelope = build_envelope(message_id, payload, attachments)
            return keys.keyring.sign_encrypt(envelope, signer=keys.gateway_fingerprint,
                                             recipients=[recipient])

        for row in rows[:WARM_UP]:
            one(*row)
        meter = CpuMeter()
        started = time.perf_counter()
        if parallel == 1:
            for row in rows:
                one(*row)
        else:
            loop_in_children(one, [rows[n::parallel] for n in range(parallel)])
        seconds = time.perf_counter() - started
    name = FLOOR if parallel == 1 else f"floor, {parallel} parallel"
    return Phase(name, parallel, len(rows), seconds, *meter.cores())


def loop_in_children(one, shares: list[list]) -> None:
    """Fork one child per share that runs `one` over it; wait for all, fail if one failed."""
    children = []
    for share in shares:
        pid = os.fork()
        if pid == 0:  # the child: loop, then leave without Flask's or Python's clean-up
            code = 0
            try:
                for row in share:
                    one(*row)
            except BaseException:  # reported through the exit code
                import traceback

                traceback.print_exc()
                code = 1
            os._exit(code)
        children.append(pid)
    failed = [pid for pid in children if os.waitpid(pid, 0)[1] != 0]
    if failed:
        raise SystemExit(f"floor: {len(failed)} of {len(children)} parallel loops failed")
