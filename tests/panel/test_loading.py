"""Opening the panel: it returns at once, fills itself, and says where it is connected."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from apolo_disks_jupyter.client.errors import InvalidArgument
from apolo_disks_jupyter.notebook.panel import DisksPanel
from apolo_disks_jupyter.notebook.session import Session

from .conftest import Service, errors, row_ids, send, wait_for


def test_returns_at_once_then_fills_itself(service: Service) -> None:
    made = service.create(name="first-disk")
    started = time.perf_counter()
    panel = DisksPanel(session=service.session)
    try:
        assert time.perf_counter() - started < 2.0
        # Traits change one by one on the loop thread: wait for the last one set.
        wait_for(lambda: panel.refreshed_at > 0 and panel.busy == 0)
        assert row_ids(panel) == [made.id]
        assert panel.scope == "default"
        assert panel.projects == ["default"]
    finally:
        panel.close()


def test_header_says_where_and_as_whom_never_the_token(
    panel: DisksPanel, service_process: Any
) -> None:
    assert panel.connection["state"] == "connected"
    assert panel.connection["where"] == "local service"
    assert panel.connection["user"]
    assert panel.connection["url"] == service_process.url
    state = json.dumps(panel.get_state())
    assert service_process.token not in state
    assert service_process.token not in repr(panel)


def test_url_connection_shows_cluster_and_no_docker_format(
    service_process: Any, service: Service
) -> None:
    session = Session()
    try:
        session.use(service_process.url, service_process.token)
        panel = DisksPanel(session=session)
        wait_for(lambda: panel.refreshed_at)
        assert panel.connection["where"].startswith("local/local")
        assert "docker" not in panel.formats
        panel.close()
    finally:
        session.close()


def test_refresh_message_shows_disks_made_elsewhere(panel: DisksPanel, service: Service) -> None:
    assert row_ids(panel) == []
    made = service.create(name="made-elsewhere")
    send(panel, {"kind": "refresh"})
    wait_for(lambda: row_ids(panel) == [made.id])
    assert panel.disks[0][1] == "made-elsewhere"


def test_scope_switches_to_all_projects_and_back(panel: DisksPanel, service: Service) -> None:
    here = service.create(name="here-disk")
    there = service.create(name="there-disk", project_name="other-proj")
    send(panel, {"kind": "refresh"})
    wait_for(lambda: "other-proj" in panel.projects)
    assert row_ids(panel) == [here.id]
    send(panel, {"kind": "scope", "project": ""})
    wait_for(lambda: sorted(row_ids(panel)) == sorted([here.id, there.id]))
    assert panel.scope == ""
    assert panel.project is None
    assert set(panel.frame.index) == {here.id, there.id}
    send(panel, {"kind": "scope", "project": "other-proj"})
    wait_for(lambda: row_ids(panel) == [there.id])
    assert panel.project == "other-proj"


def test_unknown_project_is_refused_in_the_panel(panel: DisksPanel) -> None:
    send(panel, {"kind": "scope", "project": "no-such-project"})
    assert errors(panel) == ["Project 'no-such-project' is not one of default."]
    assert panel.scope == "default"


def test_all_projects_from_python(make_panel: Any, service: Service) -> None:
    there = service.create(name="there-disk", project_name="other-proj")
    panel = make_panel(all_projects=True)
    assert row_ids(panel) == [there.id]
    assert panel.scope == ""


def test_a_service_that_cannot_be_reached_is_a_message_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("APOLO_DISKS_URL", "http://127.0.0.1:9/api/v1")
    monkeypatch.setenv("APOLO_DISKS_TOKEN", "not-a-token")
    session = Session()
    try:
        panel = DisksPanel(session=session)
        wait_for(lambda: panel.connection.get("state") == "failed", timeout=60)
        wait_for(lambda: errors(panel))
        assert "127.0.0.1:9" in errors(panel)[0] or "reach" in errors(panel)[0].lower()
        wait_for(lambda: panel.busy == 0)
        assert repr(panel).splitlines()[0] == "DisksPanel: 0 disks — not connected"
        assert "  ! " in repr(panel)
        captured = capsys.readouterr()
        assert "Traceback" not in captured.out + captured.err
        panel.close()
    finally:
        session.close()


def test_unknown_or_malformed_messages_show_as_messages(panel: DisksPanel) -> None:
    send(panel, {"kind": "explode"})
    send(panel, {"kind": "delete", "ids": "not-a-list"})
    send(panel, {"kind": "select", "ids": [1, 2]})
    assert errors(panel) == [
        "The panel got a message it does not know ('explode').",
        "ids must be a list of disk ids.",
        "ids must be a list of disk ids.",
    ]


def test_messages_are_dismissed(panel: DisksPanel) -> None:
    send(panel, {"kind": "explode"})
    (message_id, _, _) = panel.messages[0]
    send(panel, {"kind": "dismiss", "id": message_id})
    assert panel.messages == []


@pytest.mark.parametrize("project", ["", "has space", "-lead", "x" * 64, 5])
def test_a_badly_spelled_project_is_refused_at_once(session: Session, project: Any) -> None:
    with pytest.raises(InvalidArgument, match="Project name"):
        DisksPanel(project=project, session=session)


def test_a_bad_default_timeout_is_refused_at_once(session: Session) -> None:
    with pytest.raises(InvalidArgument, match="duration"):
        DisksPanel(timeout_unused="a while", session=session)


def test_default_timeout_reaches_the_form(make_panel: Any) -> None:
    assert make_panel(timeout_unused="7d").default_timeout == "7d"
    assert make_panel(timeout_unused=None).default_timeout == "no limit"
