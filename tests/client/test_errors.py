"""Every reply of the platform maps to one typed error with the server's own words."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from apolo_disks_jupyter.client import (
    AuthenticationFailed,
    Client,
    DiskNameConflict,
    DiskNotFound,
    DisksError,
    InvalidArgument,
    PermissionDenied,
    QuotaExceeded,
    ServiceUnavailable,
    connect,
)

from .fake_platform import GOOD_TOKEN, FakePlatform, Reply, make_jwt


def assert_one_clean_sentence(error: DisksError) -> None:
    text = str(error)
    assert "\n" not in text
    assert text.endswith((".", "!", "?"))
    assert "{" not in text, f"raw JSON in {text!r}"
    assert GOOD_TOKEN not in text


async def test_unknown_disk_is_not_found_with_the_server_words(client: Client) -> None:
    with pytest.raises(DiskNotFound) as caught:
        await client.disks.get("no-such-disk")
    assert str(caught.value).startswith("Disk no-such-disk not found")
    assert "proj-a" in str(caught.value)
    assert caught.value.status == 404
    assert_one_clean_sentence(caught.value)


async def test_rm_of_unknown_disk_is_not_found(client: Client) -> None:
    with pytest.raises(DiskNotFound):
        await client.disks.rm("no-such-disk", project_name="proj-b")


async def test_bad_token_is_authentication_failed_on_connect(platform: FakePlatform) -> None:
    with pytest.raises(AuthenticationFailed) as caught:
        await connect(platform.url, make_jwt("mallory"))
    assert "mallory" not in str(caught.value)
    assert make_jwt("mallory") not in str(caught.value)


async def test_revoked_token_is_authentication_failed_on_calls(
    client: Client, platform: FakePlatform
) -> None:
    platform.token = make_jwt("someone-else")
    with pytest.raises(AuthenticationFailed) as caught:
        await client.disks.get("any-disk")
    assert "401: Unauthorized" in str(caught.value)
    assert caught.value.status == 401
    assert_one_clean_sentence(caught.value)


async def test_wrong_auth_scheme_is_invalid_argument_with_server_words(
    client: Client, platform: FakePlatform
) -> None:
    platform.script(
        "GET",
        "/api/v1/disk/any-disk",
        Reply.json(400, {"error": "Unexpected authorization scheme"}),
    )
    with pytest.raises(InvalidArgument) as caught:
        await client.disks.get("any-disk")
    assert "Unexpected authorization scheme" in str(caught.value)
    assert_one_clean_sentence(caught.value)


async def test_missing_permission_names_the_uri_and_action(client: Client) -> None:
    with pytest.raises(PermissionDenied) as caught:
        await client.disks.create(1000, None, project_name="not-mine")
    message = str(caught.value)
    assert "write access to disk://default/myorg/not-mine" in message
    assert caught.value.status == 403
    assert_one_clean_sentence(caught.value)


async def test_over_quota_is_quota_exceeded_with_description(
    client: Client, platform: FakePlatform
) -> None:
    platform.quota = 10**9
    with pytest.raises(QuotaExceeded) as caught:
        await client.disks.create(2 * 10**9, None)
    assert "Project exceeded storage size limit 500 GB" in str(caught.value)
    assert not isinstance(caught.value, PermissionDenied)
    assert_one_clean_sentence(caught.value)


async def test_name_used_is_a_name_conflict_with_description(client: Client) -> None:
    await client.disks.create(1000, None, "twin-disk")
    with pytest.raises(DiskNameConflict) as caught:
        await client.disks.create(1000, None, "twin-disk")
    assert str(caught.value) == "Disk with name twin-disk already exists for project proj-a."
    assert caught.value.status == 409


async def test_server_error_with_json_keeps_the_server_words(
    client: Client, platform: FakePlatform
) -> None:
    platform.script("POST", "/api/v1/disk", Reply.json(500, {"error": "database is on fire"}))
    with pytest.raises(DisksError) as caught:
        await client.disks.create(1000, None)
    assert type(caught.value) is DisksError
    assert "database is on fire" in str(caught.value)
    assert caught.value.status == 500
    assert_one_clean_sentence(caught.value)


async def test_server_error_in_plain_text_keeps_the_words(
    client: Client, platform: FakePlatform
) -> None:
    platform.script(
        "GET",
        "/api/v1/disk/any-disk",
        Reply(500, "500 Internal Server Error\n\nServer got itself in trouble"),
    )
    with pytest.raises(DisksError) as caught:
        await client.disks.get("any-disk")
    assert "Server got itself in trouble" in str(caught.value)
    assert_one_clean_sentence(caught.value)


async def test_json_without_words_is_never_shown_raw(
    client: Client, platform: FakePlatform
) -> None:
    platform.script("GET", "/api/v1/disk/any-disk", Reply.json(500, {"trace": [1, 2, 3]}))
    with pytest.raises(DisksError) as caught:
        await client.disks.get("any-disk")
    assert "trace" not in str(caught.value)
    assert_one_clean_sentence(caught.value)


async def test_a_server_echoing_the_token_never_shows_it(
    client: Client, platform: FakePlatform
) -> None:
    platform.script("GET", "/api/v1/disk/any-disk", Reply(500, f"bad token {GOOD_TOKEN}"))
    with pytest.raises(DisksError) as caught:
        await client.disks.get("any-disk")
    assert GOOD_TOKEN not in str(caught.value)
    assert GOOD_TOKEN not in repr(caught.value.args)


@pytest.mark.parametrize("status", [502, 503, 504])
async def test_gateway_errors_are_service_unavailable(
    client: Client, platform: FakePlatform, status: int
) -> None:
    platform.script("POST", "/api/v1/disk", Reply(status, "<html>bad gateway</html>", "text/html"))
    with pytest.raises(ServiceUnavailable) as caught:
        await client.disks.create(1000, None)
    assert str(status) in str(caught.value)
    assert "html" not in str(caught.value)
    assert caught.value.status == status


async def test_unknown_route_is_not_a_missing_disk(client: Client, platform: FakePlatform) -> None:
    platform.script("GET", "/api/v1/disk/any-disk", Reply(404, "404: Not Found"))
    with pytest.raises(DisksError) as caught:
        await client.disks.get("any-disk")
    assert not isinstance(caught.value, DiskNotFound)
    assert "no route" in str(caught.value)


async def test_a_reply_that_is_not_json_is_a_disks_error(
    client: Client, platform: FakePlatform
) -> None:
    platform.script("GET", "/api/v1/disk/any-disk", Reply(200, "Pong"))
    with pytest.raises(DisksError, match="not JSON"):
        await client.disks.get("any-disk")


async def test_a_disk_the_client_cannot_read_is_a_disks_error(
    client: Client, platform: FakePlatform
) -> None:
    platform.script("GET", "/api/v1/disk", Reply.json(200, [{"id": "disk-x", "storage": 1}]))
    with pytest.raises(DisksError):
        async with client.disks.list(project_name="proj-a") as disks:
            _ = [d async for d in disks]


async def test_list_without_project_never_reaches_the_server_500(
    client: Client, platform: FakePlatform
) -> None:
    async with client.disks.list() as disks:
        assert [d async for d in disks] == []
    assert all("project_name" in c.query for c in platform.calls("GET", "/api/v1/disk"))


async def test_one_failing_project_fails_the_merged_list(
    client: Client, platform: FakePlatform
) -> None:
    platform.script("GET", "/api/v1/disk", Reply.json(500, {"error": "shard down"}))
    with pytest.raises(DisksError, match="shard down"):
        async with client.disks.list() as disks:
            _ = [d async for d in disks]


async def test_unknown_cluster_is_invalid_argument(client: Client) -> None:
    with pytest.raises(InvalidArgument, match="Unknown cluster 'nope'"):
        await client.disks.get("any-disk", "nope")


async def test_error_messages_are_not_json_even_for_unknown_shapes(
    client: Client, platform: FakePlatform
) -> None:
    platform.script("DELETE", "/api/v1/disk/any-disk", Reply.json(418, ["teapot"]))
    with pytest.raises(DisksError) as caught:
        await client.disks.rm("any-disk")
    assert "teapot" not in str(caught.value)
    assert "418" in str(caught.value)
    with pytest.raises(json.JSONDecodeError):
        json.loads(str(caught.value))


async def test_create_requires_a_life_span(client: Client, platform: FakePlatform) -> None:
    with pytest.raises(TypeError, match="life_span"):
        await client.disks.create(1000)
    with pytest.raises(TypeError, match="not both"):
        await client.disks.create(1000, None, timeout_unused=timedelta(hours=1))
    assert platform.calls("POST", "/api/v1/disk") == []
