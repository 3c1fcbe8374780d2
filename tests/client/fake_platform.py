"""A fake Apolo platform that answers the way the real one does (reference/apolo-platform.md).

It records every request, so tests can check the client sends exactly what the platform
expects, and it reproduces the real platform's quirks: a 500 for a list without
``project_name``, a text/plain 404, a 500 for an invalid body, extra JSON fields, timestamps
without an offset. Replies can be scripted per route (``script``) and routes slowed (``slow``).
"""

from __future__ import annotations

import asyncio
import base64
import json
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from aiohttp import web


def make_jwt(identity: str) -> str:
    """An unsigned-looking JWT with an ``identity`` claim (the platform's token shape)."""

    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part({'identity': identity})}.c2lnbmF0dXJl"


GOOD_TOKEN = make_jwt("alice")
NAME_RE = re.compile(r"^[a-z](?:-?[a-z0-9])*$")
CREATE_KEYS = {"storage", "life_span", "name", "project_name", "org_name"}


@dataclass
class Recorded:
    method: str
    path: str
    raw_path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Reply:
    status: int
    body: str = ""
    content_type: str = "text/plain"

    @classmethod
    def json(cls, status: int, document: Any) -> Reply:
        return cls(status, json.dumps(document), "application/json")


@dataclass
class FakePlatform:
    """``async with FakePlatform() as platform: platform.url`` is the API base."""

    token: str = GOOD_TOKEN
    clusters: dict[str, list[str]] = field(
        default_factory=lambda: {"default": ["myorg", "otherorg"], "gpu": ["myorg"]}
    )
    projects: list[tuple[str, str, str]] = field(
        default_factory=lambda: [
            ("default", "myorg", "proj-a"),
            ("default", "myorg", "proj-b"),
            ("default", "otherorg", "proj-z"),
            ("gpu", "myorg", "proj-g"),
        ]
    )
    quota: int = 500 * 2**30
    naive_timestamps: bool = False
    requests: list[Recorded] = field(default_factory=list)
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    disks: dict[tuple[str, str, str], dict[str, dict[str, Any]]] = field(default_factory=dict)
    scripts: dict[tuple[str, str], list[Reply]] = field(default_factory=dict)
    delays: dict[tuple[str, str], float] = field(default_factory=dict)
    url: str = ""

    def __post_init__(self) -> None:
        self._runner: web.AppRunner | None = None

    # -- test controls -------------------------------------------------------------------

    def script(self, method: str, path: str, *replies: Reply) -> None:
        """Answer the next requests to ``method path`` with ``replies``, in order."""
        self.scripts.setdefault((method, path), []).extend(replies)

    def slow(self, method: str, path: str, seconds: float) -> None:
        self.delays[(method, path)] = seconds

    def calls(self, method: str, path: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method and r.path == path]

    def disks_url(self, cluster: str) -> str:
        prefix = "" if cluster == "default" else f"/{cluster}"
        return f"{self.root}{prefix}/api/v1/disk"

    def add_disk(
        self, cluster: str, org: str, project: str, name: str | None = None, **extra: Any
    ) -> dict[str, Any]:
        disk_id = f"disk-{uuid.uuid4()}"
        created = datetime.now(timezone.utc)
        if self.naive_timestamps:
            created_text = created.replace(tzinfo=None).isoformat()
        else:
            created_text = created.isoformat()
        payload: dict[str, Any] = {
            "id": disk_id,
            "storage": 10**9,
            "status": "Ready",
            "owner": "alice",
            "name": name,
            "org_name": org,
            "project_name": project,
            "created_at": created_text,
            "last_usage": None,
            "life_span": 3600.0,
            "used_bytes": None,
            "unknown_future_field": {"nested": [1, 2]},
        }
        payload.update(extra)
        self.disks.setdefault((cluster, org, project), {})[disk_id] = payload
        return payload

    # -- server ----------------------------------------------------------------------------

    async def __aenter__(self) -> FakePlatform:
        app = web.Application(middlewares=[self._record])
        app.router.add_get("/api/v1/config", self._config)
        app.router.add_get("/api/v1/ping", self._ping)
        for cluster in self.clusters:
            prefix = "" if cluster == "default" else f"/{cluster}"
            app.router.add_get(f"{prefix}/api/v1/disk", self._handler(self._list, cluster))
            app.router.add_post(f"{prefix}/api/v1/disk", self._handler(self._create, cluster))
            app.router.add_get(prefix + "/api/v1/disk/{ref}", self._handler(self._get, cluster))
            app.router.add_delete(
                prefix + "/api/v1/disk/{ref}", self._handler(self._delete, cluster)
            )
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.2)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.root = f"http://127.0.0.1:{port}"
        self.url = f"{self.root}/api/v1"
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._runner is not None
        await self._runner.cleanup()

    @web.middleware
    async def _record(self, request: web.Request, handler: Any) -> web.StreamResponse:
        body = await request.read()
        key = (request.method, request.path)
        self.requests.append(
            Recorded(
                request.method,
                request.path,
                request.raw_path,
                {k: request.query.getall(k) for k in request.query},
                dict(request.headers),
                body,
            )
        )
        self.counts[key] += 1
        delay = self.delays.get(key)
        if delay:
            await asyncio.sleep(delay)
        queue = self.scripts.get(key)
        if queue:
            reply = queue.pop(0)
            return web.Response(
                status=reply.status, text=reply.body, content_type=reply.content_type
            )
        response: web.StreamResponse = await handler(request)
        response.headers["X-Service-Version"] = "platform-disk-api/25.1.0"
        return response

    def _authorized(self, request: web.Request) -> web.Response | None:
        header = request.headers.get("Authorization")
        if header is None:
            return web.Response(status=401, text="401: Unauthorized")
        scheme, _, token = header.partition(" ")
        if scheme != "Bearer":
            return web.json_response({"error": "Unexpected authorization scheme"}, status=400)
        if token != self.token:
            return web.Response(status=401, text="401: Unauthorized")
        return None

    def _handler(self, method: Any, cluster: str) -> Any:
        async def handle(request: web.Request) -> web.StreamResponse:
            refused = self._authorized(request)
            if refused is not None:
                return refused
            result: web.StreamResponse = await method(request, cluster)
            return result

        return handle

    def _can(self, cluster: str, org: str | None, project: str | None) -> bool:
        return (cluster, org, project) in set(self.projects)

    def _forbidden(
        self, cluster: str, org: str | None, project: str | None, action: str
    ) -> web.Response:
        return web.json_response(
            {"missing": [{"uri": f"disk://{cluster}/{org}/{project}", "action": action}]},
            status=403,
        )

    async def _ping(self, request: web.Request) -> web.Response:
        return web.Response(text="Pong")

    async def _config(self, request: web.Request) -> web.Response:
        header = request.headers.get("Authorization", "")
        authorized = header == f"Bearer {self.token}"
        payload: dict[str, Any] = {
            "auth_url": "https://auth.example/authorize",
            "token_url": "https://auth.example/token",
            "logout_url": "https://auth.example/logout",
            "client_id": "cid",
            "audience": "https://platform.example",
            "headless_callback_url": "https://auth.example/headless",
            "authorized": authorized,
        }
        if authorized:
            payload["clusters"] = [
                {
                    "name": name,
                    "orgs": orgs,
                    "registry_url": "https://registry.example",
                    "storage_url": "https://storage.example",
                    "users_url": "https://users.example",
                    "monitoring_url": "https://jobs.example",
                    "secrets_url": "https://secrets.example",
                    "disks_url": self.disks_url(name),
                    "buckets_url": "https://buckets.example",
                    "resource_pool_types": [],
                    "resource_presets": [],
                }
                for name, orgs in self.clusters.items()
            ]
            payload["projects"] = [
                {"name": p, "cluster_name": c, "org_name": o, "role": "admin"}
                for c, o, p in self.projects
            ]
        return web.json_response(payload)

    async def _list(self, request: web.Request, cluster: str) -> web.Response:
        org = request.query.get("org_name")
        project = request.query.get("project_name")
        if project is None:
            # The real server's regression: a list without project_name is a 500.
            return web.Response(
                status=500,
                text="500 Internal Server Error\n\nServer got itself in trouble",
            )
        if not self._can(cluster, org, project):
            return self._forbidden(cluster, org, project, "read")
        return web.json_response(list(self.disks.get((cluster, org or "", project), {}).values()))

    async def _create(self, request: web.Request, cluster: str) -> web.Response:
        try:
            body = await request.json()
        except ValueError:
            return web.json_response({"error": "Expecting value"}, status=400)
        if set(body) != CREATE_KEYS:
            # The platform's 500 for an invalid body (an upstream bug).
            return web.json_response({"error": f"unexpected keys {sorted(body)}"}, status=500)
        org, project, name = body["org_name"], body["project_name"], body["name"]
        if name is not None and not (3 <= len(name) <= 40 and NAME_RE.match(name)):
            return web.json_response({"error": "name does not match pattern"}, status=500)
        if not self._can(cluster, org, project):
            return self._forbidden(cluster, org, project, "write")
        bucket = self.disks.setdefault((cluster, org, project), {})
        if name is not None and any(d["name"] == name for d in bucket.values()):
            return web.json_response(
                {
                    "code": "DiskNameUsed",
                    "description": f"Disk with name {name} already exists for project {project}",
                },
                status=409,
            )
        if sum(d["storage"] for d in bucket.values()) + body["storage"] > self.quota:
            return web.json_response(
                {"code": "over_limit", "description": "Project exceeded storage size limit 500 GB"},
                status=403,
            )
        disk = self.add_disk(
            cluster, org, project, name, storage=body["storage"], life_span=body["life_span"]
        )
        disk["status"] = "Pending"
        return web.json_response(disk, status=201)

    def _find(self, request: web.Request, cluster: str) -> tuple[str, dict[str, Any] | None]:
        ref = request.match_info["ref"]
        org = request.query.get("org_name", "")
        project = request.query.get("project_name", "")
        bucket = self.disks.get((cluster, org, project), {})
        if ref in bucket:
            return ref, bucket[ref]
        for disk in bucket.values():
            if disk["name"] == ref:
                return ref, disk
        return ref, None

    async def _get(self, request: web.Request, cluster: str) -> web.Response:
        ref, disk = self._find(request, cluster)
        if disk is None:
            return web.Response(status=404, text=f"Disk {ref} not found")
        return web.json_response(disk)

    async def _delete(self, request: web.Request, cluster: str) -> web.Response:
        ref, disk = self._find(request, cluster)
        if disk is None:
            return web.Response(status=404, text=f"Disk {ref} not found")
        del self.disks[(cluster, disk["org_name"], disk["project_name"])][disk["id"]]
        return web.Response(status=204)


__all__ = ["CREATE_KEYS", "GOOD_TOKEN", "FakePlatform", "Recorded", "Reply", "make_jwt"]
