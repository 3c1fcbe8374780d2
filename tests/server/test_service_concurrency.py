"""Concurrent requests: name uniqueness and counts hold under contention."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import aiohttp
from server_http import Api

from apolo_disks_jupyter.server import LocalDiskService


async def _post(api: Api, **fields: object) -> int:
    body = {
        "storage": 1,
        "life_span": None,
        "name": None,
        "project_name": "default",
        "org_name": "local",
    }
    body.update(fields)
    async with api.session.post(f"{api.url}/disk", json=body, headers=api.auth) as reply:
        await reply.read()
        return reply.status


async def test_32_concurrent_creates_of_one_name_make_one_disk(
    api: Api, local_service: LocalDiskService
) -> None:
    statuses = await asyncio.gather(*(_post(api, name="only-one") for _ in range(32)))
    assert Counter(statuses) == {201: 1, 409: 31}
    listed = await api.list()
    assert len(listed) == 1
    volumes = list((local_service.data_dir / "volumes").iterdir())
    assert [entry.name for entry in volumes] == [listed[0]["id"]]


async def test_concurrent_creates_and_deletes_keep_records_and_directories_in_step(
    api: Api, local_service: LocalDiskService
) -> None:
    created = await asyncio.gather(*(api.create(name=f"disk-{i}") for i in range(40)))
    doomed = [disk["id"] for disk in created[::2]]
    await asyncio.gather(*(api.delete(disk_id) for disk_id in doomed))
    listed = {disk["id"] for disk in await api.list()}
    assert listed == {disk["id"] for disk in created[1::2]}
    entries = {entry.name for entry in (local_service.data_dir / "volumes").iterdir()}
    assert entries == listed


async def test_concurrent_creates_never_exceed_the_quota(
    tmp_path: Path, http: aiohttp.ClientSession
) -> None:
    async with LocalDiskService(tmp_path / "q", quota_bytes=10) as service:
        api = Api(http, service.url, service.token)
        statuses = await asyncio.gather(*(_post(api, storage=3) for _ in range(10)))
        assert Counter(statuses) == {201: 3, 403: 7}
