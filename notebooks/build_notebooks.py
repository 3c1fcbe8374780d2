"""Write and execute quickstart.ipynb and mounting.ipynb (``python notebooks/build_notebooks.py``).

The notebooks are generated so their text stays reviewable here; each is executed against a
fresh embedded local service (the same set-up ``pytest --nbval`` uses, from conftest.py) and
saved with its outputs, which nbval then compares on every test run.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent


def md(text: str) -> nbformat.NotebookNode:
    return new_markdown_cell(text.strip())


def code(text: str, *, fails: bool = False) -> nbformat.NotebookNode:
    cell = new_code_cell(text.strip())
    if fails:
        # nbval expects this cell to fail (and still compares its one-line error).
        cell.metadata["tags"] = ["raises-exception"]
    return cell


QUICKSTART = [
    md(
        """
# Apolo disks from a notebook: quickstart

`apolo-disks-jupyter` manages [Apolo](https://apolo.us) persistent disks without leaving
Jupyter: a `%disks` magic, typed pandas DataFrames and ready-to-paste snippets that mount a
disk into a job.

No cluster is needed to try it: when you have no `apolo login` (and no `APOLO_DISKS_URL`), the
magic starts an **embedded local disk service** that speaks the platform's protocol, keeping
each disk as a directory on this machine. With an `apolo login`, the same cells manage your
cluster's disks.
"""
    ),
    code("%load_ext apolo_disks_jupyter"),
    md("`%disks status` says where the kernel is connected, and as whom (never the token)."),
    code("%disks status"),
    md(
        """
## Create disks

Sizes use the apolo CLI's units: `10G` is 10×10⁹ bytes, `512Mi` is 512×2²⁰. A disk unused
for longer than its *timeout unused* (default `1d`, like `apolo disk create`) is deleted by the
platform; `--no-timeout` keeps it until you remove it.
"""
    ),
    code("%disks create 10G --name training-data --timeout-unused 7d"),
    code(
        """
scratch = %disks create 1G --name scratch
scratch.name, scratch.storage, scratch.timeout_unused
"""
    ),
    code("archive = %disks create 5G --no-timeout\narchive.status"),
    md(
        """
## List disks as a DataFrame

`%disks ls` returns a pandas DataFrame indexed by disk id. The notebook shows a compact,
humanized view, but every column is there and typed: sizes in bytes, times as UTC datetimes,
`timeout_unused` as a timedelta (`NaT` = no limit) and `expires_at`, when the platform would
delete the disk if it stays unused.
"""
    ),
    code("df = %disks ls\ndf"),
    code("df.dtypes"),
    code('df[["name", "status", "storage", "timeout_unused"]].reset_index(drop=True)'),
    md("Plain pandas from here on: which disks will be deleted within a day if nobody uses them?"),
    code(
        """
import pandas as pd

soon = df[df["expires_at"] <= pd.Timestamp.now(tz="UTC") + pd.Timedelta(days=1)]
soon["name"].tolist()
"""
    ),
    code(
        """
reserved = df["storage"].sum() / 1e9
f"{reserved:.0f} GB reserved, {df['timeout_unused'].isna().sum()} disk(s) never expire"
"""
    ),
    md(
        """
## Mount a disk into a job

`%disks mount DISK:/path[:ro|rw]` looks the disk up and returns snippets to paste: the apolo
CLI, the Python SDK, apolo-flow, the Kubernetes annotation, and — for the local service —
`docker run`. `str()` of a one-format snippet is exactly the text to paste. See
`mounting.ipynb` for every format.
"""
    ),
    code("%disks mount training-data:/mnt/data:ro --format cli"),
    md("Mistakes are one line, and nothing is sent:"),
    code("%disks create 1K --name bad-size", fails=True),
    code("%disks mount training-data:data", fails=True),
    md("## Remove disks\n\nEach result is reported; one failure does not stop the others."),
    code("%disks rm training-data scratch {archive.id}"),
    code("%disks ls"),
]

MOUNTING = [
    md(
        """
# Mounting a disk into a job

A disk is mounted at a path inside a job's container, read-write (`rw`, the default) or
read-only (`ro`). `%disks mount DISK:/path[:ro|rw] [--format cli|sdk|flow|k8s|docker|all]`
writes the snippet for each way of starting a job. The container path must be absolute and
cannot contain `:`.
"""
    ),
    code("%load_ext apolo_disks_jupyter"),
    code("disk = %disks create 2G --name shared-data\ndisk.uri"),
    md(
        """
## apolo CLI

`apolo run --volume disk:NAME:/path[:ro|rw]`. The CLI resolves a name of the current project
to the disk's id itself, so the name is fine here.
"""
    ),
    code("%disks mount shared-data:/mnt/data --format cli"),
    code("%disks mount shared-data:/mnt/data:ro --format cli"),
    md(
        """
A disk of another project of the same org is `disk:/PROJECT/NAME`; anything farther away uses
the full URI `disk://CLUSTER/ORG/PROJECT/ID`.
"""
    ),
    code(
        "%disks create 1G --name team-data --project team\n"
        "%disks mount disk:/team/team-data:/data:ro --format cli"
    ),
    md(
        """
## Python SDK

The jobs API takes the last segment of the disk URI as the disk's id, so the SDK snippet
always uses the id: a `DiskVolume` passed to `client.jobs.start(..., disk_volumes=[...])`.
"""
    ),
    code("%disks mount shared-data:/mnt/data --format sdk"),
    md(
        """
## apolo-flow

A `volumes:` entry (by id) and a job that mounts it with `${{ volumes.NAME.ref_rw }}` (or
`ref_ro`).
"""
    ),
    code("%disks mount shared-data:/mnt/data:ro --format flow"),
    md(
        """
## Kubernetes (platform apps)

Pods annotated `platform.apolo.us/inject-disk` get the listed disks injected; the mode is `r`
or `rw`.
"""
    ),
    code("%disks mount shared-data:/mnt/data --format k8s"),
    md(
        """
## docker (local service only)

A disk of the embedded local service is a directory on this machine, so a local container can
mount it directly.
"""
    ),
    code("%disks mount shared-data:/mnt/data:ro --format docker"),
    md(
        """
## All at once, and from Python

Without `--format` every format applies. In a notebook each has a copy button; the text is
also selectable. The same snippets come from `mount_snippet` in Python.
"""
    ),
    code("snippet = %disks mount shared-data:/workspace\nsnippet.formats"),
    code(
        """
from apolo_disks_jupyter.notebook.snippets import mount_snippet

print(mount_snippet(disk, "/models", read_only=True, formats=("cli",)))
"""
    ),
    md("A disk that is not Ready yet gets a note beside the snippet, never in the text to paste:"),
    code(
        """
import dataclasses

pending = dataclasses.replace(disk, status=type(disk).Status.PENDING)
mount_snippet(pending, "/data", formats=("cli",)).notes
"""
    ),
    md("## Mistakes\n\nEach is one line, and nothing is sent or changed."),
    code("%disks mount shared-data:relative/path", fails=True),
    code("%disks mount shared-data:/data:rx", fails=True),
    code("%disks mount shared-data:/data --format helm", fails=True),
    md("Removing several disks reports each one; one failure does not stop the others:"),
    code("%disks rm shared-data team-data --project team", fails=True),
    code("%disks rm shared-data"),
]


def _conftest() -> object:
    spec = importlib.util.spec_from_file_location("notebooks_conftest", HERE / "conftest.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(name: str, cells: list[nbformat.NotebookNode]) -> None:
    notebook = new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    notebook.metadata["language_info"] = {"name": "python"}
    NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(HERE)}}
    ).execute()
    nbformat.write(notebook, HERE / name)
    print(f"wrote {HERE / name}")


def main() -> None:
    environment = _conftest()
    chosen = sys.argv[1:] or ["quickstart", "mounting"]
    notebooks = {"quickstart": QUICKSTART, "mounting": MOUNTING}
    for name in chosen:
        environment.start_environment()  # type: ignore[attr-defined]
        try:
            build(f"{name}.ipynb", notebooks[name])
        finally:
            environment.stop_environment()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
