"""The start-up repair and the folder's files: records and directories agree after a restart."""

from __future__ import annotations

import asyncio
import json
import stat
import time
import uuid
from pathlib import Path

import aiohttp
import pytest
from server_http import Api

from apolo_disks_jupyter.server import LocalDiskService, ServiceAlreadyRunning
from apolo_disks_jupyter.server.store import DiskStore, NewDisk


def _record(store: DiskStore, name: str | None = None) -> str:
    now = time.time()
    disk_id = f"disk-{uuid.uuid4()}"
    store.insert(
        NewDisk(
            id=disk_id,
            org="local",
            project="default",
            name=name,
            owner="someone",
            storage=1,
            life_span=None,
            created_at="2026-01-01T00:00:00.000000+00:00",
            created_ts=now,
            ready_ts=now,
        ),
        quota_bytes=10**12,
    )
    return disk_id


async def test_an_interrupted_create_is_finished(
    tmp_path: Path, http: aiohttp.ClientSession
) -> None:
    data = tmp_path / "svc"
    async with LocalDiskService(data):
        pass
    store = DiskStore(data / "disks.db")
    half_done = _record(store, name="half-done")  # a record still marked as being created
    store.close()
    async with LocalDiskService(data) as service:
        assert service.repair_report is not None
        assert service.repair_report.finished_creates == 1
        api = Api(http, service.url, service.token)
        disk = await api.get("half-done")
        assert disk["id"] == half_done
        assert disk["status"] == "Ready"
        assert (data / "volumes" / half_done).is_dir()


async def test_a_record_without_its_directory_becomes_broken(
    tmp_path: Path, http: aiohttp.ClientSession
) -> None:
    data = tmp_path / "svc"
    async with LocalDiskService(data) as service:
        api = Api(http, service.url, service.token)
        disk = await api.create(name="lost-dir")
    (data / "volumes" / disk["id"]).rmdir()
    async with LocalDiskService(data) as service:
        assert service.repair_report is not None
        assert service.repair_report.broken == 1
        api = Api(http, service.url, service.token)
        assert (await api.get("lost-dir"))["status"] == "Broken"


async def test_directories_without_records_and_the_trash_are_removed(
    tmp_path: Path, http: aiohttp.ClientSession
) -> None:
    data = tmp_path / "svc"
    async with LocalDiskService(data) as service:
        api = Api(http, service.url, service.token)
        kept = await api.create(name="kept-disk")
    orphan = data / "volumes" / f"disk-{uuid.uuid4()}"
    (orphan / "sub").mkdir(parents=True)
    (orphan / "sub" / "data.bin").write_bytes(b"x" * 100)
    (data / "volumes" / "not-a-disk.txt").write_text("junk")
    (data / "trash" / "leftover").mkdir()
    (data / "trash" / "leftover" / "f").write_text("x")
    (data / "tmp" / ".connection.json.abc.tmp").write_text("{}")
    async with LocalDiskService(data) as service:
        assert service.repair_report is not None
        assert service.repair_report.orphans_removed == 2
        assert sorted(p.name for p in (data / "volumes").iterdir()) == [kept["id"]]
        for _ in range(100):  # the trash is emptied in the background
            if not any((data / "trash").iterdir()) and not any((data / "tmp").iterdir()):
                break
            await asyncio.sleep(0.02)
        assert list((data / "trash").iterdir()) == []
        assert list((data / "tmp").iterdir()) == []
        api = Api(http, service.url, service.token)
        assert [d["id"] for d in await api.list()] == [kept["id"]]


async def test_the_token_survives_a_restart(tmp_path: Path) -> None:
    async with LocalDiskService(tmp_path / "svc") as first:
        token = first.token
    async with LocalDiskService(tmp_path / "svc") as second:
        assert second.token == token


async def test_a_new_user_gets_a_new_token(tmp_path: Path) -> None:
    import jwt

    async with LocalDiskService(tmp_path / "svc", user="alice") as first:
        token = first.token
    async with LocalDiskService(tmp_path / "svc", user="bob") as second:
        assert second.token != token
        claims = jwt.decode(second.token, options={"verify_signature": False})
        assert claims["identity"] == "bob"


async def test_private_files_are_0600_and_the_folder_0700(local_service: LocalDiskService) -> None:
    data = local_service.data_dir
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    for name in ("connection.json", "token", "secret"):
        assert stat.S_IMODE((data / name).stat().st_mode) == 0o600, name
    connection = json.loads((data / "connection.json").read_text())
    assert connection == {
        "url": local_service.url,
        "token": local_service.token,
        "pid": local_service.pid,
        "user": local_service.settings.user,
        "cluster": "local",
        "org": "local",
        "project": "default",
    }
    assert local_service.url.startswith("http://127.0.0.1:")
    assert local_service.url.endswith("/api/v1")
    assert local_service.token not in repr(local_service)


async def test_connection_json_is_removed_on_stop(tmp_path: Path) -> None:
    async with LocalDiskService(tmp_path / "svc") as service:
        assert (service.data_dir / "connection.json").exists()
    assert not (service.data_dir / "connection.json").exists()


async def test_a_second_in_process_service_on_the_folder_is_refused(
    local_service: LocalDiskService,
) -> None:
    with pytest.raises(ServiceAlreadyRunning) as info:
        async with LocalDiskService(local_service.data_dir):
            pass  # pragma: no cover
    assert info.value.url == local_service.url
    assert info.value.pid == local_service.pid
    # The refused start did not disturb the live one.
    connection = json.loads((local_service.data_dir / "connection.json").read_text())
    assert connection["url"] == local_service.url


async def test_flags_change_the_identity(tmp_path: Path, http: aiohttp.ClientSession) -> None:
    async with LocalDiskService(
        tmp_path / "svc", user="carol", cluster="my-cluster", org="my-org", project="main"
    ) as service:
        api = Api(http, service.url, service.token)
        disk = await api.create(org_name=None, project_name=None)
        assert (disk["owner"], disk["org_name"], disk["project_name"]) == (
            "carol",
            "my-org",
            "main",
        )
        async with http.get(f"{service.url}/config", headers=api.auth) as reply:
            config = await reply.json()
        assert config["clusters"][0]["name"] == "my-cluster"
        assert config["clusters"][0]["orgs"] == ["my-org"]
        assert [p["name"] for p in config["projects"]] == ["main"]


async def test_a_directory_that_cannot_be_made_leaves_no_record(
    api: Api, local_service: LocalDiskService
) -> None:
    volumes = local_service.data_dir / "volumes"
    volumes.rename(local_service.data_dir / "volumes-away")
    volumes.write_text("not a folder")  # mkdir inside it fails, even for root
    try:
        async with api.session.post(
            f"{api.url}/disk", json={"storage": 1, "name": "no-room"}, headers=api.auth
        ) as reply:
            assert reply.status == 500
            assert "directory" in (await reply.json())["error"]
    finally:
        volumes.unlink()
        (local_service.data_dir / "volumes-away").rename(volumes)
    assert await api.list() == []
    assert (await api.create(name="no-room"))["name"] == "no-room"
