"""The service as a process: connection file, one live service per folder, crashes, kernels."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from server_http import Api

from apolo_disks_jupyter.client.errors import ServiceUnavailable
from apolo_disks_jupyter.client.local import (
    LocalServiceInfo,
    default_data_dir,
    ensure_local_service,
)
from apolo_disks_jupyter.server import LocalDiskService, ServiceAlreadyRunning
from apolo_disks_jupyter.server.settings import login_name

Factory = Callable[..., Any]  # tests/conftest.py: service_process_factory
REPO_ROOT = Path(__file__).resolve().parents[2]


def _run_server(
    data_dir: Path, *args: str, timeout: float = 30
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    return subprocess.run(
        [sys.executable, "-m", "apolo_disks_jupyter.server", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )


def _connection(data_dir: Path) -> dict[str, object]:
    return dict(json.loads((data_dir / "connection.json").read_text()))


def _alive(pid: int) -> bool:
    # Collect our own child's exit first: a zombie still answers kill(pid, 0).
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_connection_json_is_private_and_the_token_never_printed(
    service_process_factory: Factory,
) -> None:
    service = service_process_factory()
    connection_file = service.data_dir / "connection.json"
    assert stat.S_IMODE(connection_file.stat().st_mode) == 0o600
    assert _connection(service.data_dir) == {
        "url": service.url,
        "token": service.token,
        "pid": service.pid,
        "user": login_name(),
        "cluster": "local",
        "org": "local",
        "project": "default",
    }
    output = service.output()
    assert service.url in output
    assert service.token not in output
    assert service.stop() == 0  # SIGTERM stops it cleanly
    assert not connection_file.exists()
    assert service.token not in service.output()


def test_a_second_start_reuses_the_live_service(service_process_factory: Factory) -> None:
    service = service_process_factory()
    second = _run_server(service.data_dir)
    assert second.returncode == 0, second.stderr
    assert service.url in second.stdout
    assert str(service.pid) in second.stdout
    assert service.token not in second.stdout + second.stderr
    assert _connection(service.data_dir)["pid"] == service.pid
    assert service.process.poll() is None


def test_a_dead_services_folder_is_taken_over(service_process_factory: Factory) -> None:
    first = service_process_factory()
    first.kill()
    assert _connection(first.data_dir)["pid"] == first.pid  # left behind by SIGKILL
    second = service_process_factory(first.data_dir)
    assert second.pid != first.pid
    assert _connection(first.data_dir)["pid"] == second.pid
    assert second.token == first.token  # kernels keep working across a restart


def test_simultaneous_starts_leave_exactly_one_service(tmp_path: Path) -> None:
    data_dir = tmp_path / "svc"
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    command = [sys.executable, "-m", "apolo_disks_jupyter.server", "--data-dir", str(data_dir)]
    processes = [
        subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
        )
        for _ in range(3)
    ]
    try:
        deadline = time.monotonic() + 30
        while sum(p.poll() is not None for p in processes) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        exited = [p for p in processes if p.poll() is not None]
        running = [p for p in processes if p.poll() is None]
        assert len(exited) == 2
        assert len(running) == 1
        assert all(p.returncode == 0 for p in exited)
        assert _connection(data_dir)["pid"] == running[0].pid
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
            process.communicate(timeout=15)


async def test_an_in_process_start_finds_the_process_service(
    service_process_factory: Factory,
) -> None:
    service = service_process_factory()
    with pytest.raises(ServiceAlreadyRunning) as info:
        await LocalDiskService(service.data_dir).start()
    assert (info.value.url, info.value.pid) == (service.url, service.pid)


def test_idle_timeout_stops_the_process(service_process_factory: Factory) -> None:
    service = service_process_factory(None, "--idle-timeout", "0.5")
    assert service.process.wait(timeout=15) == 0
    assert not (service.data_dir / "connection.json").exists()


def test_cli_flags_are_applied(service_process_factory: Factory) -> None:
    service = service_process_factory(
        None, "--user", "dora", "--project", "main", "--quota", "1Gi", "--pending-seconds", "30"
    )

    async def check() -> None:
        async with aiohttp.ClientSession() as http:
            api = Api(http, service.url, service.token)
            disk = await api.create(storage=2**30, project_name="main")
            assert (disk["owner"], disk["status"]) == ("dora", "Pending")
            body = await api.create(status=403, storage=1, project_name="main")
            assert body["description"] == "Project exceeded storage size limit 1 GB"

    asyncio.run(check())


def test_a_bad_flag_is_refused() -> None:
    result = _run_server(Path("/nonexistent-never-created"), "--quota", "1K")
    assert result.returncode == 2
    assert "ambiguous" in result.stderr
    assert not Path("/nonexistent-never-created").exists()


# -- crashes --------------------------------------------------------------------------------


async def _churn(url: str, token: str, seconds: float, worker: int, acked: dict[str, bool]) -> None:
    """Create and delete disks until the service dies; ``acked[id]`` = exists as answered."""
    rng = random.Random(worker)
    mine: list[str] = []
    deadline = time.monotonic() + seconds
    async with aiohttp.ClientSession(
        headers={"Authorization": f"Bearer {token}"},
        timeout=aiohttp.ClientTimeout(total=5),
    ) as http:
        while time.monotonic() < deadline:
            try:
                if mine and rng.random() < 0.4:
                    disk_id = mine.pop(rng.randrange(len(mine)))
                    acked[disk_id] = None
                    async with http.delete(f"{url}/disk/{disk_id}") as reply:
                        if reply.status == 204:
                            acked[disk_id] = False
                else:
                    body = {
                        "storage": 1,
                        "life_span": None,
                        "name": f"w{worker}-{rng.randrange(10**9)}",
                        "project_name": rng.choice(["one", "two"]),
                        "org_name": "local",
                    }
                    async with http.post(f"{url}/disk", json=body) as reply:
                        if reply.status == 201:
                            disk_id = (await reply.json())["id"]
                            acked[disk_id] = True
                            mine.append(disk_id)
            except (aiohttp.ClientError, asyncio.TimeoutError):
                return


async def _list_all(url: str, token: str) -> list[dict[str, object]]:
    async with aiohttp.ClientSession() as http:
        api = Api(http, url, token)
        return list(await api.list(org_name="local"))


def _check_consistent(data_dir: Path, listed: list[dict[str, object]]) -> None:
    ids = {str(disk["id"]) for disk in listed}
    entries = {entry.name for entry in (data_dir / "volumes").iterdir()}
    assert entries <= ids, "a directory without its record"
    for disk in listed:
        assert disk["id"] in entries or disk["status"] == "Broken", "a record without directory"


def test_sigkill_during_creates_and_deletes_loses_nothing_acknowledged(
    service_process_factory: Factory,
) -> None:
    service = service_process_factory()
    data_dir = service.data_dir
    acked: dict[str, bool | None] = {}
    for round_number in range(3):

        async def storm(url: str, token: str, pid: int, delay: float) -> None:
            workers = [
                asyncio.create_task(_churn(url, token, 10, worker, acked)) for worker in range(8)
            ]
            await asyncio.sleep(delay)
            os.kill(pid, signal.SIGKILL)
            await asyncio.gather(*workers)

        asyncio.run(storm(service.url, service.token, service.pid, 0.3 + 0.2 * round_number))
        service.process.wait(timeout=15)
        service = service_process_factory(data_dir)
        listed = asyncio.run(_list_all(service.url, service.token))
        ids = {str(disk["id"]) for disk in listed}
        for disk_id, exists in acked.items():
            if exists is True:
                assert disk_id in ids, f"acknowledged disk {disk_id} lost"
            elif exists is False:
                assert disk_id not in ids, f"acknowledged delete of {disk_id} undone"
        _check_consistent(data_dir, listed)
        assert all(disk["status"] != "Broken" for disk in listed)
    assert list(acked.values()).count(True) > 0
    assert list(acked.values()).count(False) > 0


# -- several processes on one folder -------------------------------------------------------

_WRITER = """
import asyncio, json, sys
import aiohttp

