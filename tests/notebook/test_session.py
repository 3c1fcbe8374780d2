"""The kernel session: a private loop thread, progress, Ctrl-C, use/describe, reconnect, close."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import re
import signal
import sys
import threading
import time
import warnings
from pathlib import Path
from typing import Any

import pytest

from apolo_disks_jupyter.client.errors import InvalidArgument, ServiceUnavailable
from apolo_disks_jupyter.notebook.session import ConnectionDescription, Session, get_session


def test_run_returns_what_the_call_returns(session: Session) -> None:
    async def where(client: Any) -> tuple[str, str]:
        return client.cluster_name, threading.current_thread().name

    cluster, thread = session.run(where)
    assert cluster == "local"
    assert thread == "apolo-disks-loop"  # never the caller's thread


def test_errors_of_the_call_reach_the_caller(session: Session) -> None:
    async def fail(client: Any) -> None:
        await client.disks.get("no-such-disk")

    with pytest.raises(Exception, match="no-such-disk"):
        session.run(fail)


def test_one_loop_and_one_client_serve_every_call(session: Session) -> None:
    async def ident(client: Any) -> tuple[int, int]:
        return id(client), id(asyncio.get_running_loop())

    assert session.run(ident) == session.run(ident)


def test_fast_calls_show_no_progress(session: Session, capsys: pytest.CaptureFixture[str]) -> None:
    async def quick(client: Any) -> int:
        return 1

    assert session.run(quick, label="quick") == 1
    assert capsys.readouterr().err == ""


def test_slow_calls_show_progress_that_disappears(
    session: Session, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)  # as in a terminal

    async def slow(client: Any) -> str:
        await asyncio.sleep(1.4)
        return "done"

    assert session.run(slow, label="creating disk") == "done"
    err = capsys.readouterr().err
    shown = re.findall(r"\rcreating disk… (\d+\.\d) s", err)
    assert len(shown) >= 2, err  # updated in place
    assert 1.0 <= float(shown[0]) < float(shown[-1])
    # The line is blanked and the cursor returned: nothing is left on screen.
    assert err.endswith("\r" + " " * len(f"creating disk… {shown[-1]} s") + "\r")


def test_ctrl_c_cancels_the_call_and_the_session_stays_usable(session: Session) -> None:
    cancelled = threading.Event()

    async def hang(client: Any) -> None:
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:
            cancelled.set()
            raise

    session.run(lambda client: asyncio.sleep(0))  # connect first
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        session.run(hang, label="hanging")
    assert time.monotonic() - started < 5
    assert cancelled.is_set()  # cancelled on the loop before run() re-raised

    async def name(client: Any) -> str:
        return str(client.project_name)

    assert session.run(name) == "default"


def test_submit_returns_at_once_with_a_future(session: Session) -> None:
    release = threading.Event()

    async def wait_then_answer(client: Any) -> str:
        await asyncio.to_thread(release.wait, 10)
        return client.org_name

    future = session.submit(wait_then_answer)
    assert not future.done()
    release.set()
    assert future.result(timeout=10) == "local"


def test_describe_says_where_and_as_whom_never_the_token(session: Session, on_service: Any) -> None:
    where = session.describe()
    assert isinstance(where, ConnectionDescription)
    assert where.source == "local service"
    assert where.is_local
    assert where.url == on_service.url
    assert (where.cluster_name, where.org_name, where.project_name) == ("local", "local", "default")
    assert where.local_data_dir == on_service.data_dir
    assert where.username
    text = str(where)
    assert "embedded local service" in text
    assert where.username in text
    assert on_service.token not in text + repr(where)


def test_use_a_url_switches_the_backend(session: Session, on_service: Any) -> None:
    where = session.use(on_service.url, token=on_service.token)
    assert where.source == "arguments"
    assert where.url == on_service.url
    assert session.backend == "url"
    assert session.describe() == where


def test_use_local_connects_to_the_embedded_service(session: Session, on_service: Any) -> None:
    where = session.use("local")
    assert where.is_local
    assert where.local_data_dir == on_service.data_dir
    assert session.backend == "local"


def test_use_apolo_without_a_login_says_so_and_keeps_the_connection(session: Session) -> None:
    before = session.describe()
    with pytest.raises(Exception, match="apolo login"):
        session.use("apolo")
    assert session.describe() == before
    assert session.backend == "auto"


def test_use_refuses_what_is_not_a_target(session: Session) -> None:
    for target in ("", "ftp://x", "localhost:8080", "remote"):
        with pytest.raises(InvalidArgument):
            session.use(target)
    with pytest.raises(InvalidArgument, match="token goes with a URL"):
        session.use("local", token="x")
    assert not session.connected  # nothing was contacted


def test_an_unreachable_url_fails_clearly_and_keeps_the_old_connection(session: Session) -> None:
    before = session.describe()
    with pytest.raises(ServiceUnavailable):
        session.use("http://127.0.0.1:9/api/v1", token="t")
    assert session.describe() == before


def test_configure_changes_the_defaults_of_the_next_call(session: Session) -> None:
    async def project(client: Any) -> str:
        return str(client.project_name)

    assert session.run(project) == "default"
    session.configure(project_name="other-proj")
    assert session.run(project) == "other-proj"
    session.configure()
    assert session.run(project) == "default"


def test_close_leaves_no_unclosed_session_and_the_next_call_reconnects(session: Session) -> None:
    async def name(client: Any) -> str:
        return str(client.cluster_name)

    session.run(name)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        session.close()
        gc.collect()
    assert not [w for w in caught if "nclosed" in str(w.message)]
    assert not session.connected
    assert session.run(name) == "local"
    session.close()
    session.close()  # twice is harmless


def test_get_session_is_one_per_process() -> None:
    assert get_session() is get_session()


def test_a_stopped_local_service_is_restarted_on_the_next_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from apolo_disks_jupyter.client.local import ensure_local_service

    monkeypatch.setenv("APOLO_DISKS_DATA_DIR", str(tmp_path / "data"))
    session = Session()
    try:

        async def count(client: Any) -> int:
            async with client.disks.list() as disks:
                return len([d async for d in disks])

        assert session.run(count) == 0
        first = ensure_local_service(tmp_path / "data", start=False)
        os.kill(first.pid, signal.SIGKILL)
        _wait_until_gone(first.pid)
        assert session.run(count) == 0  # reconnected to a new service
        second = ensure_local_service(tmp_path / "data", start=False)
        assert second.pid != first.pid
    finally:
        session.close()
        info = ensure_local_service(tmp_path / "data", start=False)
        os.kill(info.pid, signal.SIGTERM)
        _wait_until_gone(info.pid)


def _wait_until_gone(pid: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    raise AssertionError(f"process {pid} still runs")


def test_piped_output_gets_no_progress_line(
    session: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    async def slow(client: Any) -> str:
        await asyncio.sleep(1.2)
        return "done"

    assert session.run(slow, label="creating disk") == "done"
    assert capsys.readouterr().err == ""


def test_in_a_kernel_progress_is_a_display_updated_in_place_then_emptied(
    session: Session, ipython: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from apolo_disks_jupyter.notebook import session as session_module

    monkeypatch.setattr(session_module, "_in_kernel", lambda: True)
    published: list[tuple[str, bool]] = []
    publisher = ipython.display_pub

    def publish(data: dict[str, Any], *args: Any, update: bool = False, **kwargs: Any) -> None:
        published.append((data.get("text/plain", ""), update))

    monkeypatch.setattr(publisher, "publish", publish)

    async def slow(client: Any) -> str:
        await asyncio.sleep(1.3)
        return "done"

    assert session.run(slow, label="creating disk") == "done"
    first_text, first_update = published[0]
    assert first_text.startswith("creating disk… 1.")
    assert not first_update
    assert all(update for _, update in published[1:])  # the same output, updated in place
    assert published[-1] == ("", True)  # emptied when done


def test_use_apolo_follows_the_users_apolo_login(
    session: Session, on_service: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import apolo_sdk
    from yarl import URL

    config = tmp_path / "apolo"
    asyncio.run(apolo_sdk.login_with_token(on_service.token, url=URL(on_service.url), path=config))
    monkeypatch.setenv("APOLO_CONFIG", str(config))
    where = session.use("apolo")
    assert where.source == "apolo login"
    assert where.url == on_service.url
    assert (where.cluster_name, where.project_name) == ("local", "default")
    assert session.backend == "apolo"
