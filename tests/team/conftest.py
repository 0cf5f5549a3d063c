"""One PostgreSQL cluster for the whole session; a fresh database for each test."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator

import psycopg
import pytest

from tests.team.cluster import Cluster, running_cluster, server_bin

_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def cluster() -> Iterator[Cluster]:
    if server_bin() is None:
        if os.environ.get("TRAYAPP_REQUIRE_PG") == "1":
            pytest.fail("PostgreSQL's server is not installed (.ci/install-system-deps.sh)")
        pytest.skip("PostgreSQL's server is not installed")
    with running_cluster() as started:
        yield started


@pytest.fixture
def team_db(cluster: Cluster) -> str:
    """The owner's address of a new, empty database."""
    name = f"team{next(_numbers)}_{os.getpid()}"
    with psycopg.connect(cluster.dsn("postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return cluster.dsn(name)
