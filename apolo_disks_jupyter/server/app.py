"""The aiohttp application: authentication, the service-version header, idle tracking."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.typedefs import Middleware

from .._version import __version__
from .identity import TokenCheck
from .operations import DiskOperations
from .routes import DiskRoutes, error_reply

SERVICE_VERSION = f"platform-disk-api/{__version__}"
_OPEN_PATHS = frozenset({"/ping", "/api/v1/ping"})

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class Activity:
    """When the service last saw a request (loop time), for the idle timeout."""

    def __init__(self) -> None:
        self.last = asyncio.get_running_loop().time()

    def touch(self) -> None:
        self.last = asyncio.get_running_loop().time()


def _auth_middleware(check: TokenCheck, activity: Activity) -> Middleware:
    @web.middleware
    async def authenticate(request: web.Request, handler: Handler) -> web.StreamResponse:
        activity.touch()
        # Unknown routes and wrong methods answer 404/405 before any authentication.
        if request.match_info.http_exception is not None or request.path in _OPEN_PATHS:
            return await handler(request)
        header = request.headers.get("Authorization")
        if header is None:
            raise web.HTTPUnauthorized()
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer":
            return error_reply("Unexpected authorization scheme")
        if not check.accepts(token.strip()):
            raise web.HTTPUnauthorized()
        return await handler(request)

    return authenticate


async def _add_version(request: web.Request, response: web.StreamResponse) -> None:
    response.headers["X-Service-Version"] = SERVICE_VERSION


def make_app(operations: DiskOperations, token: str, activity: Activity) -> web.Application:
    """The service's routes, every /api/v1 route but the ping behind ``token``."""
    app = web.Application(middlewares=[_auth_middleware(TokenCheck(token), activity)])
    app.on_response_prepare.append(_add_version)
    DiskRoutes(operations).add_to(app)
    return app
