"""Creating disks from the form (simulated) and from Python; every rule checked again here."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from apolo_disks_jupyter.client.disk import Disk
from apolo_disks_jupyter.client.errors import DiskNameConflict, InvalidArgument
from apolo_disks_jupyter.notebook.panel import DisksPanel
from apolo_disks_jupyter.notebook.session import Session

from .conftest import Service, row_ids, send, wait_for


def form(**values: Any) -> dict[str, Any]:
    message = {
        "kind": "create",
        "req": "v1-1",
        "size": "10",
        "unit": "G",
        "name": None,
        "timeout_unused": "1d",
        "project": None,
    }
    message.update(values)
    return message


def test_form_creates_the_disk_and_its_row_appears(panel: DisksPanel, service: Service) -> None:
    send(panel, form(size="1.5", unit="Gi", name="from-form", timeout_unused="2d3h"))
    result = wait_for(lambda: panel.create_result.get("req") == "v1-1" and panel.create_result)
    assert result["ok"] is True
    (disk,) = service.disks().values()
    assert result["id"] == disk.id
    assert disk.storage == 1610612736
    assert disk.name == "from-form"
    assert disk.timeout_unused == timedelta(days=2, hours=3)
    assert row_ids(panel) == [disk.id]
    wait_for(lambda: panel.busy == 0)


def test_no_limit_creates_a_disk_that_never_expires(panel: DisksPanel, service: Service) -> None:
    send(panel, form(timeout_unused="no limit"))
    wait_for(lambda: panel.create_result.get("ok"))
    (disk,) = service.disks().values()
    assert disk.timeout_unused is None
    assert panel.disks[0][7] is None  # expires: never


@pytest.mark.parametrize(
    ("values", "problem"),
    [
        ({"name": "Bad_Name"}, "not allowed"),
        ({"name": "ab"}, "has 2 characters"),
        ({"name": "ends-"}, "not allowed"),
        ({"name": "a" * 41}, "has 41 characters"),
        ({"name": 7}, "must be text"),
        ({"size": "ten"}, "not a number"),
        ({"size": "-1"}, "not a number"),
        ({"size": "0"}, "more than 0 bytes"),
        ({"size": 10}, "must be text"),
        ({"unit": "K"}, "Unknown size unit"),
        ({"unit": None}, "Unknown size unit"),
        ({"size": "1.0000000001", "unit": "G"}, "whole number of bytes"),
        ({"timeout_unused": "3 weeks"}, "Cannot read duration"),
        ({"timeout_unused": 5}, "timeout_unused must be"),
        ({"project": "elsewhere"}, "not one of default"),
    ],
)
def test_form_mistakes_are_answered_and_nothing_is_sent(
    panel: DisksPanel, service: Service, values: dict[str, Any], problem: str
) -> None:
    send(panel, form(**values))
    assert panel.create_result["req"] == "v1-1"
    assert panel.create_result["ok"] is False
    assert problem in panel.create_result["error"]
    assert service.disks() == {}
    assert panel.disks == []


def test_name_conflict_from_the_service_is_shown_in_the_form(
    panel: DisksPanel, service: Service
) -> None:
    taken = service.create(name="taken-name")
    send(panel, form(name="taken-name"))
    result = wait_for(lambda: panel.create_result.get("req") == "v1-1" and panel.create_result)
    assert result["ok"] is False
    assert "taken-name" in result["error"]
    assert list(service.disks()) == [taken.id]


def test_create_in_another_project_from_all_projects(make_panel: Any, service: Service) -> None:
    service.create(name="seed-disk", project_name="second")
    panel = make_panel(all_projects=True)
    assert set(panel.projects) == {"default", "second"}
    send(panel, form(name="in-second", project="second"))
    wait_for(lambda: panel.create_result.get("ok"))
    (disk,) = [d for d in service.disks().values() if d.name == "in-second"]
    assert disk.project_name == "second"
    assert disk.id in row_ids(panel)


def test_python_create_returns_the_disk_and_shows_it(panel: DisksPanel, service: Service) -> None:
    disk = panel.create("20G", name="py-disk", timeout_unused=None)
    assert isinstance(disk, Disk)
    assert disk.storage == 20 * 10**9
    assert disk.timeout_unused is None
    assert service.disks()[disk.id].name == "py-disk"
    assert row_ids(panel) == [disk.id]


def test_python_create_defaults_to_one_day(panel: DisksPanel) -> None:
    disk = panel.create(10**9)
    assert disk.timeout_unused == timedelta(days=1)
    assert disk.name is None


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (("10K",), {}),
        (("10G",), {"name": "UPPER"}),
        (("10G",), {"timeout_unused": "soon"}),
        ((0,), {}),
        (("10G",), {"project": "nowhere"}),
    ],
)
def test_python_create_mistakes_raise_before_sending(
    panel: DisksPanel, service: Service, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    with pytest.raises(InvalidArgument):
        panel.create(*args, **kwargs)
    assert service.disks() == {}


def test_python_create_conflict_raises(panel: DisksPanel, service: Service) -> None:
    service.create(name="dup-disk")
    with pytest.raises(DiskNameConflict):
        panel.create("1G", name="dup-disk")


def test_pending_disks_are_watched_until_ready(
    service_process_factory: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow = service_process_factory(None, "--pending-seconds", "1")
    monkeypatch.setenv("APOLO_DISKS_DATA_DIR", str(slow.data_dir))
    session = Session()
    try:
        panel = DisksPanel(session=session, poll_interval=0.2)
        wait_for(lambda: panel.refreshed_at)
        send(panel, form(name="slow-disk"))
        wait_for(lambda: panel.create_result.get("ok"))
        assert panel.disks[0][2] == "Pending"
        refreshed = panel.refreshed_at
        wait_for(lambda: panel.disks[0][2] == "Ready", timeout=20)
        assert panel.refreshed_at == refreshed  # no refresh was asked for
        panel.close()
    finally:
        session.close()
