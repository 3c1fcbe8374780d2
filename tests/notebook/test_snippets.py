"""Mount snippets, checked by code no one here wrote: apolo_sdk's parser, apolo_sdk, YAML."""

from __future__ import annotations

import asyncio
import inspect
import json
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

import apolo_sdk
import pytest
import yaml
from yarl import URL

from apolo_disks_jupyter.client.disk import Disk
from apolo_disks_jupyter.client.errors import InvalidArgument
from apolo_disks_jupyter.notebook.snippets import (
    FORMATS,
    MountSpec,
    mount_snippet,
    parse_mount_spec,
)


@pytest.fixture(scope="module")
def sdk_config(service_process: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An apolo_sdk login to the service process (its /config), in a folder of its own."""
    path = tmp_path_factory.mktemp("sdk") / "apolo"
    asyncio.run(
        apolo_sdk.login_with_token(service_process.token, url=URL(service_process.url), path=path)
    )
    return path


def sdk_parse(config: Path, volume: str) -> apolo_sdk.DiskVolume:
    """apolo_sdk's own ``--volume`` parser (``client.parse.volumes``) on one CLI volume."""

    async def parse() -> apolo_sdk.DiskVolume:
        async with apolo_sdk.get(path=config) as client:
            result = client.parse.volumes([volume])
            assert not result.volumes
            assert not result.secret_files
            (disk_volume,) = result.disk_volumes
            return disk_volume

    return asyncio.run(parse())


def cli_volume(text: str) -> str:
    words = shlex.split(text)
    assert words[:3] == ["apolo", "run", "--volume"]
    return words[3]


@pytest.fixture
def disk(make_disk: Callable[..., Disk]) -> Disk:
    return make_disk(name="snip-data")


@pytest.mark.parametrize("read_only", [False, True])
def test_cli_form_parses_back_with_apolo_sdk(sdk_config: Path, disk: Disk, read_only: bool) -> None:
    snippet = mount_snippet(disk, "/mnt/data", read_only, formats=("cli",))
    parsed = sdk_parse(sdk_config, cli_volume(str(snippet)))
    # The CLI names a disk of the current project; it resolves the name to the id itself.
    assert parsed.disk_uri == disk.uri.parent / "snip-data"
    assert parsed.container_path == "/mnt/data"
    assert parsed.read_only is read_only


def test_cli_form_of_an_unnamed_disk_is_its_uri(
    sdk_config: Path, make_disk: Callable[..., Disk]
) -> None:
    unnamed = make_disk()
    parsed = sdk_parse(sdk_config, cli_volume(mount_snippet(unnamed, "/data")["cli"]))
    assert parsed.disk_uri == unnamed.uri
    assert (parsed.container_path, parsed.read_only) == ("/data", False)


def test_cli_form_reaches_another_project(sdk_config: Path, make_disk: Callable[..., Disk]) -> None:
    other = make_disk(name="far-data", project_name="elsewhere")
    snippet = mount_snippet(
        other, "/srv", True, cluster_name="local", org_name="local", project_name="default"
    )
    volume = cli_volume(snippet["cli"])
    assert volume.startswith("disk:/elsewhere/far-data:")
    parsed = sdk_parse(sdk_config, volume)
    assert parsed.disk_uri == other.uri.parent / "far-data"
    assert (parsed.container_path, parsed.read_only) == ("/srv", True)


def test_cli_form_uses_the_full_uri_across_orgs(sdk_config: Path, disk: Disk) -> None:
    snippet = mount_snippet(disk, "/mnt/x", org_name="another-org", formats=("cli",))
    volume = cli_volume(str(snippet))
    assert volume.startswith("disk://local/local/default/disk-")
    assert sdk_parse(sdk_config, volume).disk_uri == disk.uri


def test_cli_form_quotes_a_path_with_spaces(sdk_config: Path, disk: Disk) -> None:
    text = mount_snippet(disk, "/mnt/my data", formats=("cli",))["cli"]
    assert sdk_parse(sdk_config, cli_volume(text)).container_path == "/mnt/my data"


@pytest.mark.parametrize("read_only", [False, True])
def test_sdk_form_runs_with_apolo_sdk_and_builds_its_disk_volume(
    disk: Disk, read_only: bool
) -> None:
    code = mount_snippet(disk, "/mnt/data", read_only, formats=("sdk",))["sdk"]
    namespace: dict[str, Any] = {}
    exec(compile(code, "<sdk snippet>", "exec"), namespace)  # noqa: S102 - the point of the test
    volume = namespace["disk_volume"]
    assert isinstance(volume, apolo_sdk.DiskVolume)
    assert volume == apolo_sdk.DiskVolume(disk.uri, "/mnt/data", read_only)
    assert volume.disk_uri.name == disk.id  # the jobs API needs the id
    assert inspect.iscoroutinefunction(namespace["start_job"])


def test_sdk_form_calls_jobs_start_with_arguments_it_accepts(disk: Disk) -> None:
    code = mount_snippet(disk, "/mnt/data", formats=("sdk",))["sdk"]
    call = code[code.index("client.jobs.start(") + len("client.jobs.start(") : code.rindex(")")]
    keywords = {line.split("=", 1)[0].strip() for line in call.splitlines() if "=" in line}
    assert keywords == {"image", "preset_name", "command", "disk_volumes"}
    signature = inspect.signature(apolo_sdk.Jobs.start)
    signature.bind(None, **dict.fromkeys(keywords))


@pytest.mark.parametrize("read_only", [False, True])
def test_flow_form_is_yaml_with_the_disk_id(sdk_config: Path, disk: Disk, read_only: bool) -> None:
    document = yaml.safe_load(
        mount_snippet(disk, "/mnt/data", read_only, formats=("flow",))["flow"]
    )
    volume = document["volumes"]["snip_data"]
    assert volume == {"remote": f"disk:{disk.id}", "mount": "/mnt/data", "read_only": read_only}
    ref = "ref_ro" if read_only else "ref_rw"
    assert document["jobs"]["main"]["volumes"] == [f"${{{{ volumes.snip_data.{ref} }}}}"]
    parsed = sdk_parse(sdk_config, f"{volume['remote']}:{volume['mount']}")
    assert parsed.disk_uri == disk.uri


def test_flow_form_of_another_project_uses_the_full_uri(make_disk: Callable[..., Disk]) -> None:
    other = make_disk(project_name="elsewhere")
    document = yaml.safe_load(mount_snippet(other, "/d", project_name="default")["flow"])
    assert document["volumes"]["disk"]["remote"] == str(other.uri)


def test_flow_form_quotes_unusual_paths(disk: Disk) -> None:
    for path in ("/mnt/my data", "/a'b", "/x#y"):
        document = yaml.safe_load(mount_snippet(disk, path, formats=("flow",))["flow"])
        assert document["volumes"]["snip_data"]["mount"] == path


@pytest.mark.parametrize(("read_only", "mode"), [(False, "rw"), (True, "r")])
def test_k8s_form_is_the_inject_disk_annotation(disk: Disk, read_only: bool, mode: str) -> None:
    document = yaml.safe_load(mount_snippet(disk, "/mnt/data", read_only, formats=("k8s",))["k8s"])
    value = document["metadata"]["annotations"]["platform.apolo.us/inject-disk"]
    assert json.loads(value) == [
        {"mount_path": "/mnt/data", "disk_uri": str(disk.uri), "mount_mode": mode}
    ]


def test_docker_form_mounts_the_disks_directory(kernel: Any, disk: Disk, on_service: Any) -> None:
    folder = on_service.data_dir / "volumes" / disk.id
    assert folder.is_dir()
    text = mount_snippet(disk, "/mnt/data", True, local_dir=folder)["docker"]
    words = shlex.split(text)
    assert words[:4] == ["docker", "run", "--rm", "-v"]
    assert words[4] == f"{folder}:/mnt/data:ro"
    rw = shlex.split(mount_snippet(disk, "/mnt/data", local_dir=folder)["docker"])
    assert rw[4] == f"{folder}:/mnt/data"


def test_docker_is_left_out_without_a_local_directory(disk: Disk) -> None:
    assert mount_snippet(disk, "/d").formats == ("cli", "sdk", "flow", "k8s")
    assert mount_snippet(disk, "/d", local_dir="/tmp/x").formats == FORMATS
    with pytest.raises(InvalidArgument, match="only for disks of the local service"):
        mount_snippet(disk, "/d", formats=("docker",))


def test_str_is_exactly_the_text_to_paste(disk: Disk) -> None:
    one = mount_snippet(disk, "/d", formats=("cli",))
    assert str(one) == one["cli"]
    assert str(one).startswith("apolo run")
    several = mount_snippet(disk, "/d", formats=("cli", "k8s"))
    k8s_title = "# Kubernetes pod annotation (platform apps)"
    assert str(several) == f"# apolo CLI\n{several['cli']}\n\n{k8s_title}\n{several['k8s']}"


def test_a_pending_disk_gets_a_note_outside_the_text(disk: Disk) -> None:
    pending = Disk(**{**disk.__dict__, "status": Disk.Status.PENDING})
    snippet = mount_snippet(pending, "/d", formats=("cli",))
    assert snippet.notes
    assert "Pending" in snippet.notes[0]
    assert "Pending" not in str(snippet)
    assert "Pending" in snippet._repr_html_()
    assert mount_snippet(disk, "/d").notes == ()


def test_html_has_a_copy_button_with_a_fallback_per_format(disk: Disk) -> None:
    page = mount_snippet(disk, "/d", local_dir="/tmp/v")._repr_html_()
    assert page.count("<button") == len(FORMATS)
    assert "navigator.clipboard" in page
    assert "execCommand" in page
    assert page.count("<pre>") == len(FORMATS)  # always selectable text too


def test_repr_is_stable(disk: Disk) -> None:
    assert repr(mount_snippet(disk, "/d", True, formats=("cli", "sdk"))) == (
        "<MountSnippet snip-data:/d:ro formats=cli,sdk>"
    )


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("my-disk:/mnt/data", MountSpec("my-disk", "/mnt/data", False)),
        ("my-disk:/mnt/data:ro", MountSpec("my-disk", "/mnt/data", True)),
        ("my-disk:/mnt/data:rw", MountSpec("my-disk", "/mnt/data", False)),
        ("disk:my-disk:/d:ro", MountSpec("disk:my-disk", "/d", True)),
        ("disk:/proj/my-disk:/d", MountSpec("disk:/proj/my-disk", "/d", False)),
        ("disk://c/o/p/my-disk:/d:ro", MountSpec("disk://c/o/p/my-disk", "/d", True)),
    ],
)
def test_mount_specs_split_into_disk_path_and_mode(spec: str, expected: MountSpec) -> None:
    assert parse_mount_spec(spec) == expected


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("my-disk", "no container path"),
        ("my-disk:", "required"),
        ("my-disk:mnt/data", "must be absolute"),
        ("my-disk:/mnt:rx", "use ro or rw"),
        ("my-disk:/a:b:ro", "too many ':'"),
        ("my-disk:/a\nb", "control characters"),
    ],
)
def test_bad_mount_specs_say_what_is_wrong(spec: str, message: str) -> None:
    with pytest.raises(InvalidArgument, match=message):
        parse_mount_spec(spec)


def test_mount_snippet_checks_its_arguments(disk: Disk) -> None:
    with pytest.raises(InvalidArgument, match="absolute"):
        mount_snippet(disk, "relative")
    with pytest.raises(InvalidArgument, match="cannot contain ':'"):
        mount_snippet(disk, "/a:b")
    with pytest.raises(InvalidArgument, match="Unknown snippet format"):
        mount_snippet(disk, "/a", formats=("cli", "helm"))
    with pytest.raises(InvalidArgument, match="read_only"):
        mount_snippet(disk, "/a", read_only="ro")  # type: ignore[arg-type]
