"""The platform's routes, status codes and bodies, over real HTTP."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import aiohttp
import pytest
import yarl
from server_http import Api

from apolo_disks_jupyter.client.disk import Disk, disk_from_wire
from apolo_disks_jupyter.server import LocalDiskService

DISK_KEYS = {
    "id",
    "storage",
    "status",
    "owner",
    "name",
    "org_name",
    "project_name",
    "created_at",
    "last_usage",
    "life_span",
    "used_bytes",
}
ID_RE = re.compile(r"^disk-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


@pytest.mark.parametrize("path", ["/ping", "/api/v1/ping"])
async def test_ping_answers_pong_without_a_token(
    local_service: LocalDiskService, http: aiohttp.ClientSession, path: str
) -> None:
    origin = local_service.url.removesuffix("/api/v1")
    async with http.get(origin + path) as reply:
        assert reply.status == 200
        assert await reply.text() == "Pong"
        assert reply.headers["X-Service-Version"].startswith("platform-disk-api/")


async def test_create_answers_201_with_every_key(api: Api, local_service: LocalDiskService) -> None:
    disk = await api.create(storage=10737418240, life_span=93600.0, name="my-disk")
    assert set(disk) == DISK_KEYS
    assert ID_RE.match(disk["id"])
    assert disk["storage"] == 10737418240
    assert disk["life_span"] == 93600.0
    assert disk["name"] == "my-disk"
    assert disk["status"] == "Ready"
    assert disk["owner"] == local_service.settings.user
    assert (disk["org_name"], disk["project_name"]) == ("local", "default")
    assert disk["last_usage"] is None
    created = datetime.fromisoformat(disk["created_at"])
    offset = created.utcoffset()
    assert offset is not None
    assert offset.total_seconds() == 0
    assert disk["created_at"].endswith("+00:00")
    parsed = disk_from_wire(disk, "local")
    assert parsed.status is Disk.Status.READY


async def test_create_makes_exactly_one_directory(
    api: Api, local_service: LocalDiskService
) -> None:
    disk = await api.create()
    volumes = local_service.data_dir / "volumes"
    assert [p.name for p in volumes.iterdir()] == [disk["id"]]
    assert (volumes / disk["id"]).is_dir()


async def test_life_span_zero_means_no_limit(api: Api) -> None:
    assert (await api.create(life_span=0))["life_span"] is None
    assert (await api.create(life_span=60))["life_span"] == 60.0


async def test_missing_optional_keys_take_the_defaults(api: Api) -> None:
    async with api.session.post(f"{api.url}/disk", json={"storage": 5}, headers=api.auth) as reply:
        assert reply.status == 201
        disk = await reply.json()
    assert (disk["name"], disk["life_span"], disk["project_name"]) == (None, None, "default")


async def test_unnamed_disks_do_not_conflict(api: Api) -> None:
    first = await api.create(name=None)
    second = await api.create(name=None)
    assert first["id"] != second["id"]


async def test_get_by_id_and_by_name(api: Api) -> None:
    disk = await api.create(name="by-name")
    assert await api.get(disk["id"]) == disk
    assert await api.get("by-name") == disk
    assert await api.get("by-name", project_name="default", org_name="local") == disk


async def test_names_belong_to_their_project(api: Api) -> None:
    one = await api.create(name="shared-name", project_name="one")
    two = await api.create(name="shared-name", project_name="two")
    assert (await api.get("shared-name", project_name="one"))["id"] == one["id"]
    assert (await api.get("shared-name", project_name="two"))["id"] == two["id"]
    assert await api.get("shared-name", status=404) == "Disk shared-name not found"
    # An id is global: it finds the disk whatever project is asked.
    assert (await api.get(two["id"], project_name="one"))["id"] == two["id"]


async def test_list_by_project_and_whole_org(api: Api) -> None:
    one = await api.create(project_name="one")
    two = await api.create(project_name="two")
    default = await api.create()
    assert [d["id"] for d in await api.list(project_name="one")] == [one["id"]]
    assert [d["id"] for d in await api.list(org_name="local", project_name="two")] == [two["id"]]
    whole_org = [d["id"] for d in await api.list(org_name="local")]
    assert sorted(whole_org) == sorted([one["id"], two["id"], default["id"]])
    assert await api.list(project_name="empty") == []


async def test_delete_answers_204_and_frees_the_name(
    api: Api, local_service: LocalDiskService
) -> None:
    disk = await api.create(name="gone-soon")
    assert await api.delete("gone-soon") == ""
    assert await api.get(disk["id"], status=404) == f"Disk {disk['id']} not found"
    assert not (local_service.data_dir / "volumes" / disk["id"]).exists()
    again = await api.create(name="gone-soon")
    assert again["id"] != disk["id"]
    await api.delete(again["id"])
    assert await api.delete(again["id"], status=404) == f"Disk {again['id']} not found"


async def test_delete_by_name_only_in_the_project_asked(api: Api) -> None:
    await api.create(name="stay-here", project_name="one")
    await api.delete("stay-here", status=404, project_name="two")
    await api.delete("stay-here", project_name="one")


async def test_not_found_is_plain_text(api: Api) -> None:
    async with api.session.get(f"{api.url}/disk/no-such-disk", headers=api.auth) as reply:
        assert reply.status == 404
        assert reply.content_type == "text/plain"
        assert await reply.text() == "Disk no-such-disk not found"
        assert "X-Service-Version" in reply.headers


@pytest.mark.parametrize("key", ["..", "a%2F..%2Fb", "disk-123", "UPPER", "x?project_name=y"])
async def test_references_that_cannot_be_disks_are_not_found(api: Api, key: str) -> None:
    await api.create(name="real-disk")
    async with api.session.get(f"{api.url}/disk/{key}", headers=api.auth) as reply:
        assert reply.status == 404


@pytest.mark.parametrize("key", ["..%2F..%2Fsentinel", "..", "%2E%2E", "disk-..%2Fsentinel"])
async def test_no_reference_reaches_outside_the_data_folder(
    api: Api, local_service: LocalDiskService, key: str
) -> None:
    sentinel = local_service.data_dir.parent / "sentinel"
    sentinel.mkdir()
    (local_service.data_dir / "volumes" / "sentinel").mkdir()
    url = f"{api.url}/disk/{key}"
    async with api.session.delete(yarl.URL(url, encoded=True), headers=api.auth) as reply:
        assert reply.status == 404
    assert sentinel.is_dir()
    assert (local_service.data_dir / "volumes" / "sentinel").is_dir()


async def test_name_conflict_is_409_disk_name_used(api: Api) -> None:
    await api.create(name="taken", project_name="proj")
    body = await api.create(status=409, name="taken", project_name="proj")
    assert body == {
        "code": "DiskNameUsed",
        "description": "Disk with name taken already exists for project proj",
    }


@pytest.mark.parametrize(
    "path", ["/api/v1/disk/", "/api/v1/config/", "/api/v1/ping/", "/api/v2/disk"]
)
async def test_trailing_slash_and_unknown_paths_are_404(
    local_service: LocalDiskService, http: aiohttp.ClientSession, path: str
) -> None:
    origin = local_service.url.removesuffix("/api/v1")
    headers = {"Authorization": f"Bearer {local_service.token}"}
    async with http.get(origin + path, headers=headers) as reply:
        assert reply.status == 404
        assert reply.headers["X-Service-Version"].startswith("platform-disk-api/")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PUT", "/disk"),
        ("PATCH", "/disk/some-disk"),
        ("POST", "/disk/some-disk"),
        ("POST", "/config"),
    ],
)
async def test_wrong_method_is_405(api: Api, method: str, path: str) -> None:
    async with api.session.request(method, api.url + path, headers=api.auth) as reply:
        assert reply.status == 405
        assert reply.content_type == "text/plain"
        assert reply.headers["X-Service-Version"].startswith("platform-disk-api/")


# -- authentication -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/disk"),
        ("POST", "/disk"),
        ("GET", "/disk/x-disk"),
        ("DELETE", "/disk/x-disk"),
        ("GET", "/config"),
    ],
)
@pytest.mark.parametrize("header", [None, "Bearer wrong", "Bearer ", "Bearer"])
async def test_missing_or_unknown_token_is_401(
    api: Api, method: str, path: str, header: str | None
) -> None:
    headers = {"Authorization": header} if header is not None else {}
    async with api.session.request(method, api.url + path, headers=headers, json={}) as reply:
        assert reply.status == 401
        assert await reply.text() == "401: Unauthorized"
        assert reply.headers["X-Service-Version"].startswith("platform-disk-api/")


@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Token abc", "JWT x"])
async def test_wrong_scheme_is_400(api: Api, header: str) -> None:
    async with api.session.get(f"{api.url}/disk", headers={"Authorization": header}) as reply:
        assert reply.status == 400
        assert await reply.json() == {"error": "Unexpected authorization scheme"}


async def test_a_token_with_one_character_changed_is_refused(api: Api) -> None:
    last = api.token[-1]
    forged = api.token[:-1] + ("A" if last != "A" else "B")
    headers = {"Authorization": f"Bearer {forged}"}
    async with api.session.get(f"{api.url}/disk", headers=headers) as reply:
        assert reply.status == 401


async def test_the_token_is_a_jwt_naming_the_user(local_service: LocalDiskService) -> None:
    import jwt

    claims = jwt.decode(local_service.token, options={"verify_signature": False})
    assert claims["identity"] == local_service.settings.user


# -- invalid input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["1digit", "ab-", "a--b", "Ab", "with space", "ab", "a" * 41, "-ab", "ab_c", "", 5, ["x"]],
)
async def test_a_name_against_the_rule_is_400(api: Api, name: object) -> None:
    body = await api.create(status=400, name=name)
    assert isinstance(body["error"], str)
    assert body["error"]


@pytest.mark.parametrize("name", ["cool-disk", "word-1-digit", "abc", "a" * 40, "a1b2"])
async def test_a_name_by_the_rule_is_accepted(api: Api, name: str) -> None:
    assert (await api.create(name=name))["name"] == name


@pytest.mark.parametrize("storage", [-1, "10", 1.5, 1.0, True, None, 2**63, [1]])
async def test_storage_must_be_a_whole_number_of_bytes(api: Api, storage: object) -> None:
    body = await api.create(status=400, storage=storage)
    assert "storage" in body["error"]


async def test_storage_zero_is_accepted(api: Api) -> None:
    assert (await api.create(storage=0))["storage"] == 0


@pytest.mark.parametrize("life_span", [-1, -0.5, "1h", True, [1], {"s": 1}])
async def test_life_span_must_be_seconds_or_null(api: Api, life_span: object) -> None:
    body = await api.create(status=400, life_span=life_span)
    assert "life_span" in body["error"]


@pytest.mark.parametrize(
    "raw",
    [
        b"{not json",
        b"",
        b"[1, 2]",
        b'"text"',
        b'{"storage": 1, "life_span": NaN}',
        b'{"storage": 1, "life_span": Infinity}',
        b"\xff\xfe",
    ],
)
async def test_a_body_that_is_not_a_json_object_is_400(api: Api, raw: bytes) -> None:
    async with api.session.post(f"{api.url}/disk", data=raw, headers=api.auth) as reply:
        assert reply.status == 400
        body = await reply.json()
        assert set(body) == {"error"}


@pytest.mark.parametrize(
    "extra", [{"lifespan": 5}, {"timeout_unused": 5}, {"owner": "eve"}, {"id": "disk-x"}]
)
async def test_unknown_keys_are_rejected(api: Api, extra: dict[str, object]) -> None:
    body = await api.create(status=400, **extra)
    assert next(iter(extra)) in body["error"]


@pytest.mark.parametrize("project", ["../etc", "a/b", "", " x", "x" * 64, 5])
async def test_an_invalid_project_name_is_400(api: Api, project: object) -> None:
    body = await api.create(status=400, project_name=project)
    assert "project_name" in body["error"]
    if not isinstance(project, str):
        return
    async with api.session.get(
        f"{api.url}/disk", params={"project_name": str(project)}, headers=api.auth
    ) as reply:
        assert reply.status == 400


async def test_nothing_is_created_by_a_rejected_request(
    api: Api, local_service: LocalDiskService
) -> None:
    await api.create(status=400, name="Bad")
    await api.create(status=400, storage=-5)
    assert await api.list(org_name="local") == []
    assert list((local_service.data_dir / "volumes").iterdir()) == []


# -- other orgs, quota ----------------------------------------------------------------------


async def test_another_org_is_403_missing(api: Api) -> None:
    body = await api.create(status=403, org_name="other-org", project_name="p")
    assert body == {"missing": [{"uri": "disk://local/other-org/p", "action": "write"}]}
    async with api.session.get(
        f"{api.url}/disk", params={"org_name": "other-org"}, headers=api.auth
    ) as reply:
        assert reply.status == 403
        assert (await reply.json())["missing"][0]["action"] == "read"


async def test_over_the_default_quota_is_403_over_limit(api: Api) -> None:
    await api.create(storage=500 * 2**30 - 10)
    body = await api.create(status=403, storage=11)
    assert body == {
        "code": "over_limit",
        "description": "Project exceeded storage size limit 500 GB",
    }
    # Exactly at the limit is fine, and another project has its own quota.
    await api.create(storage=10)
    await api.create(storage=500 * 2**30, project_name="other")


async def test_quota_is_configurable_and_freed_by_delete(
    tmp_path: Path, http: aiohttp.ClientSession
) -> None:
    async with LocalDiskService(tmp_path / "q", quota_bytes=10 * 2**30) as service:
        api = Api(http, service.url, service.token)
        disk = await api.create(storage=6 * 2**30)
        body = await api.create(status=403, storage=5 * 2**30)
        assert body["description"] == "Project exceeded storage size limit 10 GB"
        await api.delete(disk["id"])
        await api.create(storage=5 * 2**30)


# -- /config --------------------------------------------------------------------------------


async def test_config_describes_the_local_cluster_and_projects(api: Api) -> None:
    await api.create(project_name="zeta")
    await api.create(project_name="alpha")
    async with api.session.get(f"{api.url}/config", headers=api.auth) as reply:
        assert reply.status == 200
        config = await reply.json()
    assert config["authorized"] is True
    for key in (
        "auth_url",
        "token_url",
        "logout_url",
        "client_id",
        "audience",
        "headless_callback_url",
    ):
        assert config[key]
    (cluster,) = config["clusters"]
    assert cluster["name"] == "local"
    assert cluster["orgs"] == ["local"]
    assert cluster["disks_url"] == f"{api.url}/disk"
    assert cluster["resource_pool_types"] == []
    assert cluster["resource_presets"] == []
    projects = {(p["name"], p["org_name"], p["cluster_name"]) for p in config["projects"]}
    assert projects == {(n, "local", "local") for n in ("alpha", "default", "zeta")}
    assert api.token not in json.dumps(config)
