"""The panel's requests, as calls the session runs on its loop thread (``fn(client)``)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Sequence
from typing import TYPE_CHECKING, TypeVar

from ..client.disk import Disk
from ..client.errors import DisksError

if TYPE_CHECKING:
    from ..client.connection import Client
    from .panel_requests import CreateRequest
    from .session import ClientCall, ConnectionDescription, Session

T = TypeVar("T")
Outcome = tuple[str, Disk | None, BaseException | None]
Listing = tuple["ConnectionDescription", list[Disk], str]
# Many Pending disks (or deletes) at once must not open hundreds of connections.
CONCURRENCY = 8


async def _limited(limit: asyncio.Semaphore, call: Awaitable[T]) -> T:
    async with limit:
        return await call


def fetch_call(session: Session, scope: str | None) -> ClientCall[Listing]:
    """Where the session is connected, and the disks of ``scope`` ("" = all, None = current)."""

    async def fetch(client: Client) -> Listing:
        # Projects come and go (another kernel, the CLI): re-read them on every refresh.
        await client.refresh_config()
        # The same description `%disks status` prints, made on the loop (no blocking).
        description: ConnectionDescription = await session.describe_on_loop(client)
        project = (description.project_name or "") if scope is None else scope
        async with client.disks.list(project_name=project or None) as listing:
            found = [disk async for disk in listing]
        return description, found, project

    return fetch


def create_call(request: CreateRequest, project: str | None) -> ClientCall[Disk]:
    async def create(client: Client) -> Disk:
        disk: Disk = await client.disks.create(
            request.storage,
            life_span=request.timeout_unused,
            name=request.name,
            project_name=request.project or project,
        )
        return disk

    return create


def remove_call(
    targets: Sequence[tuple[str, Disk | None]], scope: str | None
) -> ClientCall[list[Outcome]]:
    """Delete every target, each failure kept with its disk; a None disk is looked up first."""

    async def remove_one(client: Client, label: str, disk: Disk | None) -> Outcome:
        try:
            if disk is None:
                disk = await client.disks.get(label, project_name=scope)
            await client.disks.rm(disk.id, project_name=disk.project_name, org_name=disk.org_name)
        except (DisksError, OSError, asyncio.TimeoutError) as exc:
            return label, disk, exc
        return label, disk, None

    async def remove(client: Client) -> list[Outcome]:
        limit = asyncio.Semaphore(CONCURRENCY)
        return list(
            await asyncio.gather(*(_limited(limit, remove_one(client, *t)) for t in targets))
        )

    return remove


def poll_call(
    pending: list[Disk], delay: float
) -> ClientCall[list[tuple[Disk, Disk | BaseException]]]:
    """After ``delay`` seconds, each Pending disk as the service sees it now (or the error)."""

    async def poll(client: Client) -> list[tuple[Disk, Disk | BaseException]]:
        await asyncio.sleep(delay)
        limit = asyncio.Semaphore(CONCURRENCY)
        results = await asyncio.gather(
            *(
                _limited(
                    limit,
                    client.disks.get(d.id, project_name=d.project_name, org_name=d.org_name),
                )
                for d in pending
            ),
            return_exceptions=True,
        )
        return list(zip(pending, results, strict=True))

    return poll


__all__ = [
    "CONCURRENCY",
    "Listing",
    "Outcome",
    "create_call",
    "fetch_call",
    "poll_call",
    "remove_call",
]
