"""``%disks panel``: the widget panel, imported only when asked for."""

from __future__ import annotations

import argparse
import importlib
from typing import Any

from IPython.core.error import UsageError

from .context import Context, check_scope
from .parsing import arg, command

PANEL_MODULE = "apolo_disks_jupyter.notebook.panel"
PANEL_MISSING = (
    "The disks panel is not available in this installation; use %disks ls, create, rm and "
    "mount meanwhile."
)


@command(
    "panel",
    arg("--project", metavar="PROJECT", help="show this project (default: the current one)"),
    arg("--all-projects", action="store_true", help="show every project you can see"),
    example="%disks panel --all-projects",
)
def panel(ctx: Context, args: argparse.Namespace) -> Any:
    """Show the widget panel: browse, create, delete and mount disks."""
    if args.project is not None and args.all_projects:
        raise UsageError("Give --project or --all-projects, not both.")
    project = check_scope(args.project, "project")
    try:
        # Imported by name: the panel (and anywidget) load only when asked for.
        module = importlib.import_module(PANEL_MODULE)
    except ImportError as exc:
        # The panel module itself missing is expected; anything else is worth naming.
        own = exc.name == PANEL_MODULE
        print(PANEL_MISSING if own else f"{PANEL_MISSING} ({exc})")
        return None
    return module.DisksPanel(
        project,
        all_projects=bool(args.all_projects),
        timeout_unused=ctx.timeout_unused,
        session=ctx.session,
    )


__all__ = ["PANEL_MISSING", "panel"]
