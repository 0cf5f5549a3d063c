"""The team ledger at scale: 50 recruiters and 1,000,000 team touches.

- verdict: a contact judged on a desktop whose copy of the team ledger holds 1,000,000
  teammates' touches, against the same desktop alone (no team touches); ratio <= 2, < 5 ms.
- pull: a day of the team's touches (5,000) fetched from a PostgreSQL server holding
  1,000,000, into a desktop's ledger; < 1 s. The server's plan for the pull is printed (it
  must be an index scan, not a scan of the table).

The server is a throw-away cluster of the machine's PostgreSQL (skipped, and said so, where
there is none).
"""

from __future__ import annotations

import io
import random
import sqlite3
import statistics
import time
import uuid
from datetime import datetime, timedelta

from benchmarks.bench import Bench, now_utc, say
from benchmarks.ledgers import Size, build, context
from benchmarks.table import Row, info_row, limit_row, ratio_row
from trayapp.services.verdicts import verdict_for
from trayapp.store.rows import to_micros

GROUP = "team"
RECRUITERS = 50
TEAM_TOUCHES, TINY_TEAM_TOUCHES = 1_000_000, 20_000
DAY_OF_TOUCHES = 5_000
SIZE = Size("team-desktop", contacts=5_000, touches=100_000, promises=10_000)
TINY_SIZE = Size("team-desktop", contacts=200, touches=2_000, promises=500)


TeamRow = tuple[str, int, str, str, str, str, datetime]


def _team_rows(count: int, contacts: int, seed: int) -> list[TeamRow]:
    """Teammates' outbound touches over two years, to the desktop's own contacts' e-mails."""
    rng, now = random.Random(seed), now_utc()
    rows: list[TeamRow] = []
    for seq in range(1, count + 1):
        at = now - timedelta(seconds=rng.uniform(0, 730 * 86_400))
        who = rng.randrange(contacts)
        rows.append(
            (
                str(uuid.uuid4()),
                seq,
                f"r{rng.randrange(RECRUITERS)}",
                f"person{who}@example.com",
                "call",
                "out",
                at,
            )
        )
    return rows


def _judge_ms(conn: sqlite3.Connection, contacts: int, samples: int, seed: int) -> list[float]:
    ctx = context(conn)
    rng, spent = random.Random(seed), []
    for _ in range(samples):
        contact = ctx.ledger.get_contact(rng.randrange(contacts) + 1)
        assert contact is not None
        started = time.perf_counter()
        verdict_for(ctx, contact)
        spent.append((time.perf_counter() - started) * 1000)
    return spent


def verdicts(bench: Bench) -> list[Row]:
    size = TINY_SIZE if bench.tiny else SIZE
    count = TINY_TEAM_TOUCHES if bench.tiny else TEAM_TOUCHES
    solo = build(bench.work / "team-solo.sqlite3", size, bench.seed, now_utc())
    team = build(bench.work / "team-team.sqlite3", size, bench.seed, now_utc())
    started = time.perf_counter()
    team.execute("BEGIN")
    team.executemany(
        "INSERT INTO team_touches (uid, seq, author, email_key, channel, direction, at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(*r[:6], to_micros(r[6])) for r in _team_rows(count, size.contacts, bench.seed)],
    )
    team.execute("COMMIT")
    team.execute("ANALYZE")
    say(
        f"team: {count:,} team touches copied to a desktop in {time.perf_counter() - started:.1f} s"
    )
    samples = 100 if bench.tiny else 1000
    ours = statistics.median(_judge_ms(team, size.contacts, samples, bench.seed))
    base = statistics.median(_judge_ms(solo, size.contacts, samples, bench.seed))
    solo.close()
    team.close()
    note = f"{size.describe()}; {count:,} teammates' touches from {RECRUITERS} recruiters"
    return [
        ratio_row(
            GROUP,
            f"verdict with {count:,} team touches vs alone",
            "ms",
            ours,
            base,
            limit=2,
            note=note,
        ),
        limit_row(GROUP, "verdict with the team, median", "ms", ours, None, limit=5, strict=True),
    ]


def pull(bench: Bench) -> list[Row]:
    from tests.team.cluster import running_cluster, server_bin

    if server_bin() is None:
        say("team: no PostgreSQL here, so the pull is not measured")
        return []
    import psycopg

    from trayapp.store.team_server import init_server
    from trayapp.store.team_sync import CURSOR, sync

    count = TINY_TEAM_TOUCHES if bench.tiny else TEAM_TOUCHES
    with running_cluster() as cluster:
        with psycopg.connect(cluster.dsn("postgres"), autocommit=True) as conn:
            conn.execute("CREATE DATABASE bench")
        owner = cluster.dsn("bench")
        init_server(owner)
        started = time.perf_counter()
        _fill_server(owner, count, bench.seed)
        say(f"team: server filled with {count:,} touches in {time.perf_counter() - started:.1f} s")
        desk = build(bench.work / "team-pull.sqlite3", TINY_SIZE, bench.seed, now_utc())
        desk.execute("DELETE FROM team_outbox")  # only the pull is measured
        desk.execute(
            "INSERT INTO app_state (name, value) VALUES (?, ?)",
            (CURSOR, str(count - DAY_OF_TOUCHES)),
        )
        started = time.perf_counter()
        result = sync(desk, owner)
        took = time.perf_counter() - started
        desk.close()
        with psycopg.connect(owner) as conn:
            plan = conn.execute(
                "EXPLAIN SELECT * FROM team_touches WHERE seq > %s AND author <> current_user"
                " ORDER BY seq LIMIT 1000",
                (count - DAY_OF_TOUCHES,),
            ).fetchall()
    lines = [str(p[0]).strip() for p in plan]
    scan = next((line for line in lines if "Scan" in line), "")
    say("team: the server's plan for a pull:\n  " + "\n  ".join(lines))
    assert result.pulled == DAY_OF_TOUCHES, result
    return [
        limit_row(
            GROUP,
            f"pull a day ({DAY_OF_TOUCHES:,}) of {count:,} team touches",
            "s",
            took,
            None,
            limit=1,
            strict=True,
            note=f"server plan: {scan}",
        ),
        info_row(
            GROUP, "the pull's plan uses the seq index", "yes=1", float("Index" in scan), None
        ),
    ]


def _fill_server(owner: str, count: int, seed: int) -> None:
    import psycopg

    with psycopg.connect(owner) as conn, conn.cursor() as cursor:
        with cursor.copy(
            "COPY team_touches (uid, author, email_key, channel, direction, at) FROM STDIN"
        ) as copy:
            buffer = io.StringIO()
            for uid, _seq, author, email, channel, direction, at in _team_rows(count, 5_000, seed):
                buffer.write(
                    f"{uid}\t{author}\t{email}\t{channel}\t{direction}\t{at.isoformat()}\n"
                )
            copy.write(buffer.getvalue())
        conn.execute("ANALYZE team_touches")


def run(bench: Bench) -> list[Row]:
    return verdicts(bench) + pull(bench)
