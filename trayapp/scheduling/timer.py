"""The in-memory wake-up timer: one APScheduler 'date' job at the next reminder's instant.

APScheduler is only a cache of "when to look next". The job keeps nothing and decides nothing:
it calls ``on_due``, which announces (a Qt signal) so the GUI thread runs the sweep. The job
store is in memory and rebuilt by :meth:`WakeTimer.arm` after every change; a misfire is never
dropped (``misfire_grace_time=None``) and late runs coalesce into one.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime

from apscheduler.jobstores.base import JobLookupError
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.background import BackgroundScheduler

__all__ = ["WakeTimer"]

JOB_ID = "wake"
log = logging.getLogger(__name__)


class WakeTimer:
    """Calls ``on_due`` (on a worker thread) at the instant last given to :meth:`arm`."""

    def __init__(self, on_due: Callable[[], None]) -> None:
        self._on_due = on_due
        self._lock = threading.Lock()
        self._scheduler = BackgroundScheduler(
            jobstores={"default": MemoryJobStore()},
            job_defaults={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
            timezone=UTC,
            daemon=True,
        )
        self._scheduler.start()
        self._armed_at: datetime | None = None

    @property
    def armed_at(self) -> datetime | None:
        """The instant the timer fires next, or None when it is idle."""
        job = self._scheduler.get_job(JOB_ID)
        return self._armed_at if job is not None else None

    def arm(self, at: datetime | None) -> None:
        """Fire once at ``at`` (aware), replacing any earlier arming; None disarms."""
        if at is not None and at.tzinfo is None:
            raise ValueError("the wake-up instant must be aware")
        with self._lock:
            if not self._scheduler.running:
                return
            self._armed_at = at
            if at is None:
                # The scheduler thread removes a fired job itself, so it may already be gone.
                with contextlib.suppress(JobLookupError):
                    self._scheduler.remove_job(JOB_ID)
                return
            # One call, atomic under the scheduler's own lock: no gap for its thread to run in.
            self._scheduler.add_job(
                self._fire, "date", run_date=at.astimezone(UTC), id=JOB_ID, replace_existing=True
            )
        log.debug("wake timer armed for %s", at.astimezone(UTC).isoformat())

    def _fire(self) -> None:
        try:
            self._on_due()
        except Exception:  # a bug in the announcer must not kill the scheduler thread
            log.exception("wake timer callback failed")

    def shutdown(self) -> None:
        """Stop the scheduler thread; the timer never fires afterwards."""
        with self._lock:
            if self._scheduler.running:
                # Emptying the store first waits out a pass of the scheduler thread that is under
                # way (it holds the store lock); a later pass finds nothing to run or remove. A
                # bare shutdown can stop the scheduler between running a fired job and removing
                # it, and its thread then dies on a JobLookupError.
                self._scheduler.remove_all_jobs()
                self._scheduler.shutdown(wait=False)
            self._armed_at = None
