"""Ready-to-paste snippets that mount a disk into a job.

Formats follow the platform's rules: the apolo CLI may name a disk of the current project
(``disk:NAME``), reaches another project of the same org with ``disk:/PROJECT/NAME`` and
anything else with the full ``disk://`` URI; the SDK, apolo-flow and the Kubernetes
annotation always use the id (the jobs API takes the last URI segment as the id); ``docker``
exists only for the local service, whose disks are directories.
"""

from __future__ import annotations

import html
import json
import re
import shlex
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..client.errors import InvalidArgument

if TYPE_CHECKING:
    from ..client.disk import Disk

FORMATS = ("cli", "sdk", "flow", "k8s", "docker")
FORMAT_TITLES = {
    "cli": "apolo CLI",
    "sdk": "Python SDK (apolo_sdk)",
    "flow": "apolo-flow (live.yml)",
    "k8s": "Kubernetes pod annotation (platform apps)",
    "docker": "docker (local service)",
}
EXAMPLE_IMAGE = "ubuntu"
INJECT_DISK_ANNOTATION = "platform.apolo.us/inject-disk"


def check_container_path(path: str) -> str:
    """Return ``path`` if a container can mount a disk there: absolute, no ``:``."""
    if not isinstance(path, str) or not path:
        raise InvalidArgument("A container path is required, e.g. /mnt/data.")
    if not path.startswith("/"):
        raise InvalidArgument(f"Container path {path!r} must be absolute, e.g. /mnt/data.")
    if ":" in path:
        raise InvalidArgument(f"Container path {path!r} cannot contain ':'.")
    if any(ord(char) < 32 or ord(char) == 127 for char in path):
        raise InvalidArgument(f"Container path {path!r} cannot contain control characters.")
    return path


def parse_mode(mode: str) -> bool:
    """``ro`` → read-only, ``rw`` → read-write; anything else is a mistake."""
    if mode not in ("ro", "rw"):
        raise InvalidArgument(f"Mount mode {mode!r} is not allowed; use ro or rw.")
    return mode == "ro"


@dataclass(frozen=True)
class MountSpec:
    """``DISK:/path[:ro|rw]`` split into its parts (nothing looked up yet)."""

    disk: str
    path: str
    read_only: bool = False


def parse_mount_spec(spec: str) -> MountSpec:
    """Split ``DISK:/path[:ro|rw]``; DISK may itself be a ``disk:`` or ``disk://`` URI."""
    parts = spec.split(":")
    # A disk: or disk:// reference keeps its own first colon.
    take = 2 if parts[0] == "disk" and len(parts) > 1 else 1
    disk, rest = ":".join(parts[:take]), parts[take:]
    usage = "use DISK:/path, DISK:/path:ro or DISK:/path:rw, e.g. my-disk:/mnt/data:ro"
    if not disk or not rest:
        raise InvalidArgument(f"{spec!r} has no container path; {usage}.")
    if len(rest) > 2:
        raise InvalidArgument(f"{spec!r} has too many ':'; a container path cannot contain ':'.")
    read_only = parse_mode(rest[1]) if len(rest) == 2 else False
    return MountSpec(disk, check_container_path(rest[0]), read_only)


def _check_formats(formats: Iterable[str]) -> tuple[str, ...]:
    chosen = tuple(formats)
    if isinstance(formats, str) or not chosen:
        raise InvalidArgument(f"formats must be a non-empty sequence of {', '.join(FORMATS)}.")
    for fmt in chosen:
        if fmt not in FORMATS:
            raise InvalidArgument(f"Unknown snippet format {fmt!r}; use {', '.join(FORMATS)}.")
    return tuple(dict.fromkeys(chosen))


@dataclass(frozen=True)
class MountSnippet:
    """Snippets that mount one disk at one path.

    ``str()`` is exactly the text to paste (with one format; with several, each is headed by
    a ``#`` comment); ``snippet["cli"]`` gives one format; in a notebook each format shows
    with a copy button. ``notes`` are said beside the text, never inside it.
    """

    disk: Disk
    path: str
    read_only: bool
    texts: dict[str, str]
    notes: tuple[str, ...] = field(default=())

    @property
    def formats(self) -> tuple[str, ...]:
        return tuple(self.texts)

    @property
    def mode(self) -> str:
        return "ro" if self.read_only else "rw"

    def __getitem__(self, fmt: str) -> str:
        try:
            return self.texts[fmt]
        except KeyError:
            raise KeyError(f"No {fmt!r} snippet here; formats: {', '.join(self.texts)}") from None

    def __str__(self) -> str:
        if len(self.texts) == 1:
            return next(iter(self.texts.values()))
        return "\n\n".join(f"# {FORMAT_TITLES[fmt]}\n{text}" for fmt, text in self.texts.items())

    def __repr__(self) -> str:
        label = self.disk.name or self.disk.id
        return f"<MountSnippet {label}:{self.path}:{self.mode} formats={','.join(self.texts)}>"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        lines = [f"Note: {note}" for note in self.notes]
        if lines:
            lines.append("")
        printer.text("\n".join([*lines, str(self)]))

    def _repr_html_(self) -> str:
        return snippet_html(self)


