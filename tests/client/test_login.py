"""Where connect() connects: arguments, APOLO_DISKS_URL, APOLO_PASSED_CONFIG, apolo login."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from apolo_disks_jupyter.client import AuthenticationFailed, DisksError, connect
from apolo_disks_jupyter.client.connection import connect_to
from apolo_disks_jupyter.client.login import (
    apolo_config_dir,
    from_apolo_login,
    username_from_token,
)

from .fake_platform import GOOD_TOKEN, FakePlatform, make_jwt

# The columns `apolo login` writes (apolo_sdk's table `main`).
MAIN_TABLE = """
CREATE TABLE main (auth_config TEXT, token TEXT, expiration_time REAL, refresh_token TEXT,
                   url TEXT, admin_url TEXT, vcluster_url TEXT, version TEXT,
                   project_name TEXT, cluster_name TEXT, org_name TEXT, clusters TEXT,
                   projects TEXT, timestamp REAL)
"""


def write_login_db(
    folder: Path,
    *,
    url: str,
    token: str = GOOD_TOKEN,
    expires_in: float = 3600,
    cluster: str = "default",
    org: str | None = "myorg",
    project: str | None = "proj-b",
) -> Path:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    db_path = folder / "db"
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(MAIN_TABLE)
    clusters = [{"name": cluster, "orgs": [org], "disks_url": f"{url}/disk"}]
    conn.execute(
        "INSERT INTO main VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            json.dumps({"auth_url": "https://auth.example"}),
            token,
            time.time() + expires_in,
            "refresh-secret",
            url,
            None,
            None,
            "26.9.0",
            project,
            cluster,
            org,
            json.dumps(clusters),
            json.dumps([]),
            time.time(),
        ),
    )
    conn.commit()
    conn.close()
    db_path.chmod(0o600)
    return db_path


def fingerprint(folder: Path) -> dict[str, Any]:
    return {
        entry.name: (entry.stat().st_mtime_ns, hashlib.sha256(entry.read_bytes()).hexdigest())
        for entry in folder.iterdir()
    }


def passed_config(**data: Any) -> str:
    return base64.b64encode(json.dumps(data).encode()).decode()


@pytest.fixture
def config_dir() -> Path:
    return Path(os.environ["APOLO_CONFIG"])


async def test_apolo_login_is_used_read_only(platform: FakePlatform, config_dir: Path) -> None:
    write_login_db(config_dir, url=platform.url)
    before = fingerprint(config_dir)
    async with connect() as client:
        assert client.source == "apolo login"
        assert (client.cluster_name, client.org_name) == ("default", "myorg")
        assert client.project_name == "proj-b"
        assert client.username == "alice"
        await client.disks.create(1000, None, "from-login")
    (call,) = platform.calls("POST", "/api/v1/disk")
    assert call.json["project_name"] == "proj-b"
    assert call.headers["Authorization"] == f"Bearer {GOOD_TOKEN}"
    # Not a byte changed, no -wal/-shm files appeared.
    assert fingerprint(config_dir) == before
    assert sorted(before) == ["db"]


async def test_expired_login_says_to_run_apolo_login(
    platform: FakePlatform, config_dir: Path
) -> None:
    write_login_db(config_dir, url=platform.url, expires_in=-60)
    with pytest.raises(AuthenticationFailed) as caught:
        await connect()
    assert "apolo login" in str(caught.value)
    assert "expired" in str(caught.value)
    assert GOOD_TOKEN not in str(caught.value)
    assert platform.requests == []


async def test_refused_login_token_says_to_run_apolo_login(
    platform: FakePlatform, config_dir: Path
) -> None:
    write_login_db(config_dir, url=platform.url, token=make_jwt("stale"))
    with pytest.raises(AuthenticationFailed, match="apolo login"):
        await connect()


def test_a_corrupt_login_db_is_a_clear_error(config_dir: Path) -> None:
    config_dir.mkdir()
    (config_dir / "db").write_bytes(b"not a database at all" * 100)
    with pytest.raises(DisksError, match="apolo login"):
        from_apolo_login(config_dir)


def test_no_login_db_means_no_login(config_dir: Path) -> None:
    assert from_apolo_login(config_dir) is None


def test_apolo_config_moves_the_login_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APOLO_CONFIG", str(tmp_path / "elsewhere"))
    assert apolo_config_dir() == tmp_path / "elsewhere"


def test_legacy_neuro_folder_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("APOLO_CONFIG")
    monkeypatch.setenv("HOME", str(tmp_path))
    write_login_db(tmp_path / ".neuro", url="http://127.0.0.1:1/api/v1")
    assert apolo_config_dir() == tmp_path / ".neuro"
    write_login_db(tmp_path / ".apolo", url="http://127.0.0.1:1/api/v1")
    assert apolo_config_dir() == tmp_path / ".apolo"


async def test_passed_config_is_used(
    platform: FakePlatform, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "APOLO_PASSED_CONFIG",
        passed_config(
            token=GOOD_TOKEN,
            cluster="gpu",
            url=platform.url,
            org_name="myorg",
            project_name="proj-g",
        ),
    )
    async with connect() as client:
        assert client.source == "APOLO_PASSED_CONFIG"
        assert (client.cluster_name, client.project_name) == ("gpu", "proj-g")


async def test_passed_config_comes_before_apolo_login(
    platform: FakePlatform, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_login_db(config_dir, url="http://127.0.0.1:1/api/v1")
    monkeypatch.setenv(
        "APOLO_PASSED_CONFIG",
        passed_config(token=GOOD_TOKEN, cluster="default", url=platform.url),
    )
    async with connect() as client:
        assert client.source == "APOLO_PASSED_CONFIG"
        assert client.project_name == "proj-a"


async def test_malformed_passed_config_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APOLO_PASSED_CONFIG", "bm90IGpzb24=")
    with pytest.raises(DisksError, match="APOLO_PASSED_CONFIG is malformed"):
        await connect()


async def test_apolo_disks_url_comes_before_passed_config_and_login(
    platform: FakePlatform, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_login_db(config_dir, url="http://127.0.0.1:1/api/v1")
    monkeypatch.setenv(
        "APOLO_PASSED_CONFIG", passed_config(token="x", cluster="c", url="http://127.0.0.1:1")
    )
    monkeypatch.setenv("APOLO_DISKS_URL", platform.url)
    monkeypatch.setenv("APOLO_DISKS_TOKEN", GOOD_TOKEN)
    async with connect() as client:
        assert client.source == "APOLO_DISKS_URL"
        assert client.url == platform.url


async def test_arguments_come_first(
    platform: FakePlatform, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_login_db(config_dir, url="http://127.0.0.1:1/api/v1")
    monkeypatch.setenv("APOLO_DISKS_URL", "http://127.0.0.1:1/api/v1")
    monkeypatch.setenv("APOLO_DISKS_TOKEN", "other")
    async with connect(
        platform.url, GOOD_TOKEN, org_name="otherorg", project_name="proj-z"
    ) as client:
        assert client.source == "arguments"
        assert (client.org_name, client.project_name) == ("otherorg", "proj-z")
        assert client.projects == ("proj-z",)


async def test_an_explicit_url_borrows_the_token_of_the_login_with_that_url(
    platform: FakePlatform, config_dir: Path
) -> None:
    write_login_db(config_dir, url=platform.url)
    async with connect(platform.url) as client:
        assert client.source == "arguments"
        assert client.project_name == "proj-b"
        assert client.username == "alice"


async def test_awaiting_connect_gives_a_client_to_close(platform: FakePlatform) -> None:
    client = await connect(platform.url, GOOD_TOKEN)
    try:
        assert client.disks is not None
    finally:
        await client.close()
    assert client.closed


async def test_an_unknown_cluster_argument_is_refused(platform: FakePlatform) -> None:
    with pytest.raises(DisksError, match="Unknown cluster 'mars'"):
        await connect(platform.url, GOOD_TOKEN, cluster_name="mars")


def test_username_is_the_identity_claim() -> None:
    assert username_from_token(make_jwt("bob")) == "bob"
    assert username_from_token("not-a-jwt") is None
    assert username_from_token("a.%%%.c") is None
    assert username_from_token(None) is None


async def test_a_url_without_any_known_token_is_refused_unsent(platform: FakePlatform) -> None:
    with pytest.raises(AuthenticationFailed, match="No token"):
        await connect(platform.url)
    assert platform.requests == []


async def test_apolo_disks_url_without_token_asks_for_apolo_disks_token(
    platform: FakePlatform, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APOLO_DISKS_URL", platform.url)
    with pytest.raises(AuthenticationFailed, match="APOLO_DISKS_TOKEN"):
        await connect()


async def test_a_login_cluster_the_platform_no_longer_lists_falls_back_to_the_first(
    platform: FakePlatform, config_dir: Path
) -> None:
    write_login_db(config_dir, url=platform.url, cluster="retired", project=None)
    async with connect() as client:
        assert client.cluster_name == "default"
        assert client.project_name == "proj-a"


async def test_a_closed_client_says_so(platform: FakePlatform) -> None:
    client = await connect(platform.url, GOOD_TOKEN)
    await client.close()
    with pytest.raises(DisksError, match="closed"):
        await client.disks.get("any-disk")


async def test_connect_to_apolo_login_skips_the_environment(
    platform: FakePlatform, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_login_db(config_dir, url=platform.url)
    monkeypatch.setenv("APOLO_DISKS_URL", "http://127.0.0.1:1/api/v1")
    monkeypatch.setenv("APOLO_DISKS_TOKEN", "other")
    async with connect_to("apolo login") as client:
        assert client.source == "apolo login"
        assert client.url == platform.url


async def test_connect_to_apolo_login_without_one_says_to_log_in() -> None:
    with pytest.raises(AuthenticationFailed, match="apolo login"):
        await connect_to("apolo login")


async def test_connect_to_an_unknown_source_is_refused() -> None:
    with pytest.raises(DisksError, match="Unknown source"):
        await connect_to("somewhere")


@pytest.mark.parametrize("timeout", [0, -1, True, "30"])
def test_timeout_must_be_positive_seconds(timeout: object) -> None:
    with pytest.raises(DisksError, match="timeout"):
        connect("http://127.0.0.1:1/api/v1", "t", timeout=timeout)  # type: ignore[arg-type]
