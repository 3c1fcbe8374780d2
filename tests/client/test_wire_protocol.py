"""The client sends exactly what the platform expects, and reads what it answers."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from yarl import URL

from apolo_disks_jupyter.client import Client, Disk, connect

from .fake_platform import CREATE_KEYS, GOOD_TOKEN, FakePlatform


async def test_connect_reads_config_with_the_bearer_token(platform: FakePlatform) -> None:
    async with connect(platform.url, GOOD_TOKEN) as client:
        (call,) = platform.calls("GET", "/api/v1/config")
        assert call.headers["Authorization"] == f"Bearer {GOOD_TOKEN}"
        assert client.url == platform.url
        assert client.cluster_name == "default"
        assert client.org_name == "myorg"
        assert client.project_name == "proj-a"
        assert client.projects == ("proj-a", "proj-b")
        assert client.username == "alice"
        assert client.source == "arguments"


async def test_client_repr_hides_the_token(client: Client) -> None:
    assert GOOD_TOKEN not in repr(client)
    assert GOOD_TOKEN not in repr(client._core)
    assert "alice" in repr(client)


async def test_create_sends_exactly_the_five_keys(client: Client, platform: FakePlatform) -> None:
    disk = await client.disks.create(10 * 10**9, timedelta(hours=26), "my-disk")
    (call,) = platform.calls("POST", "/api/v1/disk")
    assert set(call.json) == CREATE_KEYS
    assert call.json == {
        "storage": 10_000_000_000,
        "life_span": 93600.0,
        "name": "my-disk",
        "project_name": "proj-a",
        "org_name": "myorg",
    }
    assert isinstance(call.json["life_span"], float)
    assert call.query == {}
    assert call.headers["Authorization"] == f"Bearer {GOOD_TOKEN}"
    assert call.headers["Content-Type"] == "application/json"
    assert disk.name == "my-disk"
    assert disk.status is Disk.Status.PENDING
    assert disk.cluster_name == "default"


@pytest.mark.parametrize("no_limit", [None, timedelta(0)])
async def test_create_sends_null_life_span_for_no_limit(
    client: Client, platform: FakePlatform, no_limit: timedelta | None
) -> None:
    disk = await client.disks.create(1000, no_limit)
    (call,) = platform.calls("POST", "/api/v1/disk")
    assert call.json["life_span"] is None
    assert call.json["name"] is None
    assert disk.timeout_unused is None


async def test_create_takes_timeout_unused_as_alias(client: Client, platform: FakePlatform) -> None:
    await client.disks.create(1000, timeout_unused=timedelta(minutes=90), name="alias-disk")
    (call,) = platform.calls("POST", "/api/v1/disk")
    assert call.json["life_span"] == 5400.0


async def test_create_in_another_project_and_org(client: Client, platform: FakePlatform) -> None:
    disk = await client.disks.create(
        1000, None, "other-disk", org_name="otherorg", project_name="proj-z"
    )
    (call,) = platform.calls("POST", "/api/v1/disk")
    assert (call.json["org_name"], call.json["project_name"]) == ("otherorg", "proj-z")
    assert disk.uri == URL(f"disk://default/otherorg/proj-z/{disk.id}")


async def test_create_on_another_cluster_uses_its_disks_url(
    client: Client, platform: FakePlatform
) -> None:
    disk = await client.disks.create(1000, None, "gpu-disk", "gpu", project_name="proj-g")
    (call,) = platform.calls("POST", "/gpu/api/v1/disk")
    assert call.json["project_name"] == "proj-g"
    assert disk.cluster_name == "gpu"
    assert str(disk.uri).startswith("disk://gpu/myorg/proj-g/disk-")


async def test_get_sends_org_and_project_as_query(client: Client, platform: FakePlatform) -> None:
    made = platform.add_disk("default", "myorg", "proj-b", "bee-disk")
    disk = await client.disks.get("bee-disk", project_name="proj-b")
    (call,) = platform.calls("GET", "/api/v1/disk/bee-disk")
    assert call.query == {"org_name": ["myorg"], "project_name": ["proj-b"]}
    assert call.headers["Authorization"] == f"Bearer {GOOD_TOKEN}"
    assert disk.id == made["id"]
    assert disk.project_name == "proj-b"


async def test_rm_sends_delete_with_query(client: Client, platform: FakePlatform) -> None:
    made = platform.add_disk("default", "myorg", "proj-a", "gone-disk")
    await client.disks.rm(made["id"])
    (call,) = platform.calls("DELETE", f"/api/v1/disk/{made['id']}")
    assert call.query == {"org_name": ["myorg"], "project_name": ["proj-a"]}
    assert call.body == b""
    assert not platform.disks[("default", "myorg", "proj-a")]


async def test_a_disk_uri_overrides_cluster_org_and_project(
    client: Client, platform: FakePlatform
) -> None:
    made = platform.add_disk("gpu", "myorg", "proj-g", "far-disk")
    disk = await client.disks.get(f"disk://gpu/myorg/proj-g/{made['id']}", project_name="proj-a")
    (call,) = platform.calls("GET", f"/gpu/api/v1/disk/{made['id']}")
    assert call.query == {"org_name": ["myorg"], "project_name": ["proj-g"]}
    assert disk.cluster_name == "gpu"


async def test_a_project_uri_reaches_another_project_of_the_org(
    client: Client, platform: FakePlatform
) -> None:
    platform.add_disk("default", "myorg", "proj-b", "bee-disk")
    await client.disks.rm("disk:/proj-b/bee-disk")
    (call,) = platform.calls("DELETE", "/api/v1/disk/bee-disk")
    assert call.query == {"org_name": ["myorg"], "project_name": ["proj-b"]}


async def test_list_with_a_project_makes_one_request(
    client: Client, platform: FakePlatform
) -> None:
    platform.add_disk("default", "myorg", "proj-b", "bee-disk")
    async with client.disks.list(project_name="proj-b") as disks:
        names = [disk.name async for disk in disks]
    assert names == ["bee-disk"]
    (call,) = platform.calls("GET", "/api/v1/disk")
    assert call.query == {"org_name": ["myorg"], "project_name": ["proj-b"]}


async def test_list_without_project_asks_every_project_and_merges(
    client: Client, platform: FakePlatform
) -> None:
    a = platform.add_disk("default", "myorg", "proj-a", "ant-disk")
    b = platform.add_disk("default", "myorg", "proj-b", "bee-disk")
    platform.add_disk("default", "otherorg", "proj-z", "zed-disk")
    async with client.disks.list() as disks:
        found = {disk.id: disk async for disk in disks}
    assert set(found) == {a["id"], b["id"]}
    calls = platform.calls("GET", "/api/v1/disk")
    # Never the query the real server answers with a 500.
    assert sorted(c.query["project_name"][0] for c in calls) == ["proj-a", "proj-b"]
    assert all(c.query["org_name"] == ["myorg"] for c in calls)


async def test_list_without_project_sees_projects_made_after_connect(
    client: Client, platform: FakePlatform
) -> None:
    platform.projects.append(("default", "myorg", "proj-new"))
    made = platform.add_disk("default", "myorg", "proj-new", "new-disk")
    async with client.disks.list() as disks:
        ids = [disk.id async for disk in disks]
    assert ids == [made["id"]]
    assert "proj-new" in client.projects


async def test_list_merges_duplicates_by_id(client: Client, platform: FakePlatform) -> None:
    made = platform.add_disk("default", "myorg", "proj-a", "ant-disk")
    platform.disks[("default", "myorg", "proj-b")] = {made["id"]: made}
    async with client.disks.list() as disks:
        ids = [disk.id async for disk in disks]
    assert ids == [made["id"]]


async def test_list_is_also_a_plain_async_iterator(client: Client, platform: FakePlatform) -> None:
    platform.add_disk("default", "myorg", "proj-a", "ant-disk")
    names = [disk.name async for disk in client.disks.list(project_name="proj-a")]
    assert names == ["ant-disk"]


async def test_extra_fields_are_ignored_and_naive_timestamps_are_utc(
    client: Client, platform: FakePlatform
) -> None:
    platform.naive_timestamps = True
    made = platform.add_disk(
        "default",
        "myorg",
        "proj-a",
        "old-disk",
        last_usage="2026-01-02T03:04:05",
        used_bytes=123,
        brand_new_field=[1, 2, 3],
    )
    assert "+" not in made["created_at"]
    disk = await client.disks.get("old-disk")
    assert disk.created_at.tzinfo is not None
    assert disk.last_usage == datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    assert disk.used_bytes == 123
    async with client.disks.list(project_name="proj-a") as disks:
        (listed,) = [d async for d in disks]
    assert listed == disk


async def test_disk_cluster_name_is_the_cluster_asked(
    client: Client, platform: FakePlatform
) -> None:
    platform.add_disk("gpu", "myorg", "proj-g", "gpu-disk")
    async with client.disks.list("gpu") as disks:
        (disk,) = [d async for d in disks]
    assert disk.cluster_name == "gpu"
    (call,) = platform.calls("GET", "/gpu/api/v1/disk")
    assert call.query == {"org_name": ["myorg"], "project_name": ["proj-g"]}


async def test_leaving_a_listing_early_keeps_the_client_usable(
    client: Client, platform: FakePlatform
) -> None:
    for index in range(5):
        platform.add_disk("default", "myorg", "proj-a", f"disk-number-{index}")
    async with client.disks.list(project_name="proj-a") as disks:
        async for _ in disks:
            break
    assert (await client.disks.get("disk-number-3")).name == "disk-number-3"