async def main(url, token, names):
    async with aiohttp.ClientSession(headers={"Authorization": "Bearer " + token}) as http:
        async def one(name):
            body = {"storage": 1, "life_span": None, "name": name,
                    "project_name": "shared", "org_name": "local"}
            async with http.post(url + "/disk", json=body) as reply:
                return name, reply.status
        print(json.dumps(dict(await asyncio.gather(*map(one, names)))))

asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
"""


def test_two_processes_writing_to_one_service_stay_consistent(
    service_process_factory: Factory,
) -> None:
    service = service_process_factory()
    names = [f"name-{i}" for i in range(40)]
    other = subprocess.Popen(
        [sys.executable, "-c", _WRITER, service.url, service.token, *names],
        stdout=subprocess.PIPE,
        text=True,
    )

    async def mine() -> dict[str, int]:
        async with aiohttp.ClientSession(
            headers={"Authorization": f"Bearer {service.token}"}
        ) as http:

            async def one(name: str) -> tuple[str, int]:
                body = {
                    "storage": 1,
                    "life_span": None,
                    "name": name,
                    "project_name": "shared",
                    "org_name": "local",
                }
                async with http.post(f"{service.url}/disk", json=body) as reply:
                    return name, reply.status

            return dict(await asyncio.gather(*map(one, reversed(names))))

    here = asyncio.run(mine())
    out, _ = other.communicate(timeout=60)
    there = json.loads(out)
    for name in names:
        assert sorted([here[name], there[name]]) == [201, 409], name
    listed = asyncio.run(_list_all(service.url, service.token))
    assert sorted(str(d["name"]) for d in listed) == sorted(names)
    _check_consistent(service.data_dir, listed)
    assert len(list((service.data_dir / "volumes").iterdir())) == len(names)


# -- ensure_local_service (what kernels call) -----------------------------------------------


@pytest.fixture
def started_services() -> Iterator[list[LocalServiceInfo]]:
    """Services started by ensure_local_service; killed at the end (they outlive us)."""
    started: list[LocalServiceInfo] = []
    yield started
    for pid in {info.pid for info in started}:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            continue
        deadline = time.monotonic() + 10
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)


def test_default_data_dir_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APOLO_DISKS_DATA_DIR", str(tmp_path / "here"))
    assert default_data_dir() == tmp_path / "here"


def test_ensure_local_service_starts_one_and_then_reuses_it(
    started_services: list[LocalServiceInfo],
) -> None:
    with pytest.raises(ServiceUnavailable):
        ensure_local_service(start=False)
    first = ensure_local_service()
    started_services.append(first)
    assert first.data_dir == default_data_dir()
    assert first.token not in repr(first)
    second = ensure_local_service()
    assert (second.url, second.pid, second.token) == (first.url, first.pid, first.token)
    assert ensure_local_service(start=False) == first

    async def works() -> None:
        async with aiohttp.ClientSession() as http:
            api = Api(http, first.url, first.token)
            await api.create(name="from-kernel")
            assert [d["name"] for d in await api.list()] == ["from-kernel"]

    asyncio.run(works())


def test_ensure_local_service_replaces_a_dead_service(
    tmp_path: Path, started_services: list[LocalServiceInfo]
) -> None:
    first = ensure_local_service(tmp_path / "kernel-data")
    started_services.append(first)
    os.kill(first.pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while _alive(first.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    second = ensure_local_service(tmp_path / "kernel-data")
    started_services.append(second)
    assert second.pid != first.pid
    assert second.token == first.token


def test_concurrent_ensure_calls_share_one_service(
    tmp_path: Path, started_services: list[LocalServiceInfo]
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from apolo_disks_jupyter.client import local

    already = set(local._STARTED)
    with ThreadPoolExecutor(4) as pool:
        infos = list(pool.map(lambda _: ensure_local_service(tmp_path / "shared"), range(4)))
    started_services.extend(infos)
    assert len({info.pid for info in infos}) == 1
    # Every other process started meanwhile finds the live one and exits 0.
    others = [p for p in local._STARTED if p not in already and p.pid != infos[0].pid]
    assert [p.wait(timeout=30) for p in others] == [0] * len(others)
