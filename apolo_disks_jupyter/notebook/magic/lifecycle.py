"""``%disks create``, ``get`` and ``rm``."""

from __future__ import annotations

import argparse
import asyncio
from typing import TYPE_CHECKING, Any

from IPython.core.error import UsageError

from ...client.errors import DisksError, InvalidArgument
from ...client.references import check_name, parse_reference
from ...client.units import parse_duration, parse_size
from .context import CommandFailed, Context, check_scope, one_line, usage
from .parsing import arg, command, scope_args

if TYPE_CHECKING:
    from ...client.connection import Client
    from ...client.disk import Disk


def _scope(args: argparse.Namespace) -> dict[str, str | None]:
    return {
        "cluster_name": check_scope(args.cluster, "cluster"),
        "org_name": check_scope(args.org, "org"),
        "project_name": check_scope(args.project, "project"),
    }


def _reference(text: str) -> str:
    try:
        parse_reference(text)
    except InvalidArgument as exc:
        usage(exc)
    return text


@command(
    "create",
    arg("size", metavar="SIZE", help="e.g. 10G (10^9 bytes), 512Mi (2^20), 1.5GB"),
    arg("--name", metavar="NAME", help="unique in the project: lower-case letters, digits, '-'"),
    arg(
        "--timeout-unused",
        metavar="DURATION",
        help="delete after this long unused, e.g. 1d2h (default: DisksMagic.timeout_unused)",
    ),
    arg("--no-timeout", action="store_true", help="never delete the disk for being unused"),
    *scope_args("new disk"),
    example="%disks create 10G --name my-data --timeout-unused 2d",
)
def create(ctx: Context, args: argparse.Namespace) -> Any:
    """Create a disk and return it."""
    if args.timeout_unused is not None and args.no_timeout:
        raise UsageError("Give --timeout-unused or --no-timeout, not both.")
    try:
        storage = parse_size(args.size)
        name = check_name(args.name)
        spelled = "0" if args.no_timeout else (args.timeout_unused or ctx.timeout_unused)
        timeout = parse_duration(spelled)
    except InvalidArgument as exc:
        usage(exc)
    scope = _scope(args)

    async def make(client: Client) -> Disk:
        return await client.disks.create(
            storage,
            timeout or None,
            name,
            scope["cluster_name"],
            scope["org_name"],
            project_name=scope["project_name"],
        )

    return ctx.session.run(make, label="creating disk")


@command(
    "get",
    arg(
        "disk", metavar="DISK", help="id, name, disk:/PROJECT/NAME or disk://CLUSTER/ORG/PROJECT/ID"
    ),
    *scope_args("disk"),
    example="%disks get my-data",
)
def get(ctx: Context, args: argparse.Namespace) -> Any:
    """Look a disk up by id, name or URI and return it."""
    reference = _reference(args.disk)
    scope = _scope(args)

    async def fetch(client: Client) -> Disk:
        return await client.disks.get(
            reference,
            scope["cluster_name"],
            org_name=scope["org_name"],
            project_name=scope["project_name"],
        )

    return ctx.session.run(fetch, label="getting disk")


@command(
    "rm",
    arg("disks", metavar="DISK", nargs="+", help="ids, names or disk: URIs"),
    *scope_args("disks"),
    example="%disks rm my-data disk-5bcfd114-2c3c-4d96-934e-1fdc8acb0b6b",
)
def rm(ctx: Context, args: argparse.Namespace) -> None:
    """Remove disks; says which were removed. One failure does not stop the others."""
    references = list(dict.fromkeys(_reference(text) for text in args.disks))
    scope = _scope(args)

    async def remove_one(client: Client, reference: str) -> None:
        await client.disks.rm(
            reference,
            scope["cluster_name"],
            org_name=scope["org_name"],
            project_name=scope["project_name"],
        )

    async def remove_all(client: Client) -> list[BaseException | None]:
        return await asyncio.gather(
            *(remove_one(client, reference) for reference in references), return_exceptions=True
        )

    label = "removing disk" + ("s" if len(references) > 1 else "")
    results = ctx.session.run(remove_all, label=label)
    if len(references) == 1 and isinstance(results[0], DisksError):
        one_line(results[0])
    failures: list[tuple[str, BaseException]] = []
    for reference, result in zip(references, results, strict=True):
        if result is None:
            print(f"Removed {reference}.")
        elif isinstance(result, DisksError):
            print(f"Could not remove {reference}: {result}")
            failures.append((reference, result))
        else:
            raise result
    if failures:
        names = ", ".join(reference for reference, _ in failures)
        one_line(CommandFailed(f"{len(failures)} of {len(references)} not removed: {names}."))


__all__ = ["create", "get", "rm"]
