"""Pending then Ready, usage measurement, Broken, the reaper and the idle timeout."""

from __future__ import annotations

import asyncio
import os
import shutil
import time
from datetime import datetime
from pathlib import Path

import aiohttp
import pytest
from server_http import Api

from apolo_disks_jupyter.server import LocalDiskService


async def test_pending_seconds_keep_a_new_disk_pending_then_ready(
    tmp_path: Path, http: aiohttp.ClientSession
) -> None:
    async with LocalDiskService(tmp_path / "svc", pending_seconds=1.0) as service:
        api = Api(http, service.url, service.token)
        disk = await api.create(name="slow-disk")
        assert disk["status"] == "Pending"
        assert (await api.get("slow-disk"))["status"] == "Pending"
        assert [d["status"] for d in await api.list()] == ["Pending"]
        await asyncio.sleep(1.1)
        assert (await api.get("slow-disk"))["status"] == "Ready"
        assert [d["status"] for d in await api.list()] == ["Ready"]


async def test_used_bytes_counts_the_files_inside(
    api: Api, local_service: LocalDiskService
) -> None:
    disk = await api.create()
    assert disk["used_bytes"] == 0
    folder = local_service.data_dir / "volumes" / disk["id"]
    (folder / "sub" / "deeper").mkdir(parents=True)
    (folder / "a.bin").write_bytes(b"x" * 12345)
    (folder / "sub" / "deeper" / "b.bin").write_bytes(b"y" * 1000)
    os.link(folder / "a.bin", folder / "sub" / "a-again.bin")  # a hard link counts once
    outside = local_service.data_dir.parent / "outside.bin"
    outside.write_bytes(b"z" * 50000)
    (folder / "link").symlink_to(outside)  # never followed
    await local_service.refresh_usage()
    assert (await api.get(disk["id"]))["used_bytes"] == 13345


async def test_last_usage_is_set_after_writing_a_file(
    api: Api, local_service: LocalDiskService
) -> None:
    disk = await api.create()
    await local_service.refresh_usage()
    assert (await api.get(disk["id"]))["last_usage"] is None
    written = local_service.data_dir / "volumes" / disk["id"] / "notes.txt"
    written.write_text("hello")
    await local_service.refresh_usage()
    last_usage = (await api.get(disk["id"]))["last_usage"]
    assert last_usage is not None
    assert last_usage.endswith("+00:00")
    moment = datetime.fromisoformat(last_usage).timestamp()
    assert moment == pytest.approx(written.stat().st_mtime, abs=1e-3)


async def test_last_usage_never_moves_back(api: Api, local_service: LocalDiskService) -> None:
    disk = await api.create()
    written = local_service.data_dir / "volumes" / disk["id"] / "notes.txt"
    written.write_text("hello")
    await local_service.refresh_usage()
    first = (await api.get(disk["id"]))["last_usage"]
    os.utime(written, (time.time() - 3600, time.time() - 3600))
    await local_service.refresh_usage()
    assert (await api.get(disk["id"]))["last_usage"] == first


async def test_usage_is_refreshed_periodically(tmp_path: Path, http: aiohttp.ClientSession) -> None:
    async with LocalDiskService(tmp_path / "svc", usage_interval=0.1) as service:
        api = Api(http, service.url, service.token)
        disk = await api.create()
        (service.data_dir / "volumes" / disk["id"] / "f").write_bytes(b"1" * 777)
        for _ in range(50):
            await asyncio.sleep(0.05)
            if (await api.get(disk["id"]))["used_bytes"] == 777:
                break
        assert (await api.get(disk["id"]))["used_bytes"] == 777


async def test_a_disk_whose_directory_disappears_is_broken(
    api: Api, local_service: LocalDiskService
) -> None:
    disk = await api.create(name="fragile")
    folder = local_service.data_dir / "volumes" / disk["id"]
    shutil.rmtree(folder)
    await local_service.refresh_usage()
    assert (await api.get("fragile"))["status"] == "Broken"
    assert [d["status"] for d in await api.list()] == ["Broken"]
    folder.mkdir()
    await local_service.refresh_usage()
    assert (await api.get("fragile"))["status"] == "Ready"
    shutil.rmtree(folder)
    await local_service.refresh_usage()
    # A broken disk can still be removed.
    await api.delete("fragile")
    assert await api.list() == []


async def test_the_reaper_deletes_a_disk_unused_past_its_life_span(
    api: Api, local_service: LocalDiskService
) -> None:
    forever = await api.create(name="no-limit", life_span=None)
    long = await api.create(name="long-lived", life_span=3600)
    short = await api.create(name="short-lived", life_span=1.0)
    assert await local_service.reap() == []
    await asyncio.sleep(1.1)
    assert await local_service.reap() == [short["id"]]
    await api.get("short-lived", status=404)
    assert not (local_service.data_dir / "volumes" / short["id"]).exists()
    remaining = {d["id"] for d in await api.list()}
    assert remaining == {forever["id"], long["id"]}


async def test_a_write_postpones_the_reaper(api: Api, local_service: LocalDiskService) -> None:
    disk = await api.create(life_span=2.0)
    await asyncio.sleep(1.0)
    (local_service.data_dir / "volumes" / disk["id"] / "still-used").write_text("yes")
    await asyncio.sleep(1.2)
    # Unused for 1.2 s only, although created 2.2 s ago: kept.
    assert await local_service.reap() == []
    await asyncio.sleep(1.0)
    assert await local_service.reap() == [disk["id"]]


async def test_the_reaper_runs_by_itself(tmp_path: Path, http: aiohttp.ClientSession) -> None:
    async with LocalDiskService(tmp_path / "svc", reaper_interval=0.1) as service:
        api = Api(http, service.url, service.token)
        disk = await api.create(life_span=0.2)
        for _ in range(40):
            await asyncio.sleep(0.05)
            if not await api.list():
                break
        assert await api.list() == []
        await api.get(disk["id"], status=404)


async def test_idle_timeout_stops_the_service(tmp_path: Path, http: aiohttp.ClientSession) -> None:
    service = LocalDiskService(tmp_path / "svc", idle_timeout=1.0)
    await service.start()
    try:
        api = Api(http, service.url, service.token)
        for _ in range(8):  # requests keep it alive
            await asyncio.sleep(0.2)
            await api.list()
        assert (service.data_dir / "connection.json").exists()
        await asyncio.wait_for(service.wait_stopped(), 5)
        assert not (service.data_dir / "connection.json").exists()
        with pytest.raises(aiohttp.ClientConnectionError):
            await api.list()
    finally:
        await service.stop()
    # The folder is free again.
    async with LocalDiskService(tmp_path / "svc") as again:
        assert again.token == service.token
