"""Retries only where they are safe, a bounded wait, and a clear word when nothing answers."""

from __future__ import annotations

import socket
import time

import pytest

from apolo_disks_jupyter.client import Client, ServiceUnavailable, connect

from .fake_platform import GOOD_TOKEN, FakePlatform, Reply


async def test_get_is_retried_on_502_503_504_then_succeeds(
    client: Client, platform: FakePlatform
) -> None:
    made = platform.add_disk("default", "myorg", "proj-a", "flaky-disk")
    platform.script("GET", "/api/v1/disk/flaky-disk", Reply(502), Reply(503))
    disk = await client.disks.get("flaky-disk")
    assert disk.id == made["id"]
    assert platform.counts[("GET", "/api/v1/disk/flaky-disk")] == 3


async def test_get_gives_up_after_three_tries(client: Client, platform: FakePlatform) -> None:
    platform.script("GET", "/api/v1/disk/flaky-disk", Reply(504), Reply(504), Reply(504))
    with pytest.raises(ServiceUnavailable, match="504"):
        await client.disks.get("flaky-disk")
    assert platform.counts[("GET", "/api/v1/disk/flaky-disk")] == 3


async def test_list_is_retried(client: Client, platform: FakePlatform) -> None:
    platform.script("GET", "/api/v1/disk", Reply(503))
    async with client.disks.list(project_name="proj-a") as disks:
        assert [d async for d in disks] == []
    assert platform.counts[("GET", "/api/v1/disk")] == 2


async def test_create_is_never_retried(client: Client, platform: FakePlatform) -> None:
    platform.script("POST", "/api/v1/disk", Reply(503), Reply(503))
    with pytest.raises(ServiceUnavailable):
        await client.disks.create(1000, None, "once-disk")
    assert platform.counts[("POST", "/api/v1/disk")] == 1


async def test_delete_is_never_retried(client: Client, platform: FakePlatform) -> None:
    platform.add_disk("default", "myorg", "proj-a", "once-disk")
    platform.script("DELETE", "/api/v1/disk/once-disk", Reply(502), Reply(502))
    with pytest.raises(ServiceUnavailable):
        await client.disks.rm("once-disk")
    assert platform.counts[("DELETE", "/api/v1/disk/once-disk")] == 1


async def test_other_errors_are_not_retried(client: Client, platform: FakePlatform) -> None:
    platform.script("GET", "/api/v1/disk/some-disk", Reply.json(500, {"error": "boom"}))
    with pytest.raises(Exception, match="boom"):
        await client.disks.get("some-disk")
    assert platform.counts[("GET", "/api/v1/disk/some-disk")] == 1


async def test_a_slow_service_times_out_with_a_clear_message(platform: FakePlatform) -> None:
    async with connect(platform.url, GOOD_TOKEN, timeout=0.3) as client:
        platform.slow("GET", "/api/v1/disk/slow-disk", 5)
        started = time.monotonic()
        with pytest.raises(ServiceUnavailable) as caught:
            await client.disks.get("slow-disk")
        assert time.monotonic() - started < 2
    assert "did not answer within 0.3 s" in str(caught.value)
    # A timeout is not retried: the request may still be running.
    assert platform.counts[("GET", "/api/v1/disk/slow-disk")] == 1


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


async def test_nothing_listening_is_service_unavailable() -> None:
    url = f"http://127.0.0.1:{_free_port()}/api/v1"
    with pytest.raises(ServiceUnavailable) as caught:
        await connect(url, GOOD_TOKEN)
    message = str(caught.value)
    assert message.startswith(f"Cannot reach the disk service at {url}/config")
    assert GOOD_TOKEN not in message
    assert "Bearer" not in message


async def test_a_service_that_went_away_is_service_unavailable(platform: FakePlatform) -> None:
    client = await connect(platform.url, GOOD_TOKEN)
    try:
        await platform.__aexit__(None, None, None)
        with pytest.raises(ServiceUnavailable, match="Cannot reach"):
            await client.disks.get("any-disk")
    finally:
        await client.close()
        await platform.__aenter__()
