"""The ``%disks`` magic: ``%load_ext apolo_disks_jupyter``, then ``%disks help``."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from IPython.core.interactiveshell import InteractiveShell

    from .core import DisksMagic

_LOADED: dict[int, DisksMagic] = {}


def load_ipython_extension(ipython: InteractiveShell) -> None:
    """Register ``%disks``, its ``%config DisksMagic`` options and the disk reprs."""
    from ..display import register_formatters
    from .core import DisksMagic

    magic = DisksMagic(shell=ipython)
    ipython.register_magics(magic)
    configurables: list[object] = ipython.configurables  # type: ignore[assignment]
    if magic not in configurables:  # IPython 9 adds every Magics itself, IPython 8 does not
        configurables.append(magic)
    register_formatters(ipython)
    _LOADED[id(ipython)] = magic
    if magic.connect_on_load:
        # Hidden behind the time it takes to type the next cell.
        magic.session.warm_up()


def unload_ipython_extension(ipython: InteractiveShell) -> None:
    """Remove ``%disks`` and close the kernel's connection (no unclosed sessions)."""
    from ..display import unregister_formatters

    magic = _LOADED.pop(id(ipython), None)
    if magic is not None:
        configurables: list[object] = ipython.configurables  # type: ignore[assignment]
        while magic in configurables:
            configurables.remove(magic)
        ipython.magics_manager.magics["line"].pop("disks", None)
        magic.session.close()
    unregister_formatters(ipython)


__all__ = ["load_ipython_extension", "unload_ipython_extension"]
