"""Fixtures of the client tests: an isolated environment and a fake platform."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from apolo_disks_jupyter.client import Client, connect

from .fake_platform import GOOD_TOKEN, FakePlatform


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Never read the user's ~/.apolo or start a service in the real data folder.
    monkeypatch.setenv("APOLO_CONFIG", str(tmp_path / "apolo-config"))
    monkeypatch.setenv("APOLO_DISKS_DATA_DIR", str(tmp_path / "disks-data"))
    for name in ("APOLO_DISKS_URL", "APOLO_DISKS_TOKEN", "APOLO_PASSED_CONFIG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
async def platform() -> AsyncIterator[FakePlatform]:
    async with FakePlatform() as fake:
        yield fake


@pytest.fixture
async def client(platform: FakePlatform) -> AsyncIterator[Client]:
    async with connect(platform.url, GOOD_TOKEN, timeout=5) as connected:
        yield connected
