"""Fixtures for the local service's tests: an authenticated HTTP session on it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from server_http import Api

from apolo_disks_jupyter.server import LocalDiskService


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
async def api(local_service: LocalDiskService, http: aiohttp.ClientSession) -> Api:
    return Api(http, local_service.url, local_service.token)
