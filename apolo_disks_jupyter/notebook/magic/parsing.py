"""A typed front to IPython's ``magic_arguments``: one parser per ``%disks`` command."""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from IPython.core import magic_arguments as ma

if TYPE_CHECKING:
    from .context import Context

F = TypeVar("F", bound="Callable[[Context, argparse.Namespace], Any]")


@dataclass(frozen=True)
class Arg:
    """One ``add_argument`` call."""

    flags: tuple[str, ...]
    options: dict[str, Any] = field(default_factory=dict)


def arg(*flags: str, **options: Any) -> Arg:
    return Arg(flags, options)


def scope_args(what: str) -> tuple[Arg, ...]:
    """``--project``, ``--org``, ``--cluster`` for a command about ``what``."""
    return (
        arg("--project", metavar="PROJECT", help=f"project of the {what} (default: the current)"),
        arg("--org", metavar="ORG", help=f"org of the {what} (default: the current)"),
        arg("--cluster", metavar="CLUSTER", help=f"cluster of the {what} (default: the current)"),
    )


def command(name: str, *arguments: Arg, example: str) -> Callable[[F], F]:
    """Give a command function its parser (``parser_of``) and help text (``__doc__``)."""

    def decorate(fn: F) -> F:
        target: Any = fn
        # IPython builds the parser from decorators applied bottom-up.
        for spec in reversed(arguments):
            target = ma.argument(*spec.flags, **spec.options)(target)  # type: ignore[no-untyped-call]
        target = ma.kwds(epilog=f"Example: {example}")(target)  # type: ignore[no-untyped-call]
        ma.magic_arguments(f"disks {name}")(target)  # type: ignore[no-untyped-call]
        # IPython formats usage as reStructuredText ("::"); plain text reads better here.
        fn.__doc__ = str(fn.__doc__).replace("::\n\n  %", "Usage: %", 1)
        return fn

    return decorate


def parser_of(fn: Callable[..., Any]) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = getattr(fn, "parser")  # noqa: B009 - set by magic_arguments
    return parser


def parse(fn: Callable[..., Any], line: str) -> argparse.Namespace:
    """Parse ``line`` for ``fn``; mistakes raise ``UsageError`` (unbalanced quotes: ValueError)."""
    # POSIX quoting, so that 'my data' arrives without its quotes on every platform.
    return parser_of(fn).parse_args(shlex.split(line))


__all__ = ["Arg", "arg", "command", "parse", "parser_of", "scope_args"]
