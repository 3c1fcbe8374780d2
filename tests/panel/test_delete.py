"""Deleting from the panel (after the front end's two-step confirmation) and from Python."""

from __future__ import annotations

import pytest

from apolo_disks_jupyter.client.errors import DisksError
from apolo_disks_jupyter.notebook.panel import DisksPanel

from .conftest import Service, errors, row_ids, send, wait_for


def test_delete_message_removes_the_disk_everywhere(panel: DisksPanel, service: Service) -> None:
    keep = panel.create("1G", name="keep-me")
    drop = panel.create("1G", name="drop-me")
    send(panel, {"kind": "delete", "ids": [drop.id]})
    wait_for(lambda: drop.id not in row_ids(panel))
    wait_for(lambda: panel.busy == 0 and panel.deleting == [])
    assert list(service.disks()) == [keep.id]
    assert row_ids(panel) == [keep.id]
    assert errors(panel) == []


def test_rows_being_deleted_are_marked_until_done(panel: DisksPanel, service: Service) -> None:
    disk = panel.create("1G", name="marked-disk")
    seen: list[list[str]] = []
    panel.observe(lambda change: seen.append(change["new"]), names="deleting")
    send(panel, {"kind": "delete", "ids": [disk.id]})
    wait_for(lambda: panel.deleting == [] and row_ids(panel) == [])
    assert seen[0] == [disk.id]
    assert service.disks() == {}


def test_multi_delete_removes_every_selected_disk(panel: DisksPanel, service: Service) -> None:
    disks = [panel.create("1G", name=f"multi-{i}") for i in range(3)]
    send(panel, {"kind": "select", "ids": [d.id for d in disks[:2]]})
    send(panel, {"kind": "delete", "ids": list(panel.selected)})
    wait_for(lambda: row_ids(panel) == [disks[2].id] and panel.selected == [])
    assert list(service.disks()) == [disks[2].id]


def test_a_disk_already_gone_is_reported_and_the_table_corrected(
    panel: DisksPanel, service: Service
) -> None:
    gone = panel.create("1G", name="gone-disk")
    other = service.create(name="made-meanwhile")
    service.rm(gone)
    send(panel, {"kind": "delete", "ids": [gone.id]})
    wait_for(lambda: errors(panel))
    assert errors(panel)[0].startswith("Could not delete gone-disk: ")
    assert "not found" in errors(panel)[0]
    # The panel refreshed: the gone row left, the disk made meanwhile came in.
    wait_for(lambda: row_ids(panel) == [other.id])


def test_unknown_ids_are_a_warning(panel: DisksPanel) -> None:
    send(panel, {"kind": "delete", "ids": ["disk-00000000-0000-0000-0000-000000000000"]})
    assert panel.messages[0][1] == "warning"
    assert "Not in the panel" in panel.messages[0][2]


def test_python_remove_by_id_and_name_returns_removed_ids(
    panel: DisksPanel, service: Service
) -> None:
    a = panel.create("1G", name="rm-by-name")
    b = panel.create("1G")
    assert panel.remove("rm-by-name", b.id) == [a.id, b.id]
    assert service.disks() == {}
    assert row_ids(panel) == []


def test_python_remove_tries_every_disk_and_lists_failures(
    panel: DisksPanel, service: Service
) -> None:
    a = panel.create("1G", name="first-one")
    b = panel.create("1G", name="last-one")
    with pytest.raises(DisksError) as raised:
        panel.remove("first-one", "missing-one", "Not A Name", "last-one")
    message = str(raised.value)
    assert message.startswith("Could not remove 2 of 4 disks: ")
    assert "missing-one: " in message
    assert "Not A Name: " in message
    assert "removed: first-one, last-one" in message
    assert service.disks() == {}
    assert a.id not in row_ids(panel)
    assert b.id not in row_ids(panel)


def test_python_remove_finds_disks_not_in_the_panel_yet(
    panel: DisksPanel, service: Service
) -> None:
    elsewhere = service.create(name="not-shown-yet")
    assert panel.remove("not-shown-yet") == [elsewhere.id]
    assert service.disks() == {}


def test_python_remove_needs_a_disk(panel: DisksPanel) -> None:
    with pytest.raises(DisksError):
        panel.remove()
