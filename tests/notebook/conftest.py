"""Fixtures for the notebook layer: an IPython shell with %disks, on the service process."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output
from traitlets.config import Config

from apolo_disks_jupyter.client.disk import Disk
from apolo_disks_jupyter.notebook.magic.core import DisksMagic
from apolo_disks_jupyter.notebook.session import Session


@pytest.fixture(scope="session")
def ipython() -> InteractiveShell:
    """One in-process IPython shell without a history database."""
    config = Config()
    config.HistoryManager.enabled = False
    shell = InteractiveShell.instance(config=config)
    return shell


@pytest.fixture
def on_service(service_process: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Make the service process the embedded local service this test's kernel finds."""
    monkeypatch.setenv("APOLO_DISKS_DATA_DIR", str(service_process.data_dir))
    return service_process


@pytest.fixture
def session(on_service: Any) -> Iterator[Session]:
    """A fresh session (auto: finds the service process as the local service); closed after."""
    fresh = Session()
    yield fresh
    fresh.close()


@dataclass
class CellResult:
    """What a cell did: its value, its failure and what it printed."""

    result: Any
    error: BaseException | None
    stdout: str
    stderr: str

    @property
    def failed(self) -> bool:
        return self.error is not None

    @property
    def shown(self) -> str:
        return self.stdout + self.stderr


@dataclass
class Kernel:
    """The shell with %disks bound to the test's session, and helpers to run cells."""

    shell: InteractiveShell
    session: Session
    magic: DisksMagic

    def cell(self, source: str) -> CellResult:
        with capture_output() as captured:
            outcome = self.shell.run_cell(source, store_history=False)
        error = outcome.error_in_exec or outcome.error_before_exec
        return CellResult(outcome.result, error, captured.stdout, captured.stderr)

    def disks(self, line: str) -> Any:
        """``%disks line`` as a call: the value, or the exception raised."""
        return self.shell.run_line_magic("disks", line)

    def ids(self, project: str | None = None) -> set[str]:
        """Every disk on the service (all projects), straight from the client."""

        async def listing(client: Any) -> set[str]:
            async with client.disks.list(project_name=project) as disks:
                return {disk.id async for disk in disks}

        return self.session.run(listing)

    def remove_all(self) -> None:
        async def clean(client: Any) -> None:
            async with client.disks.list() as disks:
                found: list[Disk] = [disk async for disk in disks]
            for disk in found:
                await client.disks.rm(disk.id, project_name=disk.project_name)

        self.session.run(clean)


@pytest.fixture
def kernel(ipython: InteractiveShell, session: Session) -> Iterator[Kernel]:
    """%disks in the shell, bound to a fresh session on the service process; disks cleaned up."""
    from apolo_disks_jupyter.notebook.display import register_formatters, unregister_formatters

    ipython.config.pop("DisksMagic", None)  # %config of earlier tests
    magic = DisksMagic(shell=ipython, session=session)
    ipython.register_magics(magic)
    if magic not in ipython.configurables:
        ipython.configurables.append(magic)
    register_formatters(ipython)
    k = Kernel(ipython, session, magic)
    k.remove_all()
    yield k
    k.remove_all()
    while magic in ipython.configurables:
        ipython.configurables.remove(magic)
    ipython.config.pop("DisksMagic", None)
    unregister_formatters(ipython)
    ipython.magics_manager.magics["line"].pop("disks", None)


@pytest.fixture
def make_disk(kernel: Kernel) -> Callable[..., Disk]:
    """Create a disk through the client (not the magic): ``make_disk(size, name=..., ...)``."""

    def make(storage: int = 10**9, **options: Any) -> Disk:
        options.setdefault("life_span", None)

        async def create(client: Any) -> Disk:
            disk: Disk = await client.disks.create(storage, **options)
            return disk

        return kernel.session.run(create)

    return make
