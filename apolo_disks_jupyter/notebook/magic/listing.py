"""``%disks ls``: disks as a typed DataFrame."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from IPython.core.error import UsageError

from .context import Context, check_scope, check_variable
from .parsing import arg, command

if TYPE_CHECKING:
    from ...client.connection import Client
    from ...client.disk import Disk


@command(
    "ls",
    arg("--project", metavar="PROJECT", help="list this project (default: the current one)"),
    arg("--all-projects", action="store_true", help="list every project you can see"),
    arg("--org", metavar="ORG", help="org to list (default: the current one)"),
    arg("--cluster", metavar="CLUSTER", help="cluster to list (default: the current one)"),
    arg("-o", "--output", metavar="VAR", help="also store the DataFrame in variable VAR"),
    example="df = %disks ls --all-projects",
)
def ls(ctx: Context, args: argparse.Namespace) -> Any:
    """List disks as a DataFrame (one row per disk, indexed by id, every column typed)."""
    if args.project is not None and args.all_projects:
        raise UsageError("Give --project or --all-projects, not both.")
    project = check_scope(args.project, "project")
    org = check_scope(args.org, "org")
    cluster = check_scope(args.cluster, "cluster")
    variable = check_variable(args.output)
    everywhere = bool(args.all_projects)

    async def fetch(client: Client) -> list[Disk]:
        scope = None if everywhere else (project or _current_project(client, cluster, org))
        async with client.disks.list(cluster, org_name=org, project_name=scope) as disks:
            return [disk async for disk in disks]

    # pandas loads while the request is in flight: on a cold kernel both take a while.
    disks = ctx.session.run(fetch, label="listing disks", meanwhile=_load_pandas)
    from ..frames import disks_frame

    frame = disks_frame(disks)
    if variable is not None:
        ctx.store(variable, frame)
    return frame


def _load_pandas() -> None:
    import pandas  # noqa: F401


def _current_project(client: Client, cluster: str | None, org: str | None) -> str | None:
    # The client's project belongs to its own cluster and org; elsewhere let the client pick.
    if cluster in (None, client.cluster_name) and org in (None, client.org_name):
        return client.project_name
    return None


__all__ = ["ls"]
