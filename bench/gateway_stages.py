"""A gateway worker with wall-clock timers around the delivery job's stages (bench only).

`python bench/gateway_stages.py DIR` runs `flask --app buergerbuero gateway worker --burst` in
this process after wrapping the job's functions (no gateway code changes), and writes the seconds
spent per stage and the call counts to DIR/stages-<pid>.json at exit. bench/gateway.py --stages
uses it; the timers cost microseconds per call. The reading side (collect_totals, report_stages)
lives here too, next to the file format it reads; importing this module starts no timers.
"""

from __future__ import annotations

import atexit
import collections
import functools
import json
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.floor import Phase

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SECONDS: collections.Counter[str] = collections.Counter()
CALLS: collections.Counter[str] = collections.Counter()
STARTED = time.perf_counter()


def timed(owner: object, attribute: str, label: str) -> None:
    """Replace owner.attribute with a wrapper that adds its wall-clock time to `label`."""
    original = getattr(owner, attribute, None)
    if original is None:  # the job was refactored: time what is still there
        print(f"gateway_stages: no {attribute} to time", file=sys.stderr)
        return

    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            SECONDS[label] += time.perf_counter() - started
            CALLS[label] += 1

    setattr(owner, attribute, wrapper)


def install() -> None:
    """Wrap the stages of mailgateway.jobs.deliver and what rq does around it."""
    from rq.worker.base import BaseWorker
    from sqlalchemy.orm import Session

    import mailgateway.jobs as jobs
    import mailgateway.seal as seal
    from mailgateway.transports.postfach import PostfachTransport
    from signing.detached import DetachedSigner
    from signing.openpgp import Keyring
    from signing.pades import PadesSigner

    timed(BaseWorker, "perform_job", "rq perform_job")
    timed(jobs, "deliver", "deliver")
    timed(jobs, "claim", "claim (UPDATE, commit)")
    timed(jobs, "hand_over", "hand_over")
    timed(jobs, "sealed_document", "sealed_document (the receipt)")
    timed(seal, "render_receipt", "render_receipt (reportlab)")
    timed(PadesSigner, "sign", "PadesSigner.sign (pyhanko)")
    timed(jobs, "build_envelope", "build_envelope")
    timed(Keyring, "sign_encrypt", "Keyring.sign_encrypt (gpg)")
    timed(jobs, "sign_receipt", "sign_receipt")
    timed(DetachedSigner, "sign", "DetachedSigner.sign (in process)")
    timed(PostfachTransport, "deliver", "postfach deliver (adds the entry)")
    timed(jobs, "record_delivery", "record_delivery (rows, commit)")
    timed(Session, "commit", "Session.commit (all)")


OUTPUT: list[Path] = []


@atexit.register
def dump() -> None:
    """Write the totals to the folder named on the command line."""
    for folder in OUTPUT:
        totals = {"process_seconds": time.perf_counter() - STARTED, "seconds": dict(SECONDS),
                  "calls": dict(CALLS)}
        (folder / f"stages-{os.getpid()}.json").write_text(json.dumps(totals))


def collect_totals(folder: Path) -> dict:
    """Return the totals of all stages-*.json files in `folder`, summed over the workers."""
    total: dict = {"process_seconds": 0.0, "seconds": {}, "calls": {}}
    for path in folder.glob("stages-*.json"):
        part = json.loads(path.read_text())
        total["process_seconds"] += part["process_seconds"]
        for key in ("seconds", "calls"):
            for name, value in part[key].items():
                total[key][name] = total[key].get(name, 0) + value
    return total


def report_stages(phase: Phase, stages: dict, floor: Phase) -> None:
    """Print where one worker's time went, per delivered row, beside the floor's ms/item."""
    jobs = stages["calls"].get("deliver", 0) or 1
    print()
    print(f"stages, {phase.name} ({phase.items} rows, {phase.per_process:.1f}/s per process "
          f"with timers; {floor.name} {1000 / floor.per_second:.1f} ms/item): wall ms per row "
          f"in its process")
    wall = stages["process_seconds"]
    print(f"  {'process wall time (incl. start-up)':34} {1000 * wall / jobs:7.2f}")
    for name, seconds in sorted(stages["seconds"].items(), key=lambda item: -item[1]):
        print(f"  {name:34} {1000 * seconds / jobs:7.2f}  ({stages['calls'][name]} calls)")


def main() -> None:
    """Install the timers and run the gateway worker in burst mode."""
    OUTPUT.append(Path(sys.argv[1]))
    install()
    from flask.cli import main as flask_main

    sys.argv = ["flask", "--app", "buergerbuero", "gateway", "worker", "--burst"]
    flask_main()


if __name__ == "__main__":
    main()
