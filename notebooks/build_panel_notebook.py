"""Write and execute notebooks/panel.ipynb (python build_panel_notebook.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

NOTEBOOKS = Path(__file__).resolve().parent


def md(text: str) -> nbformat.NotebookNode:
    return new_markdown_cell(text.strip())


def code(text: str) -> nbformat.NotebookNode:
    return new_code_cell(text.strip())


CELLS = [
    md(
        """
# The disks panel

`DisksPanel` is a live widget to browse, create, delete and mount Apolo disks. It works in
JupyterLab, Notebook 7, Voilà and VS Code, uses the same connection as the `%disks` magic
(`%disks panel` shows it too), and never blocks the kernel: every click runs on the session's
own loop thread and the panel updates when the service answers.

What you see:

- a **header**: where the panel is connected and as whom, the project in view (or *All
  projects*), a refresh button, when it last refreshed, and a busy indicator;
- a **table** of disks: name, status, size, used, created, last used, expires (or *never*) and
  project — sort by any column, filter by text, tick rows to act on several;
- **+ New disk**: size and unit, an optional name checked as you type, the unused-timeout
  (presets, custom or no limit) and the project when several are visible. Pending disks are
  watched until they are Ready;
- **Delete**, per row or for the ticked rows, always after a confirmation that names the disks;
- **Mount**: a drawer with the snippet to mount the disk into a job (apolo CLI, SDK,
  apolo-flow, Kubernetes, and `docker` for the embedded local service) and a copy button.

This tour uses a project of its own, `panel-tour`, so it leaves your other disks alone.
"""
    ),
    code(
        """
from apolo_disks_jupyter import DisksError, DisksPanel

panel = DisksPanel(project="panel-tour")
panel
"""
    ),
    md(
        """
`DisksPanel()` returns at once and fills itself when its first refresh completes. Where the
widget cannot render (VS Code or Colab offline, a terminal), its text form above still says
what it shows.

## The same actions from Python

The panel's methods block until done, like the magic, and raise `DisksError` on failure (a
click's failure shows in the panel instead). `create` takes the magic's forms: sizes like
`10G` or `512Mi`, timeouts like `7d` or `1d12h`, and `None` for no limit (the default is
`1d`, like `apolo disk create`).
"""
    ),
    code(
        """
disk = panel.create("10G", name="tour-data", timeout_unused="7d")
disk.name, disk.status.value, disk.storage, disk.timeout_unused
"""
    ),
    code(
        """
scratch = panel.create("512Mi", name="tour-scratch", timeout_unused=None)
scratch.storage, scratch.timeout_unused
"""
    ),
    md("The new rows appear in the panel above at once. Its text form now lists them:"),
    code("print(repr(panel))"),
    md(
        """
## DataFrames

`panel.frame` holds every disk in the panel's scope, whatever the on-screen filter, with the
same typed columns as `%disks ls`; `panel.selected_frame` holds the rows ticked in the panel.
"""
    ),
    code('panel.frame[["name", "status", "storage", "timeout_unused"]].sort_values("name")'),
    code("panel.selected_frame.shape"),
    md(
        """
## Mistakes and failures

Every rule the form checks is checked again in Python before anything is sent:
"""
    ),
    code(
        """
for size, name in [("10K", None), ("10G", "Tour_Data"), ("0", None)]:
    try:
        panel.create(size, name=name)
    except DisksError as error:
        print(error)
"""
    ),
    md(
        """
`remove` takes ids or names, tries every disk, returns the ids removed and raises one error
that lists every failure:
"""
    ),
    code(
        """
try:
    panel.remove("tour-scratch", "no-such-disk")
except DisksError as error:
    print(error)
"""
    ),
    code('removed = panel.remove("tour-data")\nlen(removed), removed[0] == disk.id'),
    code("len(panel.refresh())"),
]


def main() -> None:
    spec = importlib.util.spec_from_file_location("nbconftest", NOTEBOOKS / "conftest.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.start_environment()
    try:
        notebook = new_notebook(cells=CELLS)
        notebook.metadata["kernelspec"] = {
            "display_name": "Python 3",
            "language": "python",
            "name": "python3",
        }
        notebook.metadata["language_info"] = {"name": "python"}
        runner = NotebookClient(
            notebook, timeout=120, kernel_name="python3", store_widget_state=False
        )
        runner.execute(cwd=str(NOTEBOOKS))
        notebook.metadata.pop("widgets", None)
        nbformat.write(notebook, NOTEBOOKS / "panel.ipynb")
    finally:
        module.stop_environment()


if __name__ == "__main__":
    sys.exit(main())
