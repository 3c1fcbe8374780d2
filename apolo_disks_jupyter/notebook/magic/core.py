"""``DisksMagic``: the ``%disks`` router and its traitlets configuration."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from IPython.core.error import UsageError
from IPython.core.magic import Magics, line_magic, magics_class
from traitlets import Bool, Float, TraitError, Unicode, observe, validate
from traitlets.config import Configurable

from ...client.errors import DisksError, InvalidArgument
from ...client.units import parse_duration
from ..session import Session, get_session
from .commands import COMMANDS, overview, unknown
from .context import BadInput, Context, check_scope, one_line
from .parsing import parse

if TYPE_CHECKING:
    from IPython.core.interactiveshell import InteractiveShell


def _full_help() -> str:
    parts = [overview()]
    for name, command in COMMANDS.items():
        if name != "help":
            parts.append(str(command.__doc__).strip())
    return "\n\n".join(parts)


@magics_class
class DisksMagic(Magics, Configurable):
    """The ``%disks`` magic. Options: ``%config DisksMagic.<option> = value``."""

    cluster = Unicode("", help="Default cluster ('' = the connection's).").tag(config=True)
    org = Unicode("", help="Default org ('' = the connection's).").tag(config=True)
    project = Unicode("", help="Default project ('' = the connection's).").tag(config=True)
    timeout_unused = Unicode(
        "1d", help="Default --timeout-unused of %disks create, like the apolo CLI (0 = no limit)."
    ).tag(config=True)
    request_timeout = Float(30.0, help="Seconds each request may take.").tag(config=True)
    connect_on_load = Bool(
        True,
        help="Start connecting (and the embedded service) in the background at %load_ext.",
    ).tag(config=True)

    def __init__(
        self, shell: InteractiveShell | None = None, session: Session | None = None
    ) -> None:
        super().__init__(shell=shell)
        self.session = session or get_session()
        self._configure_session()

    def __repr__(self) -> str:
        return "<DisksMagic %disks>"

    @validate("timeout_unused")
    def _check_timeout_unused(self, proposal: Any) -> str:
        try:
            parse_duration(proposal["value"])
        except InvalidArgument as exc:
            raise TraitError(str(exc)) from None
        return str(proposal["value"])

    @validate("request_timeout")
    def _check_request_timeout(self, proposal: Any) -> float:
        value = float(proposal["value"])
        if not value > 0:
            raise TraitError(f"request_timeout must be a positive number of seconds, not {value}.")
        return value

    @validate("cluster", "org", "project")
    def _check_scope(self, proposal: Any) -> str:
        value = str(proposal["value"])
        if value:
            try:
                check_scope(value, proposal["trait"].name)
            except UsageError as exc:
                raise TraitError(str(exc)) from None
        return value

    @observe("cluster", "org", "project", "request_timeout")
    def _on_change(self, change: Any) -> None:
        self._configure_session()

    def _configure_session(self) -> None:
        self.session.configure(
            cluster_name=self.cluster or None,
            org_name=self.org or None,
            project_name=self.project or None,
            timeout=self.request_timeout,
        )

    @line_magic
    def disks(self, line: str) -> Any:
        try:
            return self._route(line)
        except (UsageError, InvalidArgument) as exc:
            raise BadInput(str(exc)) from None
        except DisksError as exc:
            one_line(exc)

    def _route(self, line: str) -> Any:
        name, _, rest = line.strip().partition(" ")
        if not name:
            print(overview())
            return None
        command = COMMANDS.get(name)
        if command is None:
            raise UsageError(unknown(name))
        try:
            args = parse(command, rest)
        except UsageError as exc:
            raise UsageError(f"%disks {name}: {exc}. See %disks help {name}.") from None
        except ValueError as exc:  # unbalanced quotes
            raise UsageError(f"%disks {name}: cannot read the arguments ({exc}).") from None
        return command(Context(self.shell, self.session, self.timeout_unused), args)

    disks.__doc__ = _full_help()


__all__ = ["DisksMagic"]
