"""Disk records in SQLite: the source of truth, shared safely by every process on the folder.

Each thread gets its own connection. The database renders the platform's disk JSON itself
(``json_object``), so reading a disk or listing ten thousand never builds Python dicts.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

_SCHEMA_VERSION = 1
_SCHEMA = (
    """
CREATE TABLE IF NOT EXISTS disks (
    id TEXT PRIMARY KEY NOT NULL,
    org TEXT NOT NULL,
    project TEXT NOT NULL,
    name TEXT,
    owner TEXT NOT NULL,
    storage INTEGER NOT NULL,
    life_span REAL,
    created_at TEXT NOT NULL,
    created_ts REAL NOT NULL,
    ready_ts REAL NOT NULL,
    last_usage TEXT,
    last_usage_ts REAL,
    used_bytes INTEGER,
    broken INTEGER NOT NULL DEFAULT 0,
    creating INTEGER NOT NULL DEFAULT 1
)
    """,
    """
CREATE UNIQUE INDEX IF NOT EXISTS disks_name ON disks (org, project, name)
    WHERE name IS NOT NULL
    """,
    """
CREATE INDEX IF NOT EXISTS disks_project ON disks (org, project, created_ts)
    """,
    # Per-project totals, kept by triggers in the same transaction as the change, so that the
    # quota check and the project list never scan a project's disks.
    """
CREATE TABLE IF NOT EXISTS projects (
    org TEXT NOT NULL,
    project TEXT NOT NULL,
    disks INTEGER NOT NULL,
    storage INTEGER NOT NULL,
    PRIMARY KEY (org, project)
)
    """,
    """
CREATE TRIGGER IF NOT EXISTS disks_added AFTER INSERT ON disks BEGIN
    INSERT INTO projects (org, project, disks, storage)
    VALUES (NEW.org, NEW.project, 1, NEW.storage)
    ON CONFLICT (org, project) DO UPDATE SET
        disks = disks + 1, storage = storage + NEW.storage;
END
    """,
    """
CREATE TRIGGER IF NOT EXISTS disks_removed AFTER DELETE ON disks BEGIN
    UPDATE projects SET disks = disks - 1, storage = storage - OLD.storage
    WHERE org = OLD.org AND project = OLD.project;
END
    """,
)


# A record still being created is Pending: its directory may not exist yet.
_DISK_JSON = """json_object(
    'id', id, 'storage', storage,
    'status', CASE WHEN broken THEN 'Broken'
                   WHEN creating OR ready_ts > :now THEN 'Pending' ELSE 'Ready' END,
    'owner', owner, 'name', name, 'org_name', org, 'project_name', project,
    'created_at', created_at, 'last_usage', last_usage, 'life_span', life_span,
    'used_bytes', used_bytes)"""

_EXPIRED = (
    "creating = 0 AND life_span IS NOT NULL "
    "AND COALESCE(last_usage_ts, created_ts) + life_span <= :now"
)


class NameTaken(Exception):
    """Another disk of the project already has this name."""


class OverQuota(Exception):
    """The project's disks would together exceed the quota."""


@dataclass(frozen=True)
class NewDisk:
    id: str
    org: str
    project: str
    name: str | None
    owner: str
    storage: int
    life_span: float | None
    created_at: str
    created_ts: float
    ready_ts: float


@dataclass(frozen=True)
class UsageTarget:
    """What the usage monitor needs to know about one disk."""

    id: str
    created_ts: float
    last_usage_ts: float | None
    used_bytes: int | None
    broken: bool


@dataclass(frozen=True)
class UsageUpdate:
    id: str
    used_bytes: int | None
    last_usage: str | None
    last_usage_ts: float | None
    broken: bool


