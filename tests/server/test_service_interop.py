"""Code no one here wrote talks to the local service: the real apolo_sdk and apolo CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import apolo_sdk
import pytest
from yarl import URL

from apolo_disks_jupyter.server import LocalDiskService

APOLO = Path(sys.executable).with_name("apolo")


async def test_apolo_sdk_logs_in_and_manages_disks(
    local_service: LocalDiskService, tmp_path: Path
) -> None:
    config = tmp_path / "sdk-config"
    await apolo_sdk.login_with_token(local_service.token, url=URL(local_service.url), path=config)
    async with apolo_sdk.get(path=config) as client:
        assert client.config.username == local_service.settings.user
        assert client.config.cluster_name == "local"
        assert client.config.org_name == "local"
        assert client.config.project_name == "default"
        disk = await client.disks.create(
            2 * 10**9, timeout_unused=timedelta(hours=1), name="sdk-disk"
        )
        assert disk.name == "sdk-disk"
        assert disk.timeout_unused == timedelta(hours=1)
        assert disk.status == apolo_sdk.Disk.Status.READY
        assert str(disk.uri) == f"disk://local/local/default/{disk.id}"
        other = await client.disks.create(10**9, project_name="other")
        async with client.disks.list(project_name="default") as disks:
            assert [d.id async for d in disks] == [disk.id]
        async with client.disks.list() as disks:  # no project: the whole org here
            assert {d.id async for d in disks} == {disk.id, other.id}
        got = await client.disks.get("sdk-disk")
        assert (got.id, got.storage, got.owner) == (disk.id, 2 * 10**9, disk.owner)
        with pytest.raises(apolo_sdk.IllegalArgumentError):
            await client.disks.create(10**9, name="Bad-Name")
        await client.disks.rm("sdk-disk")
        with pytest.raises(apolo_sdk.ResourceNotFound):
            await client.disks.get("sdk-disk")
        await client.disks.rm(other.id, project_name="other")


def _apolo(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ,
        APOLO_CONFIG=str(config),
        NEURO_CLI_DISABLE_PYPI_VERSION_CHECK="1",
        COLUMNS="250",
    )
    return subprocess.run(
        [str(APOLO), "--color=no", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(not APOLO.exists() and not shutil.which("apolo"), reason="no apolo CLI")
def test_apolo_cli_runs_disk_create_ls_get_rm(service_process: Any, tmp_path: Path) -> None:
    url = service_process.url
    token = service_process.token
    config = tmp_path / "cli-config"
    login = _apolo(config, "config", "login-with-token", token, url)
    assert login.returncode == 0, login.stderr
    assert token not in login.stdout + login.stderr
    created = _apolo(config, "disk", "create", "1G", "--name", "cli-disk")
    assert created.returncode == 0, created.stderr
    assert "cli-disk" in created.stdout
    listed = _apolo(config, "disk", "ls", "--long-format")
    assert listed.returncode == 0, listed.stderr
    assert "cli-disk" in listed.stdout
    assert "1.0 GB" in listed.stdout
    got = _apolo(config, "disk", "get", "cli-disk")
    assert got.returncode == 0, got.stderr
    assert "Ready" in got.stdout
    removed = _apolo(config, "disk", "rm", "cli-disk")
    assert removed.returncode == 0, removed.stderr
    missing = _apolo(config, "disk", "get", "cli-disk")
    assert missing.returncode != 0
    assert "not found" in (missing.stdout + missing.stderr)