def mount_snippet(
    disk: Disk,
    path: str,
    read_only: bool = False,
    formats: Sequence[str] = FORMATS,
    local_dir: Path | str | None = None,
    *,
    cluster_name: str | None = None,
    org_name: str | None = None,
    project_name: str | None = None,
    image: str = EXAMPLE_IMAGE,
) -> MountSnippet:
    """Snippets that mount ``disk`` at ``path`` in a job, one per format.

    Parameters
    ----------
    disk
        The disk (as returned by ``Disks.get``).
    path
        The absolute path inside the container, without ``:``.
    read_only
        Mount read-only (``ro``) instead of read-write (``rw``).
    formats
        Any of ``cli``, ``sdk``, ``flow``, ``k8s``, ``docker``. ``docker`` needs
        ``local_dir`` (the disk's directory on the local service); without it, it is left out
        unless it is the only format asked for, which is an error.
    local_dir
        The disk's directory, for disks of the embedded local service.
    cluster_name, org_name, project_name
        Where the user's CLI points; a disk elsewhere gets the cross-project or full URI
        form. By default the disk's own project is taken as the current one.
    """
    if not isinstance(read_only, bool):
        raise InvalidArgument(f"read_only must be True or False, not {read_only!r}.")
    check_container_path(path)
    chosen = _check_formats(formats)
    if local_dir is None and "docker" in chosen:
        if chosen == ("docker",):
            raise InvalidArgument(
                "docker snippets exist only for disks of the local service (a directory on "
                "this machine); use cli, sdk, flow or k8s for a cluster's disks."
            )
        chosen = tuple(fmt for fmt in chosen if fmt != "docker")
    makers = {
        "cli": lambda: cli_snippet(
            disk, path, read_only, image, cluster_name, org_name, project_name
        ),
        "sdk": lambda: sdk_snippet(disk, path, read_only, image),
        "flow": lambda: flow_snippet(disk, path, read_only, image, project_name),
        "k8s": lambda: k8s_snippet(disk, path, read_only),
        "docker": lambda: docker_snippet(Path(str(local_dir)), path, read_only, image),
    }
    notes = []
    label = disk.name or disk.id
    if disk.status.value == "Pending":
        notes.append(f"disk {label} is Pending, not Ready yet: a job that mounts it waits for it.")
    elif disk.status.value == "Broken":
        notes.append(f"disk {label} is Broken (its volume is lost): a job cannot mount it.")
    return MountSnippet(disk, path, read_only, {fmt: makers[fmt]() for fmt in chosen}, tuple(notes))


def cli_reference(
    disk: Disk,
    cluster_name: str | None = None,
    org_name: str | None = None,
    project_name: str | None = None,
) -> str:
    """How the apolo CLI should name ``disk`` from the user's current cluster/org/project."""
    same_cluster = cluster_name in (None, disk.cluster_name)
    same_org = org_name is None or org_name == disk.org_name
    if not (same_cluster and same_org):
        return str(disk.uri)
    if project_name in (None, disk.project_name):
        return f"disk:{disk.name or disk.id}"
    return f"disk:/{disk.project_name}/{disk.name or disk.id}"


def cli_snippet(
    disk: Disk,
    path: str,
    read_only: bool,
    image: str = EXAMPLE_IMAGE,
    cluster_name: str | None = None,
    org_name: str | None = None,
    project_name: str | None = None,
) -> str:
    mode = "ro" if read_only else "rw"
    volume = f"{cli_reference(disk, cluster_name, org_name, project_name)}:{path}:{mode}"
    return f"apolo run --volume {shlex.quote(volume)} {image} -- ls {shlex.quote(path)}"


