"""``%disks mount``: snippets that mount a disk into a job."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from IPython.core.error import UsageError

from ...client.errors import InvalidArgument
from ...client.references import parse_reference
from ..snippets import FORMATS, mount_snippet, parse_mount_spec
from .context import Context, usage
from .parsing import arg, command

if TYPE_CHECKING:
    from ...client.connection import Client
    from ...client.disk import Disk

_CHOICES = (*FORMATS, "all")


@command(
    "mount",
    arg("spec", metavar="DISK:/path[:ro|rw]", help="the disk, the path in the container, the mode"),
    arg(
        "--format",
        "-f",
        metavar="FORMAT",
        action="append",
        help=f"one of {', '.join(_CHOICES)} (default: all; may be repeated)",
    ),
    example="%disks mount my-data:/mnt/data:ro --format cli",
)
def mount(ctx: Context, args: argparse.Namespace) -> Any:
    """Snippets that mount a disk into a job: apolo CLI, SDK, apolo-flow, k8s, docker."""
    wanted = args.format or ["all"]
    for fmt in wanted:
        if fmt not in _CHOICES:
            raise UsageError(f"Unknown format {fmt!r}; use {', '.join(_CHOICES)}.")
    try:
        spec = parse_mount_spec(args.spec)
        parse_reference(spec.disk)
    except InvalidArgument as exc:
        usage(exc)
    everything = "all" in wanted
    formats = FORMATS if everything else tuple(dict.fromkeys(wanted))

    async def fetch(client: Client) -> Disk:
        return await client.disks.get(spec.disk)

    disk = ctx.session.run(fetch, label="getting disk")
    where = ctx.session.describe()
    local_dir = None
    if where.is_local and where.local_data_dir is not None:
        local_dir = where.local_data_dir / "volumes" / disk.id
    elif formats == ("docker",):
        raise UsageError(
            "docker snippets exist only for the local service (its disks are directories "
            "here); use --format cli, sdk, flow or k8s for a cluster's disks."
        )
    try:
        return mount_snippet(
            disk,
            spec.path,
            spec.read_only,
            formats,
            local_dir,
            cluster_name=where.cluster_name,
            org_name=where.org_name,
            project_name=where.project_name,
        )
    except InvalidArgument as exc:
        usage(exc)


__all__ = ["mount"]