class DiskStore:
    """The ``disks`` table. Every method is blocking; call it from a thread you own."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        conn = self._conn()
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("BEGIN IMMEDIATE")
        try:
            (version,) = conn.execute("PRAGMA user_version").fetchone()
            if version < _SCHEMA_VERSION:
                for statement in _SCHEMA:
                    conn.execute(statement)
                conn.execute(
                    "INSERT OR REPLACE INTO projects (org, project, disks, storage) "
                    "SELECT org, project, COUNT(*), SUM(storage) FROM disks GROUP BY org, project"
                )
                conn.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(
                self._path, isolation_level=None, check_same_thread=False, timeout=10.0
            )
            # NORMAL keeps every commit across a process crash (the WAL is written
            # before COMMIT returns); only a power cut could lose the last ones.
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA busy_timeout=10000")
            self._local.conn = conn
            with self._guard:
                self._connections.append(conn)
        return conn

    def close(self) -> None:
        with self._guard:
            connections, self._connections = self._connections, []
        for conn in connections:
            conn.close()

    # -- writes ---------------------------------------------------------------------------

    def insert(self, disk: NewDisk, quota_bytes: int) -> None:
        """Add ``disk`` as being created, unless its name is taken or the quota is exceeded."""
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            if (
                disk.name is not None
                and conn.execute(
                    "SELECT 1 FROM disks WHERE org = ? AND project = ? AND name = ?",
                    (disk.org, disk.project, disk.name),
                ).fetchone()
            ):
                raise NameTaken(disk.name)
            row = conn.execute(
                "SELECT storage FROM projects WHERE org = ? AND project = ?",
                (disk.org, disk.project),
            ).fetchone()
            if (row[0] if row else 0) + disk.storage > quota_bytes:
                raise OverQuota(disk.project)
            try:
                conn.execute(
                    "INSERT INTO disks (id, org, project, name, owner, storage, life_span, "
                    "created_at, created_ts, ready_ts, used_bytes, creating) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 1)",
                    (
                        disk.id,
                        disk.org,
                        disk.project,
                        disk.name,
                        disk.owner,
                        disk.storage,
                        disk.life_span,
                        disk.created_at,
                        disk.created_ts,
                        disk.ready_ts,
                    ),
                )
            except sqlite3.IntegrityError:
                raise NameTaken(disk.name) from None
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def mark_created(self, disk_id: str) -> None:
        self._conn().execute("UPDATE disks SET creating = 0 WHERE id = ?", (disk_id,))

    def delete(self, org: str, project: str, key: str, *, by_name: bool) -> str | None:
        """Remove the disk with id ``key`` (or, if ``by_name``, named ``key``); its id or None."""
        conn = self._conn()
        row = conn.execute(
            "DELETE FROM disks WHERE id = ? AND org = ? RETURNING id", (key, org)
        ).fetchone()
        if row is None and by_name:
            row = conn.execute(
                "DELETE FROM disks WHERE org = ? AND project = ? AND name = ? RETURNING id",
                (org, project, key),
            ).fetchone()
        return None if row is None else str(row[0])

    def delete_if_expired(self, disk_id: str, now: float) -> bool:
        row = (
            self._conn()
            .execute(
                f"DELETE FROM disks WHERE id = :id AND {_EXPIRED} RETURNING id",  # noqa: S608
                {"id": disk_id, "now": now},
            )
            .fetchone()
        )
        return row is not None

    def apply_usage(self, updates: Iterable[UsageUpdate]) -> None:
        """Store measurements; ``last_usage`` only ever moves forward."""
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany(
                "UPDATE disks SET used_bytes = :used_bytes, broken = :broken, "
                "last_usage = CASE WHEN :last_usage_ts IS NOT NULL AND (last_usage_ts IS NULL "
                "  OR :last_usage_ts > last_usage_ts) THEN :last_usage ELSE last_usage END, "
                "last_usage_ts = CASE WHEN :last_usage_ts IS NOT NULL AND (last_usage_ts IS NULL "
                "  OR :last_usage_ts > last_usage_ts) THEN :last_usage_ts ELSE last_usage_ts END "
                "WHERE id = :id AND creating = 0",
                (
                    {
                        "id": update.id,
                        "used_bytes": update.used_bytes,
                        "broken": int(update.broken),
                        "last_usage": update.last_usage,
                        "last_usage_ts": update.last_usage_ts,
                    }
                    for update in updates
                ),
            )
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def set_broken(self, disk_id: str, broken: bool) -> None:
        self._conn().execute("UPDATE disks SET broken = ? WHERE id = ?", (int(broken), disk_id))

    # -- reads ----------------------------------------------------------------------------

    def get_json(
        self, org: str, project: str, key: str, now: float, *, by_name: bool
    ) -> str | None:
        """The disk JSON of id ``key`` in ``org`` (or, if ``by_name``, named ``key`` in
        ``project``), or None."""
        conn = self._conn()
        row = conn.execute(
            f"SELECT {_DISK_JSON} FROM disks WHERE id = :key AND org = :org",  # noqa: S608
            {"key": key, "org": org, "now": now},
        ).fetchone()
        if row is None and by_name:
            row = conn.execute(
                f"SELECT {_DISK_JSON} FROM disks "  # noqa: S608
                "WHERE org = :org AND project = :project AND name = :key",
                {"key": key, "org": org, "project": project, "now": now},
            ).fetchone()
        return None if row is None else str(row[0])

    def list_json(self, org: str, project: str | None, now: float) -> str:
        """A JSON array of the disks of ``project`` (every project of ``org`` when None)."""
        params = {"org": org, "project": project, "now": now}
        where = "org = :org" if project is None else "org = :org AND project = :project"
        rows = (
            self._conn()
            .execute(
                f"SELECT {_DISK_JSON} FROM disks WHERE {where} "  # noqa: S608
                "ORDER BY created_ts, id",
                params,
            )
            .fetchall()
        )
        return "[" + ",".join([row[0] for row in rows]) + "]"

    def projects(self, org: str) -> list[str]:
        rows = self._conn().execute(
            "SELECT project FROM projects WHERE org = ? AND disks > 0 ORDER BY project", (org,)
        )
        return [str(row[0]) for row in rows]

    def usage_targets(self, ids: Sequence[str] | None = None) -> list[UsageTarget]:
        query = "SELECT id, created_ts, last_usage_ts, used_bytes, broken FROM disks "
        query += "WHERE creating = 0"
        conn = self._conn()
        if ids is None:
            rows = conn.execute(query).fetchall()
        else:
            rows = [
                row
                for disk_id in ids
                for row in conn.execute(query + " AND id = ?", (disk_id,)).fetchall()
            ]
        return [
            UsageTarget(
                id=row[0],
                created_ts=row[1],
                last_usage_ts=row[2],
                used_bytes=row[3],
                broken=bool(row[4]),
            )
            for row in rows
        ]

    def expired(self, now: float) -> list[str]:
        rows = self._conn().execute(
            f"SELECT id FROM disks WHERE {_EXPIRED}",  # noqa: S608
            {"now": now},
        )
        return [str(row[0]) for row in rows]

    def states(self) -> dict[str, tuple[bool, bool]]:
        """Every disk id with (being created, broken): what the start-up repair checks."""
        rows = self._conn().execute("SELECT id, creating, broken FROM disks")
        return {str(row[0]): (bool(row[1]), bool(row[2])) for row in rows}
