"""The mount drawer's snippets, the selection, the frames and the text repr."""

from __future__ import annotations

import pytest

from apolo_disks_jupyter.notebook.frames import COLUMNS
from apolo_disks_jupyter.notebook.panel import DisksPanel
from apolo_disks_jupyter.notebook.snippets import mount_snippet

from .conftest import Service, send


def mount(panel: DisksPanel, disk_id: str, **values: object) -> dict[str, object]:
    message = {
        "kind": "mount",
        "req": "v-3",
        "id": disk_id,
        "path": "/mnt/data",
        "read_only": False,
        "format": "cli",
    }
    message.update(values)
    send(panel, message)
    return dict(panel.snippet)


def test_mount_answers_with_the_magics_snippet(panel: DisksPanel, service_process: object) -> None:
    disk = panel.create("1G", name="mount-me")
    for fmt in ("cli", "sdk", "flow", "k8s"):
        answer = mount(panel, disk.id, format=fmt, read_only=True, path="/data")
        expected = mount_snippet(
            disk,
            "/data",
            True,
            (fmt,),
            project_name="default",
            cluster_name="local",
            org_name="local",
        )
        assert answer["text"] == expected[fmt]
        assert answer["req"] == "v-3"
        assert answer["error"] == ""
    assert "disk:mount-me:/data:ro" in str(
        mount(panel, disk.id, read_only=True, path="/data")["text"]
    )


def test_docker_snippet_points_at_the_disks_directory(
    panel: DisksPanel, service_process: object
) -> None:
    disk = panel.create("1G", name="docker-disk")
    assert "docker" in panel.formats
    answer = mount(panel, disk.id, format="docker")
    volume = service_process.data_dir / "volumes" / disk.id  # type: ignore[attr-defined]
    assert f"-v {volume}:/mnt/data " in str(answer["text"])
    assert volume.is_dir()


@pytest.mark.parametrize(
    ("values", "problem"),
    [
        ({"path": "relative/path"}, "must be absolute"),
        ({"path": "/a:b"}, "cannot contain ':'"),
        ({"format": "yaml"}, "not available"),
        ({"read_only": "yes"}, "read_only must be"),
        ({"id": "disk-00000000-0000-0000-0000-000000000000"}, "not in the panel"),
    ],
)
def test_mount_mistakes_are_answered_in_the_drawer(
    panel: DisksPanel, values: dict[str, object], problem: str
) -> None:
    disk = panel.create("1G")
    answer = mount(panel, disk.id, **values)
    assert answer["text"] == ""
    assert problem in str(answer["error"])
    assert panel.messages == []


def test_selection_is_kept_and_gives_selected_frame(panel: DisksPanel) -> None:
    a = panel.create("1G", name="sel-a")
    b = panel.create("2G", name="sel-b")
    send(panel, {"kind": "select", "ids": [b.id, "disk-00000000-0000-0000-0000-000000000000"]})
    assert panel.selected == [b.id]
    frame = panel.selected_frame
    assert list(frame.index) == [b.id]
    assert list(frame.columns) == list(COLUMNS)
    assert set(panel.frame.index) == {a.id, b.id}


def test_frame_has_the_magics_columns_even_when_empty(panel: DisksPanel) -> None:
    assert list(panel.frame.columns) == list(COLUMNS)
    assert len(panel.frame) == 0
    assert len(panel.selected_frame) == 0


def test_text_repr_is_stable_and_useful(panel: DisksPanel, service: Service) -> None:
    panel.create("10G", name="beta-disk", timeout_unused="2d")
    panel.create("1G", name="alpha-disk", timeout_unused=None)
    first = repr(panel)
    user = panel.connection["user"]
    assert first.splitlines() == [
        f"DisksPanel: 2 disks in project default — local service, user {user}",
        "  NAME        STATUS  SIZE     TIMEOUT UNUSED  PROJECT",
        "  alpha-disk  Ready   1.0 GB   no limit        default",
        "  beta-disk   Ready   10.0 GB  2d              default",
    ]
    assert repr(panel) == first
