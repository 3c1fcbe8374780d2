"""Raw HTTP against a local service, for the service's tests."""

from __future__ import annotations

from typing import Any

import aiohttp


class Api:
    """Raw HTTP against a service: what a platform client would send."""

    def __init__(self, session: aiohttp.ClientSession, url: str, token: str) -> None:
        self.session = session
        self.url = url
        self.token = token
        self.auth = {"Authorization": f"Bearer {token}"}

    async def create(self, status: int = 201, **fields: Any) -> Any:
        body = {
            "storage": 1000,
            "life_span": None,
            "name": None,
            "project_name": "default",
            "org_name": "local",
        }
        body.update(fields)
        async with self.session.post(f"{self.url}/disk", json=body, headers=self.auth) as r:
            assert r.status == status, await r.text()
            return await r.json()

    async def get(self, key: str, status: int = 200, **params: str) -> Any:
        async with self.session.get(
            f"{self.url}/disk/{key}", params=params, headers=self.auth
        ) as r:
            assert r.status == status, await r.text()
            return await r.json() if status == 200 else await r.text()

    async def list(self, **params: str) -> Any:
        async with self.session.get(f"{self.url}/disk", params=params, headers=self.auth) as r:
            assert r.status == 200, await r.text()
            return await r.json()

    async def delete(self, key: str, status: int = 204, **params: str) -> str:
        async with self.session.delete(
            f"{self.url}/disk/{key}", params=params, headers=self.auth
        ) as r:
            assert r.status == status, await r.text()
            return await r.text()
