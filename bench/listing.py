"""Listing N disks into ``Disk`` objects: ours, the real apolo_sdk, and the floor.

One local service process holds the disks; this process is the client. The three ways are
measured interleaved, round after round, on one already-open connection each, so drift in the
machine's load hits them alike. The floor is a raw aiohttp GET plus ``json.loads``: what any
client must at least pay.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
from yarl import URL

from ._common import (
    ORG,
    PROJECT,
    Goal,
    Section,
    ServiceProcess,
    auth,
    isolated_home,
    median,
    ms,
    ratio,
    seed,
)

FULL_SIZES = (100, 2_000, 10_000)
TINY_SIZES = (20,)
GOAL_N = 2_000


def _repeats(n: int, tiny: bool) -> int:
    if tiny:
        return 3
    return 25 if n <= 100 else 11 if n <= 2_000 else 7


async def _measure(
    service: ServiceProcess, sizes: tuple[int, ...], tiny: bool, sdk_dir: Path
) -> list[Any]:
    import apolo_sdk

    from apolo_disks_jupyter import connect
    from apolo_disks_jupyter.notebook.frames import disks_frame

    await apolo_sdk.login_with_token(service.token, url=URL(service.url), path=sdk_dir)
    params = {"org_name": ORG, "project_name": PROJECT}
    results: list[Any] = []
    async with (
        connect(service.url, service.token) as ours,
        apolo_sdk.get(path=sdk_dir) as sdk,
        aiohttp.ClientSession(headers=auth(service.token)) as raw,
    ):

        async def floor() -> int:
            async with raw.get(service.disks_url, params=params) as resp:
                resp.raise_for_status()
                return len(json.loads(await resp.read()))

        async def ours_list() -> int:
            async with ours.disks.list(project_name=PROJECT) as it:
                return len([d async for d in it])

        async def ours_frame() -> int:
            async with ours.disks.list(project_name=PROJECT) as it:
                return len(disks_frame([d async for d in it]))

        async def sdk_list() -> int:
            async with sdk.disks.list(project_name=PROJECT) as it:
                return len([d async for d in it])

        ways: dict[str, Callable[[], Awaitable[int]]] = {
            "floor": floor,
            "ours": ours_list,
            "frame": ours_frame,
            "apolo_sdk": sdk_list,
        }
        have = 0
        for n in sizes:
            await seed(service, n - have, start=have)
            have = n
            times: dict[str, list[float]] = {name: [] for name in ways}
            for name, way in ways.items():  # warm-up: imports, connections, caches
                if (got := await way()) != n:
                    raise RuntimeError(f"{name} listed {got} disks, expected {n}")
            for _ in range(_repeats(n, tiny)):
                for name, way in ways.items():
                    t0 = time.perf_counter()
                    await way()
                    times[name].append(time.perf_counter() - t0)
            results.append((n, {name: median(v) for name, v in times.items()}))
    return results


def run(tiny: bool = False) -> Section:
    sizes = TINY_SIZES if tiny else FULL_SIZES
    with isolated_home() as home, ServiceProcess(home / "svc") as service:
        results = asyncio.run(_measure(service, sizes, tiny, home / "apolo-sdk"))
    rows = []
    goals: list[Goal] = []
    for n, t in results:
        rows.append(
            [
                f"{n:,}",
                ms(t["floor"]),
                ms(t["ours"]),
                ms(t["frame"]),
                ms(t["apolo_sdk"]),
                ratio(t["ours"], t["floor"]),
                ratio(t["frame"], t["floor"]),
                ratio(t["ours"], t["apolo_sdk"]),
            ]
        )
    goal_n, goal_t = next(((n, t) for n, t in results if n == GOAL_N), results[-1])
    at = f"N={goal_n:,}"
    goals += [
        Goal(f"ours / apolo_sdk, {at}", goal_t["ours"] / goal_t["apolo_sdk"], "<=", 0.2),
        Goal(f"ours / floor, {at}", goal_t["ours"] / goal_t["floor"], "<=", 1.5),
        Goal(f"DataFrame / floor, {at}", goal_t["frame"] / goal_t["floor"], "<=", 2.0),
    ]
    return Section(
        "1. Listing N disks (median wall time per full list)",
        [
            "N",
            "floor (aiohttp+json)",
            "ours → Disk",
            "ours → DataFrame",
            "apolo_sdk → Disk",
            "ours/floor",
            "frame/floor",
            "ours/sdk",
        ],
        rows,
        goals,
        [
            "Each way keeps one open connection; the service runs in its own process.",
            "DataFrame = ours → Disk, then notebook.frames.disks_frame.",
        ],
    )
