"""Panel fixtures: a DisksPanel on a real service process, driven as its front end would."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from apolo_disks_jupyter.client.disk import Disk
from apolo_disks_jupyter.notebook.panel import DisksPanel
from apolo_disks_jupyter.notebook.session import Session


def wait_for(predicate: Callable[[], Any], timeout: float = 15.0, what: str = "") -> Any:
    """Poll until ``predicate()`` is truthy (traits change from the session's loop thread)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what or predicate}")


def send(panel: DisksPanel, content: dict[str, Any]) -> None:
    """Deliver ``content`` exactly as the browser's ``model.send(content)`` would."""
    panel._handle_msg(
        {"content": {"data": {"method": "custom", "content": content}}, "buffers": []}
    )


@dataclass
class Service:
    """The service the panel talks to, seen straight through the client (not the panel)."""

    session: Session

    def disks(self, project: str | None = None) -> dict[str, Disk]:
        async def listing(client: Any) -> dict[str, Disk]:
            async with client.disks.list(project_name=project) as found:
                return {disk.id: disk async for disk in found}

        return self.session.run(listing)

    def create(self, storage: int | str = 10**9, **options: Any) -> Disk:
        options.setdefault("life_span", None)

        async def create(client: Any) -> Disk:
            disk: Disk = await client.disks.create(storage, **options)
            return disk

        return self.session.run(create)

    def rm(self, disk: Disk) -> None:
        async def remove(client: Any) -> None:
            await client.disks.rm(disk.id, project_name=disk.project_name)

        self.session.run(remove)

    def clear(self) -> None:
        for disk in self.disks().values():
            self.rm(disk)


def _session_on(service: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Session]:
    # The service process is then the embedded local service this kernel finds.
    monkeypatch.setenv("APOLO_DISKS_DATA_DIR", str(service.data_dir))
    session = Session()
    yield session
    session.close()


@pytest.fixture
def session(service_process: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Session]:
    yield from _session_on(service_process, monkeypatch)


@pytest.fixture
def service(session: Session) -> Iterator[Service]:
    seen = Service(session)
    seen.clear()
    yield seen
    seen.clear()


@pytest.fixture
def make_panel(service: Service) -> Iterator[Callable[..., DisksPanel]]:
    """``make_panel(**options)``: a loaded panel on the test's session; closed at the end."""
    made: list[DisksPanel] = []

    def make(**options: Any) -> DisksPanel:
        options.setdefault("poll_interval", 0.1)
        panel = DisksPanel(session=service.session, **options)
        made.append(panel)
        wait_for(lambda: panel.refreshed_at and not panel.busy, what="the first refresh")
        return panel

    yield make
    for panel in made:
        panel.close()


@pytest.fixture
def panel(make_panel: Callable[..., DisksPanel]) -> DisksPanel:
    return make_panel()


def row_ids(panel: DisksPanel) -> list[str]:
    return [row[0] for row in panel.disks]


def errors(panel: DisksPanel) -> list[str]:
    return [text for _, level, text in panel.messages if level == "error"]
