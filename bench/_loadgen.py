"""An aiohttp load generator, run as a process of its own (``python -m bench._loadgen``).

Reads one JSON job on stdin, writes one JSON result on stdout. A job:

    {"mode": "get" | "create" | "delete", "url": ..., "token": ...,
     "concurrency": 16, "duration": 5.0 | null, "count": 1000 | null,
     "pace": 0.0,            # seconds each worker waits between its requests (0: closed loop)
     "bodies": [...],        # create: the JSON bodies, one request each
     "ids": [...],           # delete: one DELETE url/ID each
     "samples": false,       # also return [wall-clock start, latency, field] per request
     "field": "used_bytes",  # get + samples: a key of the JSON reply to return per request
     "stop_when": [field, value]}  # get: stop once a reply's field equals value

Latencies are measured from just before the request to the end of reading the reply.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import sys
import time
from typing import Any

import aiohttp


def _pct(ordered: list[float], p: float) -> float:
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1))
    return ordered[rank]


async def _run(job: dict[str, Any]) -> dict[str, Any]:
    mode = job["mode"]
    url = job["url"]
    concurrency = int(job.get("concurrency", 16))
    duration = job.get("duration")
    pace = float(job.get("pace", 0.0))
    want_samples = bool(job.get("samples"))
    field = job.get("field")
    stop_when = job.get("stop_when")
    latencies: list[float] = []
    samples: list[list[Any]] = []
    created: list[str] = []
    errors: dict[str, int] = {}
    work: Any
    if mode == "create":
        work = iter(job["bodies"])
    elif mode == "delete":
        work = iter(job["ids"])
    else:
        count = job.get("count")
        work = iter(range(int(count))) if count is not None else None
    stop = asyncio.Event()
    expect = {"get": 200, "create": 201, "delete": 204}[mode]
    headers = {"Authorization": f"Bearer {job['token']}"}
    connector = aiohttp.TCPConnector(limit=concurrency, force_close=False)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(headers=headers, connector=connector, timeout=timeout) as s:

        async def one(item: Any) -> None:
            wall = time.time()
            t0 = time.perf_counter()
            value = None
            if mode == "create":
                resp = await s.post(url, json=item)
            elif mode == "delete":
                resp = await s.delete(f"{url}/{item}")
            else:
                resp = await s.get(url)
            async with resp:
                body = await resp.read()
            latency = time.perf_counter() - t0
            if resp.status != expect:
                errors[str(resp.status)] = errors.get(str(resp.status), 0) + 1
                return
            latencies.append(latency)
            if mode == "create":
                created.append(json.loads(body)["id"])
            elif field is not None:
                value = json.loads(body).get(field)
                if stop_when is not None and value == stop_when[1]:
                    stop.set()
            if want_samples:
                samples.append([wall, latency, value])

        async def worker() -> None:
            while not stop.is_set():
                if work is not None:
                    item = next(work, None)
                    if item is None:
                        return
                else:
                    item = None
                await one(item)
                if pace:
                    await asyncio.sleep(pace)

        started = time.perf_counter()
        tasks = [asyncio.create_task(worker()) for _ in range(concurrency)]
        if duration is not None:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=float(duration))
            stop.set()
        await asyncio.gather(*tasks)
        elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "count": len(latencies),
        "elapsed": elapsed,
        "rps": len(latencies) / elapsed if elapsed else 0.0,
        "p50": _pct(ordered, 50),
        "p99": _pct(ordered, 99),
        "max": ordered[-1] if ordered else float("nan"),
        "errors": errors,
        "samples": samples,
        "ids": created,
    }


def main() -> None:
    job = json.load(sys.stdin)
    json.dump(asyncio.run(_run(job)), sys.stdout)


if __name__ == "__main__":
    main()
