"""A ledger writer to be killed: ``python tests/durability/writer.py DATA_DIR COUNT``.

It opens the ledger as the app does, prints ``READY``, then makes up to COUNT writes,
alternating a new promise (the promise and its 'created' event in one transaction) and a
logged touch. After each transaction has committed it prints ``ACK <n> promise|touch <id>``
and flushes, so every acknowledged write is one the ledger said was saved.
"""

from __future__ import annotations

import sys
from datetime import timedelta

from trayapp.core.model import Channel, Contact, Direction
from trayapp.ledger.opening import open_ledger
from trayapp.services import contacts, promises, touches
from trayapp.services.context import Context

CONTACT = "Durability Harness"


def _contact(ctx: Context) -> Contact:
    """A fresh contact for this run (adding one needs no read of earlier rows)."""
    return contacts.add_contact(ctx, Contact(CONTACT))


def main(argv: list[str]) -> int:
    data_dir, count = argv[0], int(argv[1])
    with open_ledger(data_dir) as opened:
        ctx = opened.ctx
        person = _contact(ctx)
        print("READY", flush=True)
        for n in range(count):
            if n % 2 == 0:
                due = ctx.now() + timedelta(days=7)
                saved = promises.make_promise(ctx, person, f"write {n}", due)
                print(f"ACK {n} promise {saved.id}", flush=True)
            else:
                logged = touches.log_touch(ctx, person, Channel.EMAIL, Direction.INBOUND)
                print(f"ACK {n} touch {logged.touch.id}", flush=True)
    print("DONE", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
