"""What the service does to disks: create, read, list, delete, measure and reap.

Threads, so the event loop never waits on the file system: one writer (every database write and
every directory create/remove, in order), two readers (lists, /config) and one worker (usage
measurement, emptying the trash). Reading one disk is a single indexed SQLite lookup and runs on
the loop itself: a thread hop would cost more than the query.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from datetime import datetime, timezone
from typing import TypeVar

from ..client.references import is_disk_id, name_problem
from .settings import ServiceSettings
from .store import DiskStore, NewDisk, UsageUpdate
from .usage import measure
from .validation import CreateRequest
from .volumes import Volumes

log = logging.getLogger(__name__)
T = TypeVar("T")


def iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, timezone.utc).isoformat(timespec="microseconds")


def _lookup(key: str) -> tuple[bool, bool]:
    """(could be an id, could be a name): anything else cannot name a disk."""
    return is_disk_id(key), name_problem(key) is None


class DiskOperations:
    """The disk operations of one service, over its store and volumes."""

    def __init__(
        self,
        store: DiskStore,
        volumes: Volumes,
        settings: ServiceSettings,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.volumes = volumes
        self.settings = settings
        self._clock = clock
        # Listing answers by (org, project): valid while no write happened since (every write
        # bumps the generation, after its commit) and no Pending disk can have turned Ready.
        # Sound because this process is the folder's only writer (see ownership.py).
        self._generation = 0
        self._last_create = clock()
        self._listings: dict[tuple[str, str | None], tuple[int, float, bytes]] = {}
        # Single-disk answers by (org, project, key), for the current generation only.
        self._answers: dict[tuple[str, str, str], bytes] = {}
        self._answers_generation = 0
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="disks-writer")
        self._reader = ThreadPoolExecutor(2, thread_name_prefix="disks-reader")
        self._worker = ThreadPoolExecutor(1, thread_name_prefix="disks-worker")

    async def _run(self, executor: Executor, func: Callable[..., T], *args: object) -> T:
        return await asyncio.get_running_loop().run_in_executor(executor, func, *args)

    def close(self) -> None:
        for executor in (self._writer, self._reader, self._worker):
            executor.shutdown(wait=True, cancel_futures=True)

    # -- requests -------------------------------------------------------------------------

    async def create(self, request: CreateRequest) -> str:
        """Create the disk and answer its JSON.

        Raises NameTaken, OverQuota, or OSError when its directory cannot be made (then no
        record is left either).
        """
        return await self._run(self._writer, self._create, request)

    def _create(self, request: CreateRequest) -> str:
        now = self._clock()
        disk = NewDisk(
            id=f"disk-{uuid.uuid4()}",
            org=request.org,
            project=request.project,
            name=request.name,
            owner=self.settings.user,
            storage=request.storage,
            life_span=request.life_span,
            created_at=iso(now),
            created_ts=now,
            ready_ts=now + self.settings.pending_seconds,
        )
        # Record first, then the directory: a crash in between leaves a record marked as being
        # created, which the start-up repair finishes. Never a directory without a record.
        self._last_create = now
        self.store.insert(disk, self.settings.quota_bytes)
        self._generation += 1
        try:
            self.volumes.create(disk.id)
        except OSError:
            self.store.delete(disk.org, disk.project, disk.id, by_name=False)
            self._generation += 1
            raise
        self.store.mark_created(disk.id)
        self._generation += 1
        found = self.store.get_json(disk.org, disk.project, disk.id, now, by_name=False)
        assert found is not None
        return found

    def get(self, org: str, project: str, key: str) -> bytes | None:
        """The disk's JSON, by id or else by name; None when there is no such disk."""
        if self._answers_generation != self._generation:
            self._answers = {}
            self._answers_generation = self._generation
        now = self._clock()
        fresh = self.settings.pending_seconds <= 0 or now >= self._last_create + (
            self.settings.pending_seconds
        )
        cached = self._answers.get((org, project, key)) if fresh else None
        if cached is not None:
            return cached
        maybe_id, maybe_name = _lookup(key)
        if not (maybe_id or maybe_name):
            return None
        generation = self._generation
        found = self.store.get_json(org, project, key, now, by_name=maybe_name)
        if found is None:
            return None
        body = found.encode()
        if fresh and generation == self._answers_generation and len(self._answers) < 100_000:
            self._answers[(org, project, key)] = body
        return body

    async def listing(self, org: str, project: str | None) -> bytes:
        """The JSON array of a project's disks (the org's when ``project`` is None)."""
        key = (org, project)
        cached = self._listings.get(key)
        if cached is not None and cached[0] == self._generation and self._clock() < cached[1]:
            return cached[2]
        generation = self._generation
        body = await self._run(self._reader, self._list, org, project)
        pending = self.settings.pending_seconds
        valid_until = self._last_create + pending if pending > 0 else float("inf")
        self._listings[key] = (generation, valid_until, body)
        return body

    def _list(self, org: str, project: str | None) -> bytes:
        return self.store.list_json(org, project, self._clock()).encode()

    async def projects(self) -> list[str]:
        return await self._run(self._reader, self.store.projects, self.settings.org)

    async def delete(self, org: str, project: str, key: str) -> bool:
        maybe_id, maybe_name = _lookup(key)
        if not (maybe_id or maybe_name):
            return False
        return await self._run(self._writer, self._delete, org, project, key, maybe_name)

    def _delete(self, org: str, project: str, key: str, by_name: bool) -> bool:
        # Record first (frees the name), then the directory: a crash in between leaves a
        # directory without a record, which the start-up repair removes.
        disk_id = self.store.delete(org, project, key, by_name=by_name)
        if disk_id is None:
            return False
        self._generation += 1
        self._discard(disk_id)
        return True

    def _discard(self, disk_id: str) -> None:
        trashed = self.volumes.discard(disk_id)
        if trashed is not None:
            self._worker.submit(self.volumes.purge, trashed)

    # -- background -----------------------------------------------------------------------

    async def refresh_usage(self, ids: Sequence[str] | None = None) -> None:
        """Measure every disk (or those of ``ids``) and store used bytes, last use, Broken."""
        updates = await self._run(self._worker, self._measure, ids)
        if updates:
            await self._run(self._writer, self._apply_usage, updates)

    def _apply_usage(self, updates: list[UsageUpdate]) -> None:
        self.store.apply_usage(updates)
        self._generation += 1

    def _measure(self, ids: Sequence[str] | None) -> list[UsageUpdate]:
        updates = []
        for target in self.store.usage_targets(ids):
            usage = measure(self.volumes.path(target.id), target.created_ts)
            if usage is None:
                if not target.broken:
                    log.warning("Disk %s lost its directory; it is now Broken.", target.id)
                    updates.append(UsageUpdate(target.id, target.used_bytes, None, None, True))
                continue
            newest = usage.newest_change
            newer = newest is not None and (
                target.last_usage_ts is None or newest > target.last_usage_ts
            )
            if newer or target.broken or usage.used_bytes != target.used_bytes:
                updates.append(
                    UsageUpdate(
                        target.id,
                        usage.used_bytes,
                        iso(newest) if newer and newest is not None else None,
                        newest if newer else None,
                        False,
                    )
                )
        return updates

    async def reap(self) -> list[str]:
        """Delete the disks unused past their life span; their ids."""
        candidates = await self._run(self._reader, self.store.expired, self._clock())
        if not candidates:
            return []
        # A write since the last measurement is a use: measure before deciding.
        await self.refresh_usage(candidates)
        return await self._run(self._writer, self._reap, candidates, self._clock())

    def _reap(self, candidates: list[str], now: float) -> list[str]:
        reaped = []
        for disk_id in candidates:
            if self.store.delete_if_expired(disk_id, now):
                self._generation += 1
                self._discard(disk_id)
                reaped.append(disk_id)
                log.info("Deleted disk %s: unused past its life span.", disk_id)
        return reaped

    async def empty_trash(self) -> int:
        return await self._run(self._worker, self.volumes.empty_trash)
