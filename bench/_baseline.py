"""The baseline: a bare aiohttp handler serving one in-memory disk (``python -m bench._baseline``).

It does what any aiohttp service must do for a GET by id — route, compare the token, serialise
one disk — and nothing else: no database, no file system. Prints its port, then serves until
SIGTERM.
Arguments: TOKEN DISK_ID.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import signal
import sys

from aiohttp import web

TOKEN = sys.argv[1] if len(sys.argv) > 1 else "baseline-token"
DISK = {
    "id": sys.argv[2] if len(sys.argv) > 2 else "disk-5bcfd114-2c3c-4d96-934e-1fdc8acb0b6b",
    "storage": 10_000_000,
    "status": "Ready",
    "owner": "bench",
    "name": "bench-disk",
    "org_name": "local",
    "project_name": "default",
    "created_at": "2026-12-04T19:43:23.923660+00:00",
    "last_usage": None,
    "life_span": 86400.0,
    "used_bytes": None,
}


async def get_disk(request: web.Request) -> web.Response:
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {TOKEN}".encode()):
        return web.Response(status=401, text="401: Unauthorized")
    if request.match_info["ref"] not in (DISK["id"], DISK["name"]):
        return web.Response(status=404, text="Disk not found")
    return web.json_response(DISK, dumps=json.dumps)


async def main() -> None:
    app = web.Application()
    app.router.add_get("/api/v1/disk/{ref}", get_disk)
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    print(runner.addresses[0][1], flush=True)
    stopped = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopped.set)
    await stopped.wait()
    await runner.cleanup()


if __name__ == "__main__":
    asyncio.run(main())
