"""``%disks panel``: the widget panel, imported only when asked for."""

from __future__ import annotations

import argparse
import importlib
from typing import Any

from .context import Context
from .parsing import command

PANEL_MODULE = "apolo_disks_jupyter.notebook.panel"
PANEL_MISSING = (
    "The disks panel is not available in this installation; use %disks ls, create, rm and "
    "mount meanwhile."
)


@command("panel", example="%disks panel")
def panel(ctx: Context, args: argparse.Namespace) -> Any:
    """Show the widget panel: browse, create, delete and mount disks."""
    try:
        # Imported by name: the panel (and anywidget) load only when asked for.
        module = importlib.import_module(PANEL_MODULE)
    except ImportError as exc:
        # The panel module itself missing is expected; anything else is worth naming.
        own = exc.name == PANEL_MODULE
        print(PANEL_MISSING if own else f"{PANEL_MISSING} ({exc})")
        return None
    return module.DisksPanel()


__all__ = ["PANEL_MISSING", "panel"]
