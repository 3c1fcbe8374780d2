"""The one table of ``%disks`` commands, and ``%disks help``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from IPython.core.error import UsageError

from .connection import status, use
from .context import Context
from .lifecycle import create, get, rm
from .listing import ls
from .mounting import mount
from .parsing import arg, command, parser_of
from .widgets import panel

Command = Callable[[Context, argparse.Namespace], Any]


@command(
    "help",
    arg("command", metavar="COMMAND", nargs="?", help="the command to explain"),
    example="%disks help create",
)
def help_(ctx: Context, args: argparse.Namespace) -> None:
    """Explain every command, or one command with its options and an example."""
    if args.command is None:
        print(overview())
        return
    chosen = COMMANDS.get(args.command)
    if chosen is None:
        raise UsageError(unknown(args.command))
    print(chosen.__doc__)


COMMANDS: dict[str, Command] = {
    "ls": ls,
    "create": create,
    "get": get,
    "rm": rm,
    "mount": mount,
    "status": status,
    "use": use,
    "panel": panel,
    "help": help_,
}


def summary(fn: Command) -> str:
    """The first line of a command's help (its description)."""
    return str(parser_of(fn).description or "").strip().splitlines()[0]


def overview() -> str:
    """``%disks`` with no command: every command in one line each."""
    width = max(len(name) for name in COMMANDS)
    lines = ["%disks COMMAND [ARGS] — manage Apolo disks from IPython.", ""]
    lines += [f"  {name:<{width}}  {summary(fn)}" for name, fn in COMMANDS.items()]
    lines += [
        "",
        "%disks help COMMAND shows a command's options and an example.",
        "Defaults: %config DisksMagic (cluster, org, project, timeout_unused, request_timeout).",
    ]
    return "\n".join(lines)


def unknown(name: str) -> str:
    return f"Unknown %disks command {name!r}; commands: {', '.join(COMMANDS)}."


__all__ = ["COMMANDS", "overview", "unknown"]