def sdk_snippet(disk: Disk, path: str, read_only: bool, image: str = EXAMPLE_IMAGE) -> str:
    return f"""import apolo_sdk
from yarl import URL

disk_volume = apolo_sdk.DiskVolume(
    disk_uri=URL({str(disk.uri)!r}),
    container_path={path!r},
    read_only={read_only!r},
)


async def start_job() -> apolo_sdk.JobDescription:
    async with apolo_sdk.get() as client:
        return await client.jobs.start(
            image=client.parse.remote_image({image!r}),
            preset_name={"cpu-small"!r},
            command={("ls " + shlex.quote(path))!r},
            disk_volumes=[disk_volume],
        )"""


def flow_volume_id(disk: Disk) -> str:
    """An apolo-flow identifier for the disk's volume (letters, digits, underscores)."""
    return (disk.name or "disk").replace("-", "_")


def flow_snippet(
    disk: Disk,
    path: str,
    read_only: bool,
    image: str = EXAMPLE_IMAGE,
    project_name: str | None = None,
) -> str:
    # In the flow's own project the id is enough; elsewhere the full URI says where.
    same = project_name in (None, disk.project_name)
    remote = f"disk:{disk.id}" if same else str(disk.uri)
    ident = flow_volume_id(disk)
    ref = "ref_ro" if read_only else "ref_rw"
    return f"""volumes:
  {ident}:
    remote: {remote}
    mount: {_yaml_text(path)}
    read_only: {"true" if read_only else "false"}
jobs:
  main:
    image: {image}
    volumes:
      - ${{{{ volumes.{ident}.{ref} }}}}"""


def _yaml_text(text: str) -> str:
    """A YAML scalar for ``text``: plain when that is safe, else single-quoted."""
    if re.fullmatch(r"/[A-Za-z0-9_./-]*", text):
        return text
    if text.isprintable():
        return "'" + text.replace("'", "''") + "'"
    return json.dumps(text)


def k8s_snippet(disk: Disk, path: str, read_only: bool) -> str:
    entry = [
        {"mount_path": path, "disk_uri": str(disk.uri), "mount_mode": "r" if read_only else "rw"}
    ]
    value = _yaml_text(json.dumps(entry))
    return f"""metadata:
  annotations:
    {INJECT_DISK_ANNOTATION}: {value}"""


def docker_snippet(local_dir: Path, path: str, read_only: bool, image: str = EXAMPLE_IMAGE) -> str:
    volume = f"{local_dir}:{path}" + (":ro" if read_only else "")
    return f"docker run --rm -v {shlex.quote(volume)} {image} ls {shlex.quote(path)}"


_COPY_JS = (
    "(function(b){var t=b.parentElement.querySelector('textarea').value;"
    "function f(){var a=document.createElement('textarea');a.value=t;"
    "a.style.position='fixed';a.style.opacity='0';document.body.appendChild(a);a.select();"
    "try{document.execCommand('copy');b.textContent='Copied';}"
    "catch(e){b.textContent='Select the text and copy';}document.body.removeChild(a);}"
    "if(navigator.clipboard&&window.isSecureContext){navigator.clipboard.writeText(t)"
    ".then(function(){b.textContent='Copied';},f);}else{f();}"
    "setTimeout(function(){b.textContent='Copy';},1500);})(this)"
)
_SNIPPET_CSS = """<style>
.adj-snippet{margin:4px 0 10px 0}
.adj-snippet pre{margin:2px 0;padding:6px 8px;background:var(--jp-layout-color2,#f5f5f5);
 color:var(--jp-content-font-color1,#212121);border-radius:4px;user-select:all;white-space:pre}
.adj-snippet button{font-size:85%;cursor:pointer}
.adj-snippet textarea{display:none}
.adj-note{color:var(--jp-warn-color0,#b26a00)}
</style>"""


def snippet_html(snippet: MountSnippet) -> str:
    """Each format as selectable text with a copy button (clipboard API or a fallback)."""
    parts = [_SNIPPET_CSS]
    parts += [f'<div class="adj-note">⚠ {html.escape(note)}</div>' for note in snippet.notes]
    for fmt, text in snippet.texts.items():
        escaped, title = html.escape(text), html.escape(FORMAT_TITLES[fmt])
        parts.append(
            f'<div class="adj-snippet" data-format="{fmt}"><b>{title}</b> '
            f'<button onclick="{html.escape(_COPY_JS)}">Copy</button>'
            f"<textarea readonly>{escaped}</textarea><pre>{escaped}</pre></div>"
        )
    return "".join(parts)


__all__ = [
    "FORMATS",
    "MountSnippet",
    "MountSpec",
    "check_container_path",
    "cli_reference",
    "mount_snippet",
    "parse_mode",
    "parse_mount_spec",
]
