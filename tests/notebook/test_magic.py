"""Every %disks command and flag, in a real IPython shell against the service process."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pandas as pd
import pytest
from IPython.core.error import UsageError

from apolo_disks_jupyter.client.disk import Disk
from apolo_disks_jupyter.client.errors import DiskNotFound
from apolo_disks_jupyter.notebook.session import ConnectionDescription
from apolo_disks_jupyter.notebook.snippets import FORMATS, MountSnippet

# -- ls ----------------------------------------------------------------------------------------


def test_ls_returns_a_frame_of_the_current_project(kernel: Any) -> None:
    here = kernel.disks("create 1G --name here-disk")
    kernel.disks("create 1G --name there-disk --project there")
    frame = kernel.disks("ls")
    assert isinstance(frame, pd.DataFrame)
    assert frame.index.tolist() == [here.id]
    assert frame.loc[here.id, "name"] == "here-disk"


def test_ls_assigns_with_equals(kernel: Any) -> None:
    disk = kernel.disks("create 1G")
    result = kernel.cell("df = %disks ls")
    assert not result.failed
    assert kernel.shell.user_ns["df"].index.tolist() == [disk.id]


def test_ls_project_lists_another_project(kernel: Any) -> None:
    there = kernel.disks("create 1G --project there")
    assert kernel.disks("ls --project there").index.tolist() == [there.id]
    assert kernel.disks("ls --project empty-project").empty


def test_ls_all_projects_lists_every_project(kernel: Any) -> None:
    here = kernel.disks("create 1G")
    there = kernel.disks("create 1G --project there")
    frame = kernel.disks("ls --all-projects")
    assert set(frame.index) == {here.id, there.id}
    assert set(frame["project_name"]) == {"default", "there"}


def test_ls_org_and_cluster_name_where_to_list(kernel: Any) -> None:
    disk = kernel.disks("create 1G")
    assert kernel.disks("ls --org local --cluster local").index.tolist() == [disk.id]


def test_ls_unknown_cluster_is_one_line(kernel: Any) -> None:
    result = kernel.cell("%disks ls --cluster nowhere")
    assert result.failed
    assert "nowhere" in str(result.error)
    assert result.shown.count("\n") == 1


def test_ls_output_stores_the_frame_in_a_variable(kernel: Any) -> None:
    disk = kernel.disks("create 1G")
    frame = kernel.disks("ls -o my_disks")
    assert kernel.shell.user_ns["my_disks"] is frame
    kernel.disks("ls --all-projects --output every_disk")
    assert kernel.shell.user_ns["every_disk"].index.tolist() == [disk.id]


def test_ls_of_nothing_is_an_empty_typed_frame(kernel: Any) -> None:
    frame = kernel.disks("ls")
    assert frame.empty
    assert str(frame["storage"].dtype) == "int64"
    assert "No disks." in kernel.cell("%disks ls").stdout


def test_ls_displays_a_compact_humanized_table(kernel: Any) -> None:
    kernel.disks("create 2G --name shown-disk")
    shown = kernel.cell("%disks ls").stdout
    assert "shown-disk" in shown
    assert "2.0 GB" in shown
    assert "Ready" in shown
    assert "disk://" not in shown  # the compact view; the frame keeps every column
    html = kernel.shell.display_formatter.format(kernel.disks("ls"))[0]["text/html"]
    assert "adj-frame" in html
    assert "shown-disk" in html


# -- create ------------------------------------------------------------------------------------


def test_create_returns_the_disk(kernel: Any) -> None:
    disk = kernel.disks("create 10G --name new-disk")
    assert isinstance(disk, Disk)
    assert (disk.name, disk.storage, disk.project_name) == ("new-disk", 10 * 10**9, "default")
    assert disk.id in kernel.ids()


def test_create_defaults_to_one_day_unused(kernel: Any) -> None:
    assert kernel.disks("create 1Gi").timeout_unused == timedelta(days=1)


def test_create_timeout_unused(kernel: Any) -> None:
    disk = kernel.disks("create 512Mi --timeout-unused 1d2h")
    assert disk.timeout_unused == timedelta(days=1, hours=2)
    assert disk.storage == 512 * 2**20


def test_create_no_timeout(kernel: Any) -> None:
    assert kernel.disks("create 1G --no-timeout").timeout_unused is None
    assert kernel.disks("create 1G --timeout-unused 0").timeout_unused is None


def test_create_in_another_project_org_and_cluster(kernel: Any) -> None:
    disk = kernel.disks("create 1G --project side --org local --cluster local")
    assert disk.project_name == "side"
    assert disk.id in kernel.ids("side")


def test_create_shows_a_stable_text_and_an_html_card(kernel: Any) -> None:
    result = kernel.cell("%disks create 1G --name shown-disk")
    disk = result.result
    assert result.stdout.startswith(
        f"Out[0]: \nDisk shown-disk · {disk.status.value} · 1.0 GB (1G)"
    )
    assert "0x" not in result.stdout  # no memory addresses
    data, _ = kernel.shell.display_formatter.format(disk)
    assert "adj-disk" in data["text/html"]
    assert "shown-disk" in data["text/html"]


def test_create_name_conflict_is_one_line(kernel: Any) -> None:
    kernel.disks("create 1G --name taken-name")
    result = kernel.cell("%disks create 1G --name taken-name")
    assert type(result.error).__name__ == "DiskNameConflict"
    assert result.shown.strip().splitlines() == [f"DiskNameConflict: {result.error}"]


def test_create_over_quota_is_one_line(kernel: Any) -> None:
    result = kernel.cell("%disks create 1P")
    assert type(result.error).__name__ == "QuotaExceeded"
    assert len(result.shown.strip().splitlines()) == 1


# -- get ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "reference",
    [
        "{name}",
        "{id}",
        "disk:{name}",
        "disk:/default/{name}",
        "disk://local/local/default/{id}",
        "disk://local/local/default/{name}",
    ],
)
def test_get_by_id_name_or_uri(kernel: Any, reference: str) -> None:
    disk = kernel.disks("create 1G --name find-me")
    assert kernel.disks("get " + reference.format(name=disk.name, id=disk.id)).id == disk.id


def test_get_in_another_project(kernel: Any) -> None:
    disk = kernel.disks("create 1G --name far-disk --project far")
    assert kernel.disks("get far-disk --project far").id == disk.id
    assert kernel.disks("get far-disk --project far --org local --cluster local").id == disk.id
    with pytest.raises(DiskNotFound):
        kernel.disks("get far-disk")


# -- rm ----------------------------------------------------------------------------------------


def test_rm_removes_and_says_so(kernel: Any) -> None:
    disk = kernel.disks("create 1G --name gone-disk")
    result = kernel.cell("%disks rm gone-disk")
    assert not result.failed
    assert result.stdout == "Removed gone-disk.\n"
    assert disk.id not in kernel.ids()


def test_rm_several_reports_each_and_fails_if_any_failed(kernel: Any) -> None:
    first = kernel.disks("create 1G --name first-disk")
    last = kernel.disks("create 1G")
    result = kernel.cell(f"%disks rm first-disk missing-disk {last.id}")
    assert result.failed
    assert result.stdout.splitlines() == [
        "Removed first-disk.",
        "Could not remove missing-disk: " + str(kernel_error(kernel, "missing-disk")),
        f"Removed {last.id}.",
        "CommandFailed: 1 of 3 not removed: missing-disk.",
    ]
    assert "Traceback" not in result.shown
    assert not {first.id, last.id} & kernel.ids()


def kernel_error(kernel: Any, reference: str) -> Exception:
    try:
        kernel.disks(f"get {reference}")
    except DiskNotFound as exc:
        return exc
    raise AssertionError("expected DiskNotFound")


def test_rm_in_another_project(kernel: Any) -> None:
    disk = kernel.disks("create 1G --name side-disk --project side")
    kernel.disks("rm side-disk --project side")
    assert disk.id not in kernel.ids("side")


# -- mount -------------------------------------------------------------------------------------


def test_mount_gives_every_format_for_the_local_service(kernel: Any, on_service: Any) -> None:
    disk = kernel.disks("create 1G --name mount-me")
    snippet = kernel.disks("mount mount-me:/mnt/data")
    assert isinstance(snippet, MountSnippet)
    assert snippet.formats == FORMATS
    assert f"{on_service.data_dir / 'volumes' / disk.id}:/mnt/data" in snippet["docker"]
    assert snippet["cli"] == "apolo run --volume disk:mount-me:/mnt/data:rw ubuntu -- ls /mnt/data"


def test_mount_one_format_is_exactly_the_text_to_paste(kernel: Any) -> None:
    kernel.disks("create 1G --name mount-me")
    result = kernel.cell("%disks mount mount-me:/mnt/data:ro --format cli")
    assert str(result.result) == (
        "apolo run --volume disk:mount-me:/mnt/data:ro ubuntu -- ls /mnt/data"
    )
    assert result.stdout == f"Out[0]: {result.result}\n"


def test_mount_several_formats_and_all(kernel: Any) -> None:
    disk = kernel.disks("create 1G")
    assert kernel.disks(f"mount {disk.id}:/d -f sdk --format flow").formats == ("sdk", "flow")
    assert kernel.disks(f"mount {disk.id}:/d --format all").formats == FORMATS
    assert kernel.disks(f"mount disk:{disk.id}:/d:rw -f k8s").read_only is False


def test_mount_uses_the_id_for_sdk_flow_and_k8s(kernel: Any) -> None:
    disk = kernel.disks("create 1G --name by-name")
    snippet = kernel.disks("mount by-name:/d -f sdk -f flow -f k8s")
    for fmt in ("sdk", "flow", "k8s"):
        assert disk.id in snippet[fmt]
        assert "by-name:" not in snippet[fmt]


def test_mount_another_projects_disk_uses_the_cross_project_form(kernel: Any) -> None:
    kernel.disks("create 1G --name far-disk --project far")
    snippet = kernel.disks("mount disk:/far/far-disk:/d -f cli")
    assert str(snippet).startswith("apolo run --volume disk:/far/far-disk:/d:rw")


def test_mount_docker_only_for_the_local_service(kernel: Any, on_service: Any) -> None:
    kernel.disks("create 1G --name mount-me")
    kernel.session.use(on_service.url, token=on_service.token)  # a plain URL: not "local"
    assert kernel.disks("mount mount-me:/d").formats == ("cli", "sdk", "flow", "k8s")
    with pytest.raises(UsageError, match="only for the local service"):
        kernel.disks("mount mount-me:/d --format docker")


# -- status and use ----------------------------------------------------------------------------


def test_status_says_where_and_as_whom(kernel: Any, on_service: Any) -> None:
    result = kernel.cell("%disks status")
    where = result.result
    assert isinstance(where, ConnectionDescription)
    assert "Connected to the embedded local service" in result.stdout
    assert f"user     {where.username}" in result.stdout
    assert "cluster  local" in result.stdout
    assert "project  default" in result.stdout
    assert on_service.token not in result.stdout


def test_use_url_with_token_env(
    kernel: Any, on_service: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MY_DISKS_TOKEN", on_service.token)
    where = kernel.disks(f"use {on_service.url} --token-env MY_DISKS_TOKEN")
    assert where.source == "arguments"
    assert where.url == on_service.url
    assert kernel.disks("status") == where


def test_use_local_and_auto(kernel: Any) -> None:
    assert kernel.disks("use local").is_local
    assert kernel.disks("use auto").source == "local service"


def test_use_apolo_without_login_is_one_line(kernel: Any) -> None:
    result = kernel.cell("%disks use apolo")
    assert result.failed
    assert len(result.shown.strip().splitlines()) == 1
    assert "apolo login" in result.shown
    assert kernel.disks("status").is_local  # the previous connection stays


def test_use_a_wrong_token_is_one_line(
    kernel: Any, on_service: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BAD_TOKEN", "not-the-token")
    result = kernel.cell(f"%disks use {on_service.url} --token-env BAD_TOKEN")
    assert type(result.error).__name__ == "AuthenticationFailed"
    assert len(result.shown.strip().splitlines()) == 1
    assert "not-the-token" not in result.shown


# -- config, panel, help -----------------------------------------------------------------------


def test_config_sets_the_default_project(kernel: Any) -> None:
    kernel.cell('%config DisksMagic.project = "team-proj"')
    try:
        disk = kernel.disks("create 1G")
        assert disk.project_name == "team-proj"
        assert kernel.disks("ls").index.tolist() == [disk.id]
    finally:
        kernel.cell('%config DisksMagic.project = ""')
    assert kernel.disks("ls").empty


def test_config_sets_the_default_timeout_unused(kernel: Any) -> None:
    kernel.cell('%config DisksMagic.timeout_unused = "3h"')
    try:
        assert kernel.disks("create 1G").timeout_unused == timedelta(hours=3)
    finally:
        kernel.cell('%config DisksMagic.timeout_unused = "1d"')


@pytest.mark.parametrize(
    ("assignment", "message"),
    [
        ('timeout_unused = "soon"', "Cannot read duration 'soon'"),
        ("request_timeout = -1", "positive number of seconds"),
        ('project = "a/b"', "Invalid project name 'a/b'"),
    ],
)
def test_config_rejects_bad_values(
    kernel: Any, caplog: pytest.LogCaptureFixture, assignment: str, message: str
) -> None:
    before = kernel.magic.trait_values()
    kernel.cell(f"%config DisksMagic.{assignment}")
    assert message in caplog.text
    assert kernel.magic.trait_values() == before


def test_config_request_timeout_and_cluster_org(kernel: Any) -> None:
    kernel.cell("%config DisksMagic.request_timeout = 7.5")
    kernel.cell('%config DisksMagic.cluster = "local"')
    kernel.cell('%config DisksMagic.org = "local"')
    try:

        async def timeout(client: Any) -> float:
            return float(client.timeout)

        assert kernel.session.run(timeout) == 7.5
        assert kernel.disks("status").cluster_name == "local"
    finally:
        kernel.cell("%config DisksMagic.request_timeout = 30.0")
        kernel.cell('%config DisksMagic.cluster = ""')
        kernel.cell('%config DisksMagic.org = ""')


def test_config_lists_the_options(kernel: Any) -> None:
    shown = kernel.cell("%config DisksMagic").stdout
    for option in ("cluster", "org", "project", "timeout_unused", "request_timeout"):
        assert f"DisksMagic.{option}" in shown


def test_panel_without_the_panel_module_says_so(
    kernel: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from apolo_disks_jupyter.notebook.magic import widgets

    monkeypatch.setattr(widgets, "PANEL_MODULE", "apolo_disks_jupyter.notebook.no_such_panel")
    result = kernel.cell("%disks panel")
    assert not result.failed
    assert "panel is not available" in result.stdout


def test_help_lists_every_command_and_explains_one(kernel: Any) -> None:
    overview = kernel.cell("%disks help").stdout
    for name in ("ls", "create", "get", "rm", "mount", "status", "use", "panel", "help"):
        assert f"\n  {name} " in overview
    assert kernel.cell("%disks").stdout == overview
    detail = kernel.cell("%disks help create").stdout
    assert "Usage: %disks create" in detail
    assert "--no-timeout" in detail
    assert "Example: %disks create 10G" in detail


def test_question_mark_documents_every_command_with_an_example(kernel: Any) -> None:
    doc = kernel.magic.disks.__doc__
    for name in ("ls", "create", "get", "rm", "mount", "status", "use", "panel"):
        assert f"Usage: %disks {name}" in doc
    assert doc.count("Example: ") >= 8


def test_panel_shows_the_disks_panel(kernel: Any) -> None:
    pytest.importorskip("apolo_disks_jupyter.notebook.panel")
    kernel.disks("create 1G --name in-panel")
    panel = kernel.disks("panel")
    try:
        assert type(panel).__name__ == "DisksPanel"
        panel.refresh()
        assert panel.frame["name"].tolist() == ["in-panel"]
    finally:
        panel.close()


def test_panel_uses_the_kernels_session_project_and_configured_timeout(kernel: Any) -> None:
    pytest.importorskip("apolo_disks_jupyter.notebook.panel")
    kernel.disks("create 1G --name home-disk")
    kernel.disks("create 1G --name away-disk --project zz-panel")
    kernel.shell.run_line_magic("config", 'DisksMagic.timeout_unused = "2d"')
    panel = kernel.disks("panel --project zz-panel")
    try:
        panel.refresh()
        assert panel.frame["name"].tolist() == ["away-disk"]
        created = panel.create("1G", name="made-in-panel")
        assert created.project_name == "zz-panel"
        assert created.timeout_unused == timedelta(days=2)
    finally:
        panel.close()
