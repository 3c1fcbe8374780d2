"""Every ``Disks`` method and every error, over real HTTP against the real local service."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from yarl import URL

from apolo_disks_jupyter.client import (
    AuthenticationFailed,
    Client,
    Disk,
    DiskNameConflict,
    DiskNotFound,
    InvalidArgument,
    QuotaExceeded,
    ServiceUnavailable,
    connect,
)
from apolo_disks_jupyter.client.connection import connect_to
from apolo_disks_jupyter.server import LocalDiskService

from .fake_platform import make_jwt


@pytest.fixture
async def local(local_service: LocalDiskService) -> AsyncIterator[Client]:
    async with connect(local_service.url, local_service.token, timeout=10) as client:
        yield client


async def names(client: Client, **where: str) -> list[str | None]:
    async with client.disks.list(**where) as disks:
        return sorted([disk.name async for disk in disks], key=str)


async def test_connects_as_the_local_user(local: Client, local_service: LocalDiskService) -> None:
    assert local.url == local_service.url
    assert (local.cluster_name, local.org_name, local.project_name) == ("local", "local", "default")
    assert local.username
    assert "default" in local.projects


async def test_create_get_list_rm_by_name_and_by_id_across_two_projects(local: Client) -> None:
    first = await local.disks.create(10 * 10**9, timedelta(days=1), "data-disk")
    other = await local.disks.create(2**30, None, "data-disk", project_name="second")
    assert first.id != other.id
    assert (first.project_name, other.project_name) == ("default", "second")
    assert first.cluster_name == "local"
    assert first.uri == URL(f"disk://local/local/default/{first.id}")
    assert first.timeout_unused == timedelta(days=1)
    assert other.timeout_unused is None
    assert first.status in (Disk.Status.PENDING, Disk.Status.READY)

    assert (await local.disks.get("data-disk")).id == first.id
    assert (await local.disks.get(first.id)).name == "data-disk"
    assert (await local.disks.get("data-disk", project_name="second")).id == other.id
    assert (await local.disks.get("disk:/second/data-disk")).id == other.id
    assert (await local.disks.get(str(other.uri))).id == other.id

    assert await names(local, project_name="default") == ["data-disk"]
    async with local.disks.list() as disks:
        assert sorted([d.id async for d in disks]) == sorted([first.id, other.id])

    await local.disks.rm("data-disk")
    with pytest.raises(DiskNotFound):
        await local.disks.get(first.id)
    await local.disks.rm(other.id, project_name="second")
    async with local.disks.list() as disks:
        assert [d async for d in disks] == []


async def test_a_freed_name_can_be_used_again(local: Client) -> None:
    await local.disks.create(1000, None, "reused-name")
    await local.disks.rm("reused-name")
    again = await local.disks.create(1000, None, "reused-name")
    assert again.name == "reused-name"


async def test_unnamed_disks_are_reached_by_id(local: Client) -> None:
    disk = await local.disks.create(1000, timeout_unused=timedelta(hours=2))
    assert disk.name is None
    assert (await local.disks.get(disk.id)).timeout_unused == timedelta(hours=2)
    await local.disks.rm(f"disk:{disk.id}")


async def test_not_found_by_name_and_by_id(local: Client) -> None:
    with pytest.raises(DiskNotFound, match="no-such-disk"):
        await local.disks.get("no-such-disk")
    with pytest.raises(DiskNotFound):
        await local.disks.rm("disk-00000000-0000-4000-8000-000000000000")


async def test_a_disk_is_not_found_from_another_project(local: Client) -> None:
    await local.disks.create(1000, None, "home-disk")
    with pytest.raises(DiskNotFound, match="second"):
        await local.disks.get("home-disk", project_name="second")


async def test_name_conflict_in_one_project_only(local: Client) -> None:
    await local.disks.create(1000, None, "twin-disk")
    with pytest.raises(DiskNameConflict, match="twin-disk"):
        await local.disks.create(1000, None, "twin-disk")
    await local.disks.create(1000, None, "twin-disk", project_name="second")


async def test_quota_exceeded(tmp_path: Path) -> None:
    async with (
        LocalDiskService(tmp_path / "small", quota_bytes=10**9) as service,
        connect(service.url, service.token) as client,
    ):
        await client.disks.create(6 * 10**8, None, "big-one")
        with pytest.raises(QuotaExceeded):
            await client.disks.create(6 * 10**8, None, "big-two")
        # Another project has its own quota.
        await client.disks.create(6 * 10**8, None, "big-two", project_name="other")


async def test_bad_token_is_authentication_failed(local_service: LocalDiskService) -> None:
    with pytest.raises(AuthenticationFailed) as caught:
        await connect(local_service.url, make_jwt("intruder"))
    assert local_service.token not in str(caught.value)


async def test_a_token_revoked_mid_session_fails_calls(
    local: Client, local_service: LocalDiskService
) -> None:
    local._core.set_token(make_jwt("intruder"))
    with pytest.raises(AuthenticationFailed):
        await local.disks.get("any-disk")


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.disks.create(-1, None),
        lambda c: c.disks.create(True, None),
        lambda c: c.disks.create(1.5, None),
        lambda c: c.disks.create(1000, None, "Bad Name"),
        lambda c: c.disks.create(1000, None, "ab"),
        lambda c: c.disks.create(1000, timedelta(seconds=-1)),
        lambda c: c.disks.create(1000, "forever"),
        lambda c: c.disks.get("1digit"),
        lambda c: c.disks.rm(""),
    ],
)
async def test_invalid_arguments_are_refused_before_sending(local: Client, call: object) -> None:
    with pytest.raises(InvalidArgument):
        await call(local)  # type: ignore[operator]
    async with local.disks.list() as disks:
        assert [d async for d in disks] == []


async def test_sizes_and_durations_may_be_cli_text(local: Client) -> None:
    disk = await local.disks.create("10Gi", "1d2h", "text-disk")  # type: ignore[arg-type]
    assert disk.storage >= 10 * 2**30
    assert disk.timeout_unused == timedelta(hours=26)


async def test_connect_with_nothing_configured_uses_the_local_service(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "embedded"
    async with LocalDiskService(data_dir) as service:
        async with connect(data_dir=data_dir) as client:
            assert client.source == "local service"
            assert client.url == service.url
            assert client.local_data_dir == data_dir
            disk = await client.disks.create(1000, None, "auto-disk")
        async with connect(service.url, data_dir=data_dir) as client:
            assert client.source == "arguments"
            assert (await client.disks.get("auto-disk")).id == disk.id


async def test_a_restarted_local_service_is_found_again(tmp_path: Path) -> None:
    data_dir = tmp_path / "embedded"
    async with LocalDiskService(data_dir) as first:
        client = await connect(data_dir=data_dir)
        made = await client.disks.create(1000, None, "kept-disk")
    try:
        async with LocalDiskService(data_dir) as second:
            assert second.url != first.url
            # The old address refuses connections; the client finds the new one and retries.
            assert (await client.disks.get("kept-disk")).id == made.id
            assert client.url == second.url
            await client.disks.rm("kept-disk")
    finally:
        await client.close()


async def test_an_explicit_url_is_never_swapped_for_another(tmp_path: Path) -> None:
    data_dir = tmp_path / "embedded"
    async with LocalDiskService(data_dir) as first:
        client = await connect(first.url, first.token)
    try:
        async with LocalDiskService(data_dir):
            with pytest.raises(ServiceUnavailable, match="Cannot reach"):
                await client.disks.get("any-disk")
            assert client.url == first.url
    finally:
        await client.close()


async def test_connect_to_the_local_service_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APOLO_DISKS_URL", "http://127.0.0.1:1/api/v1")
    data_dir = tmp_path / "embedded"
    async with (
        LocalDiskService(data_dir) as service,
        connect_to("local service", data_dir=data_dir) as client,
    ):
        assert client.source == "local service"
        assert client.url == service.url


async def test_a_reconnecting_kernel_keeps_the_services_default_project(
    local_service: LocalDiskService,
) -> None:
    # Disks in a project that sorts before "default" must not become the new default.
    async with connect(data_dir=local_service.data_dir, timeout=10) as first:
        assert first.source == "local service"
        await first.disks.create(10**9, None, "early-disk", project_name="aaa-project")
    async with connect(data_dir=local_service.data_dir, timeout=10) as again:
        assert "aaa-project" in again.projects
        assert again.project_name == "default"
