"""The platform's disk routes over HTTP, with its status codes and bodies."""

from __future__ import annotations

import json

from aiohttp import web

from .identity import config_reply
from .operations import DiskOperations
from .store import NameTaken, OverQuota
from .validation import BadRequest, optional_project, parse_create, scope

JSON = "application/json"


def error_reply(message: str, status: int = 400) -> web.Response:
    return web.Response(status=status, text=json.dumps({"error": message}), content_type=JSON)


def _missing(uri: str, action: str) -> web.Response:
    body = {"missing": [{"uri": uri, "action": action}]}
    return web.Response(status=403, text=json.dumps(body), content_type=JSON)


def _quota_words(quota: int) -> str:
    # The platform states its GiB limits as "GB".
    return f"{quota // 2**30} GB" if quota % 2**30 == 0 else f"{quota} bytes"


class DiskRoutes:
    """Request handlers; every one is registered by ``add_to``."""

    def __init__(self, operations: DiskOperations) -> None:
        self._ops = operations
        self._settings = operations.settings

    def add_to(self, app: web.Application) -> None:
        app.router.add_get("/ping", self.ping)
        app.router.add_get("/api/v1/ping", self.ping)
        app.router.add_get("/api/v1/config", self.config)
        app.router.add_post("/api/v1/disk", self.create)
        app.router.add_get("/api/v1/disk", self.list_disks)
        app.router.add_get("/api/v1/disk/{id_or_name}", self.get)
        app.router.add_delete("/api/v1/disk/{id_or_name}", self.delete)

    def _other_org(self, org: str, project: str | None, action: str) -> web.Response | None:
        """403 for an org this service does not hold: its one user has no rights there."""
        if org == self._settings.org:
            return None
        uri = f"disk://{self._settings.cluster}/{org}" + (f"/{project}" if project else "")
        return _missing(uri, action)

    async def ping(self, request: web.Request) -> web.Response:
        return web.Response(text="Pong")

    async def config(self, request: web.Request) -> web.Response:
        projects = await self._ops.projects()
        reply = config_reply(self._settings, str(request.url.origin()), projects)
        return web.Response(text=json.dumps(reply), content_type=JSON)

    async def create(self, request: web.Request) -> web.Response:
        try:
            wanted = parse_create(await request.read(), self._settings.org, self._settings.project)
        except BadRequest as exc:
            return error_reply(str(exc))
        denied = self._other_org(wanted.org, wanted.project, "write")
        if denied is not None:
            return denied
        try:
            body = await self._ops.create(wanted)
        except NameTaken:
            return web.Response(
                status=409,
                text=json.dumps(
                    {
                        "code": "DiskNameUsed",
                        "description": f"Disk with name {wanted.name} already exists "
                        f"for project {wanted.project}",
                    }
                ),
                content_type=JSON,
            )
        except OSError as exc:
            return error_reply(f"Could not create the disk's directory: {exc.strerror}.", 500)
        except OverQuota:
            words = _quota_words(self._settings.quota_bytes)
            return web.Response(
                status=403,
                text=json.dumps(
                    {
                        "code": "over_limit",
                        "description": f"Project exceeded storage size limit {words}",
                    }
                ),
                content_type=JSON,
            )
        return web.Response(status=201, text=body, content_type=JSON)

    async def list_disks(self, request: web.Request) -> web.Response:
        query = request.query
        try:
            org, _ = scope(query.get("org_name"), None, self._settings.org, "")
            project = optional_project(query.get("project_name"))
        except BadRequest as exc:
            return error_reply(str(exc))
        denied = self._other_org(org, project, "read")
        if denied is not None:
            return denied
        body = await self._ops.listing(org, project)
        return web.Response(body=body, content_type=JSON, charset="utf-8")

    def _target(self, request: web.Request, action: str) -> tuple[str, str] | web.Response:
        query = request.query
        try:
            org, project = scope(
                query.get("org_name"),
                query.get("project_name"),
                self._settings.org,
                self._settings.project,
            )
        except BadRequest as exc:
            return error_reply(str(exc))
        denied = self._other_org(org, project, action)
        return denied if denied is not None else (org, project)

    async def get(self, request: web.Request) -> web.Response:
        key = request.match_info["id_or_name"]
        target = self._target(request, "read")
        if isinstance(target, web.Response):
            return target
        body = self._ops.get(*target, key)
        if body is None:
            return web.Response(status=404, text=f"Disk {key} not found")
        return web.Response(body=body, content_type=JSON, charset="utf-8")

    async def delete(self, request: web.Request) -> web.Response:
        key = request.match_info["id_or_name"]
        target = self._target(request, "write")
        if isinstance(target, web.Response):
            return target
        if not await self._ops.delete(*target, key):
            return web.Response(status=404, text=f"Disk {key} not found")
        return web.Response(status=204)
