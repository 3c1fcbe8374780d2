"""``DisksPanel``: a live panel to browse, create, delete and mount disks (an anywidget).

The widget holds the disks and the busy/error state and answers the front end's messages
(``{"kind": ..., ...}``) through one dispatch table. Clicks never block the kernel: each
request is submitted to the session's loop thread and the traits are updated from its
done-callback. The Python API (``refresh``, ``create``, ``remove``) blocks like the magic and
raises ``DisksError``; a click's failure shows in the panel instead.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import itertools
import logging
import threading
import time
from collections.abc import Callable, Iterable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import anywidget
import traitlets

from ..client.disk import Disk
from ..client.errors import DiskNotFound, DisksError, InvalidArgument
from ..client.references import is_disk_id, parse_reference
from ..client.units import parse_duration
from .panel_calls import Listing, Outcome, create_call, fetch_call, poll_call, remove_call
from .panel_requests import (
    check_project,
    create_request,
    id_list,
    mount_request,
)
from .panel_rows import Row, connection_info, describe_scope, disk_row, disks_table
from .session import ClientCall, ConnectionDescription, Session, get_session
from .snippets import FORMATS, mount_snippet

if TYPE_CHECKING:
    import pandas as pd


T = TypeVar("T")
STATIC = Path(__file__).resolve().parent.parent / "static"
ALL_PROJECTS = ""
REPR_WAIT = 10.0  # seconds a text repr waits for the first refresh
MAX_POLL_DELAY = 10.0
_log = logging.getLogger(__name__)


class _Default:
    """The panel's default timeout, as a marker distinct from None (no limit)."""

    def __repr__(self) -> str:
        return "<the panel's default>"


_DEFAULT = _Default()


class DisksPanel(anywidget.AnyWidget):
    """A live panel of the disks of a project (or of all projects).

    ``DisksPanel()`` returns at once and fills itself when its first refresh completes.
    Its Python methods block like the magic and raise ``DisksError``; clicks in the panel
    never block the kernel, and their failures show as dismissible messages.

    Parameters
    ----------
    project : str, optional
        The project to show; default: the connection's current project.
    all_projects : bool
        Show every project's disks.
    timeout_unused : str
        The create form's default unused-timeout (the magic's default, ``1d``).
    poll_interval : float
        Seconds between looks at Pending disks, until they are Ready.
    session : Session, optional
        The kernel session to use; default: the one the magic uses.
    """

    _esm = STATIC / "panel.js"
    _css = STATIC / "panel.css"

    disks: traitlets.List[Any] = traitlets.List([]).tag(sync=True)
    scope = traitlets.Unicode(ALL_PROJECTS).tag(sync=True)
    projects: traitlets.List[Any] = traitlets.List([]).tag(sync=True)
    connection = traitlets.Dict({"state": "connecting"}).tag(sync=True)
    busy = traitlets.Int(0).tag(sync=True)
    refreshed_at = traitlets.Float(0.0).tag(sync=True)
    messages: traitlets.List[Any] = traitlets.List([]).tag(sync=True)
    deleting: traitlets.List[Any] = traitlets.List([]).tag(sync=True)
    selected: traitlets.List[Any] = traitlets.List([]).tag(sync=True)
    create_result = traitlets.Dict({}).tag(sync=True)
    snippet = traitlets.Dict({}).tag(sync=True)
    formats = traitlets.List(["cli", "sdk", "flow", "k8s"]).tag(sync=True)
    default_timeout = traitlets.Unicode("1d").tag(sync=True)

    def __init__(
        self,
        project: str | None = None,
        *,
        all_projects: bool = False,
        timeout_unused: str | None = "1d",
        poll_interval: float = 1.0,
        session: Session | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if project is not None:
            check_project(project)
        self._session = session or get_session()
        self._lock = threading.RLock()
        self._disks: dict[str, Disk] = {}
        self._rows: dict[str, tuple[Disk, Row]] = {}
        self._description: ConnectionDescription | None = None
        self._wanted: str | None = ALL_PROJECTS if all_projects else project
        self._scope: str | None = None
        self._busy = 0
        self._messages: list[list[Any]] = []
        self._message_ids = itertools.count(1)
        self._deleting: set[str] = set()
        self._selected: list[str] = []
        self._refreshed_at = 0.0
        self._generation = 0
        self._seq = 0
        self._changes: dict[str, tuple[int, str]] = {}
        self._poll: concurrent.futures.Future[Any] | None = None
        self._poll_interval = float(poll_interval)
        self._poll_delay = self._poll_interval
        self._closed = False
        self._loaded = threading.Event()
        parse_duration(timeout_unused)  # a mistake shows here, not when the form is used
        self.default_timeout = "no limit" if timeout_unused is None else str(timeout_unused)
        self._handlers: dict[str, Callable[[dict[str, Any]], None]] = {
            "refresh": self._on_refresh,
            "scope": self._on_scope,
            "create": self._on_create,
            "delete": self._on_delete,
            "select": self._on_select,
            "mount": self._on_mount,
            "dismiss": self._on_dismiss,
        }
        self.on_msg(self._on_front_end_message)
        self._refresh_in_background()

    # -- Python API ------------------------------------------------------------------------

    def refresh(self) -> list[Disk]:
        """Reload the disks now (blocking); returns the disks in the panel's scope."""
        generation, started, scope = self._start_refresh()
        self._begin()
        try:
            result = self._session.run(fetch_call(self._session, scope), label="listing disks")
        except DisksError as exc:
            self._connection_failed(exc)
            raise
        finally:
            self._end()
        self._apply_listing(result, generation, started)
        return list(self._disks.values())

    def create(
        self,
        size: str | int,
        name: str | None = None,
        timeout_unused: str | timedelta | _Default | None = _DEFAULT,
        *,
        project: str | None = None,
    ) -> Disk:
        """Create a disk (blocking) and show it at once; Pending disks are watched until Ready.

        ``size`` and ``timeout_unused`` take the magic's forms (``"10G"``, ``"512Mi"``,
        ``"1d2h"``); ``timeout_unused=None`` means no limit. The default is the panel's
        (``%config DisksMagic.timeout_unused``, ``"1d"`` unless configured).
        """
        if isinstance(timeout_unused, _Default):
            timeout_unused = self.default_timeout
        request = create_request(
            size, name, timeout_unused, project, projects=self._projects_for_create()
        )
        self._begin()
        try:
            disk = self._session.run(
                create_call(request, self._scope or None), label="creating disk"
            )
        finally:
            self._end()
        self._add_created(disk)
        return disk

    def remove(self, *disks: str | Disk) -> list[str]:
        """Delete disks by id, name or ``Disk`` (blocking), trying every one.

        Returns the ids removed; if any failed, raises one ``DisksError`` naming each failure
        after the others were removed.
        """
        if not disks:
            raise InvalidArgument("Say which disks to remove, e.g. panel.remove('my-disk').")
        targets: list[tuple[str, Disk | None]] = []
        failures: list[str] = []
        for item in disks:
            label = (item.name or item.id) if isinstance(item, Disk) else str(item)
            try:
                targets.append((label, self._resolve(item)))
            except DisksError as exc:
                failures.append(f"{label}: {exc}")
        known = [disk.id for _, disk in targets if disk is not None]
        self._mark_deleting(known)
        self._begin()
        try:
            outcomes = self._session.run(
                remove_call(targets, self._scope or None), label="removing disks"
            )
        except BaseException:
            self._mark_deleting(known, on=False)
            raise
        finally:
            self._end()
        removed, problems = self._apply_removals(outcomes, report=False)
        labels = [disk.name or disk.id for _, disk, exc in outcomes if disk and exc is None]
        failures += problems
        if failures:
            count = len(failures)
            total = len(disks)
            raise DisksError(
                f"Could not remove {count} of {total} disk{'s' if total > 1 else ''}: "
                + "; ".join(failures)
                + (f" (removed: {', '.join(labels)})" if labels else "")
            )
        return removed

    @property
    def frame(self) -> pd.DataFrame:
        """Every disk in the panel's scope (whatever the on-screen filter), as ``%disks ls``."""
        from .frames import disks_frame

        self._wait_for_first_refresh()
        with self._lock:
            disks = list(self._disks.values())
        return disks_frame(disks)

    @property
    def selected_frame(self) -> pd.DataFrame:
        """The disks ticked in the panel, same columns as ``frame``."""
        from .frames import disks_frame

        with self._lock:
            disks = [self._disks[i] for i in self._selected if i in self._disks]
        return disks_frame(disks)

    @property
    def project(self) -> str | None:
        """The project shown, or None when the panel shows all projects."""
        with self._lock:
            return self._scope or None

    def close(self) -> None:
        """Stop watching Pending disks and close the widget."""
        with self._lock:
            self._closed = True
            poll, self._poll = self._poll, None
        if poll is not None:
            poll.cancel()
        super().close()

    def __repr__(self) -> str:
        self._wait_for_first_refresh()
        with self._lock:
            disks = list(self._disks.values())
            where = describe_scope(self._description, self._scope)
            messages = [text for _, level, text in self._messages if level == "error"]
        count = f"{len(disks)} disk{'' if len(disks) == 1 else 's'}"
        lines = [f"DisksPanel: {count} {where}"]
        lines += ["  " + line for line in disks_table(sorted(disks, key=_repr_order))]
        lines += [f"  ! {text}" for text in messages]
        return "\n".join(lines)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))

    # -- front-end messages ------------------------------------------------------------------

    def _on_front_end_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        # A failure here would land in the kernel log as a traceback: report it in the panel.
        try:
            if not isinstance(content, dict) or content.get("kind") not in self._handlers:
                kind = content.get("kind") if isinstance(content, dict) else None
                raise InvalidArgument(f"The panel got a message it does not know ({kind!r}).")
            started = time.perf_counter()
            self._handlers[content["kind"]](content)
            took = time.perf_counter() - started
            if took > 0.1:
                _log.info("panel message %s took %.0f ms", content["kind"], took * 1000)
        except DisksError as exc:
            self._report(str(exc))
        except Exception as exc:
            _log.debug("panel message failed", exc_info=True)
            self._report(f"Unexpected error: {exc!r}")

    def _on_refresh(self, _message: dict[str, Any]) -> None:
        self._refresh_in_background()

    def _on_scope(self, message: dict[str, Any]) -> None:
        project = message.get("project")
        if not isinstance(project, str):
            raise InvalidArgument("The project must be text ('' for all projects).")
        if project and project not in self.projects:
            raise InvalidArgument(f"Project {project!r} is not one of {', '.join(self.projects)}.")
        with self._lock:
            self._wanted = project
            self._scope = project
            self._disks = {}
            self._selected = []
            self._refreshed_at = 0.0  # the table says "Loading…" until the new list is in
        self._publish()
        self._refresh_in_background()

    def _on_create(self, message: dict[str, Any]) -> None:
        req = message.get("req")
        try:
            request = create_request(
                message.get("size"),  # type: ignore[arg-type]
                message.get("name"),
                message.get("timeout_unused"),
                message.get("project"),
                unit=message.get("unit") if isinstance(message.get("unit"), str) else "?",
                projects=self._projects_for_create(),
            )
        except DisksError as exc:
            self._set(create_result={"req": req, "ok": False, "error": str(exc)})
            return

        def created(disk: Disk) -> None:
            self._add_created(disk)
            self._set(create_result={"req": req, "ok": True, "id": disk.id, "error": ""})

        def failed(exc: BaseException) -> None:
            self._set(create_result={"req": req, "ok": False, "error": _sentence(exc)})

        self._submit(create_call(request, self._scope or None), created, failed)

    def _on_delete(self, message: dict[str, Any]) -> None:
        ids = id_list(message.get("ids"))
        with self._lock:
            targets = [
                (self._disks[i].name or i, self._disks[i])
                for i in ids
                if i in self._disks and i not in self._deleting
            ]
            gone = [i for i in ids if i not in self._disks]
        if gone:
            self._report(f"Not in the panel any more: {', '.join(gone)}.", "warning")
        if not targets:
            return
        self._mark_deleting([disk.id for _, disk in targets if disk is not None])

        def done(outcomes: list[Outcome]) -> None:
            self._apply_removals(outcomes, report=True)

        def failed(exc: BaseException) -> None:
            self._mark_deleting([disk.id for _, disk in targets if disk is not None], on=False)
            self._report(_sentence(exc))

        self._submit(remove_call(targets, self._scope or None), done, failed)

    def _on_select(self, message: dict[str, Any]) -> None:
        ids = id_list(message.get("ids"))
        with self._lock:
            self._selected = [i for i in ids if i in self._disks]
        self._publish()

    def _on_mount(self, message: dict[str, Any]) -> None:
        req = str(message.get("req", ""))
        disk_id = message.get("id")
        try:
            request = mount_request(message, self.formats)
            with self._lock:
                disk = self._disks.get(request.disk_id)
                where = self._description
            if disk is None:
                raise DiskNotFound(f"Disk {request.disk_id} is not in the panel any more.")
            local_dir = None
            if where is not None and where.is_local and where.local_data_dir is not None:
                local_dir = where.local_data_dir / "volumes" / disk.id
            snippet = mount_snippet(
                disk,
                request.path,
                request.read_only,
                (request.format,),
                local_dir,
                cluster_name=where.cluster_name if where else None,
                org_name=where.org_name if where else None,
                project_name=where.project_name if where else None,
            )
        except DisksError as exc:
            answer = {"req": req, "id": disk_id, "text": "", "note": "", "error": str(exc)}
        else:
            answer = {
                "req": req,
                "id": disk.id,
                "format": request.format,
                "text": snippet[request.format],
                "note": " ".join(snippet.notes),
                "error": "",
            }
        self._set(snippet=answer)

    def _on_dismiss(self, message: dict[str, Any]) -> None:
        with self._lock:
            self._messages = [m for m in self._messages if m[0] != message.get("id")]
        self._publish()

    # -- requests on the session's loop ----------------------------------------------------

    def _submit(
        self,
        call: ClientCall[T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None = None,
        *,
        busy: bool = True,
    ) -> concurrent.futures.Future[T]:
        if busy:
            self._begin()
        future = self._session.submit(call)

        def settle(done: concurrent.futures.Future[T]) -> None:
            # Runs on the loop thread: never let an exception escape into its log.
            try:
                if done.cancelled():
                    return
                exc = done.exception()
                if exc is None:
                    on_done(done.result())
                elif on_error is not None:
                    on_error(exc)
                else:
                    self._report(_sentence(exc))
            except Exception as failure:
                _log.debug("panel update failed", exc_info=True)
                self._report(f"Unexpected error: {failure!r}")
            finally:
                # Not busy any more only once the answer shows.
                if busy:
                    self._end()

        future.add_done_callback(settle)
        return future

    # -- refresh, polling and state ----------------------------------------------------------

    def _start_refresh(self) -> tuple[int, int, str | None]:
        with self._lock:
            self._generation += 1
            return self._generation, self._seq, self._wanted

    def _refresh_in_background(self) -> concurrent.futures.Future[Any]:
        generation, started, scope = self._start_refresh()

        def done(result: Any) -> None:
            self._apply_listing(result, generation, started)

        def failed(exc: BaseException) -> None:
            self._connection_failed(exc)
            self._report(_sentence(exc))

        return self._submit(fetch_call(self._session, scope), done, failed)

    def _connection_failed(self, exc: BaseException) -> None:
        with self._lock:
            if self._description is None:
                self._set(connection={"state": "failed", "where": "", "user": "", "url": ""})
        self._loaded.set()

    def _apply_listing(self, result: Listing, generation: int, started: int) -> None:
        description, found, scope = result
        with self._lock:
            self._description = description
            if generation == self._generation:
                fresh = {disk.id: disk for disk in found}
                # Creates and deletes that finished while this list was on its way win.
                for disk_id, (seq, kind) in self._changes.items():
                    if seq <= started:
                        continue
                    if kind == "created" and disk_id in self._disks:
                        fresh[disk_id] = self._disks[disk_id]
                    elif kind == "deleted":
                        fresh.pop(disk_id, None)
                self._disks = fresh
                self._scope = scope
                self._wanted = scope
                self._refreshed_at = time.time()
                self._changes = {k: v for k, v in self._changes.items() if v[0] > started}
                self._selected = [i for i in self._selected if i in fresh]
        self._publish()
        self._loaded.set()
        self._watch_pending()

    def _add_created(self, disk: Disk) -> None:
        with self._lock:
            self._seq += 1
            self._changes[disk.id] = (self._seq, "created")
            shown = not self._scope or self._scope == disk.project_name
            if shown:
                self._disks = {disk.id: disk, **self._disks}
            self._poll_delay = self._poll_interval
        if not shown:
            self._report(
                f"Created {disk.name or disk.id} in project {disk.project_name} "
                f"(this panel shows project {self._scope}).",
                "info",
            )
        self._publish()
        self._watch_pending()

    def _apply_removals(
        self, outcomes: list[Outcome], *, report: bool
    ) -> tuple[list[str], list[str]]:
        removed: list[str] = []
        problems: list[str] = []
        correct = False
        with self._lock:
            for label, disk, exc in outcomes:
                if disk is not None:
                    self._deleting.discard(disk.id)
                if exc is None and disk is not None:
                    removed.append(disk.id)
                else:
                    problems.append(f"{label}: {_sentence(exc or DisksError('failed'))}")
                    # Someone else changed a disk the panel shows: show the service's truth.
                    correct = correct or disk is not None
                if disk is not None and (exc is None or isinstance(exc, DiskNotFound)):
                    self._seq += 1
                    self._changes[disk.id] = (self._seq, "deleted")
                    self._disks.pop(disk.id, None)
            self._selected = [i for i in self._selected if i in self._disks]
        if report:
            for problem in problems:
                self._report(f"Could not delete {problem}")
        self._publish()
        if correct:
            self._refresh_in_background()
        return removed, problems

    def _resolve(self, item: str | Disk) -> Disk | None:
        """The panel's disk for an id, name or Disk; None means look it up on the service."""
        if isinstance(item, Disk):
            return item
        if not isinstance(item, str):
            raise InvalidArgument(f"A disk is an id, a name or a Disk, not {item!r}.")
        parse_reference(item)
        with self._lock:
            if item in self._disks:
                return self._disks[item]
            if not is_disk_id(item):
                named = [d for d in self._disks.values() if d.name == item]
                if len(named) == 1:
                    return named[0]
        return None

    def _mark_deleting(self, ids: Iterable[str], *, on: bool = True) -> None:
        with self._lock:
            if on:
                self._deleting.update(ids)
            else:
                self._deleting.difference_update(ids)
        self._publish()

    def _watch_pending(self) -> None:
        with self._lock:
            if self._closed or self._poll is not None:
                return
            pending = [
                d
                for d in self._disks.values()
                if d.status is Disk.Status.PENDING and d.id not in self._deleting
            ]
            if not pending:
                self._poll_delay = self._poll_interval
                return
            delay = self._poll_delay
            self._poll_delay = min(self._poll_delay * 1.5, MAX_POLL_DELAY)

            def done(results: list[tuple[Disk, Disk | BaseException]]) -> None:
                self._apply_poll(results)

            def failed(exc: BaseException) -> None:
                with self._lock:
                    self._poll = None
                self._watch_pending()

            self._poll = self._session.submit(poll_call(pending, delay))
            poll = self._poll
        # Added outside the lock: a callback may run at once on this thread.
        poll.add_done_callback(lambda f: self._settle_poll(f, done, failed))

    def _settle_poll(
        self,
        future: concurrent.futures.Future[Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        try:
            if future.cancelled():
                return
            exc = future.exception()
            if exc is None:
                done(future.result())
            else:
                failed(exc)
        except Exception:
            _log.debug("watching pending disks failed", exc_info=True)

    def _apply_poll(self, results: list[tuple[Disk, Disk | BaseException]]) -> None:
        with self._lock:
            self._poll = None
            for old, new in results:
                if old.id not in self._disks:
                    continue
                if isinstance(new, Disk):
                    self._disks[old.id] = new
                elif isinstance(new, DiskNotFound) and old.id not in self._deleting:
                    self._disks.pop(old.id, None)
        self._publish()
        self._watch_pending()

    def _projects_for_create(self) -> tuple[str, ...]:
        with self._lock:
            return tuple(self.projects)

    def _begin(self) -> None:
        with self._lock:
            self._busy += 1
            self._set(busy=self._busy)

    def _end(self) -> None:
        with self._lock:
            self._busy = max(0, self._busy - 1)
            self._set(busy=self._busy)

    def _set(self, **traits: Any) -> None:
        # Traits change from the kernel thread and the loop thread: one at a time.
        with self._lock, self.hold_sync():
            for name, value in traits.items():
                setattr(self, name, value)

    def _report(self, text: str, level: str = "error") -> None:
        with self._lock:
            entry = [next(self._message_ids), level, text]
            # The newest few are enough; older ones would only push the table down.
            self._messages = [*self._messages[-4:], entry]
        self._publish()

    def _row(self, disk: Disk) -> Row:
        cached = self._rows.get(disk.id)
        if cached is not None and cached[0] is disk:
            return cached[1]
        row = disk_row(disk)
        self._rows[disk.id] = (disk, row)
        return row

    def _publish(self) -> None:
        """Send the state to the front end (one message for every trait that changed)."""
        with self._lock:
            rows = [self._row(d) for d in self._disks.values()]
            for stale in self._rows.keys() - self._disks.keys():
                del self._rows[stale]
            description = self._description
            known: list[str] = list(description.projects) if description else []
            for extra in [description.project_name if description else None, self._scope]:
                if extra and extra not in known:
                    known.append(extra)
            if not self._scope:
                known += sorted({d.project_name for d in self._disks.values()} - set(known))
            with self.hold_sync():
                self.disks = rows
                if description is not None:
                    self.connection = connection_info(description)
                    self.formats = [f for f in FORMATS if f != "docker" or description.is_local]
                self.projects = known
                self.scope = self._scope or ALL_PROJECTS
                self.refreshed_at = self._refreshed_at
                self.messages = [list(m) for m in self._messages]
                self.deleting = sorted(self._deleting)
                self.selected = list(self._selected)

    def _wait_for_first_refresh(self) -> None:
        if threading.current_thread().name == "apolo-disks-loop":
            return
        self._loaded.wait(REPR_WAIT)


def _repr_order(disk: Disk) -> tuple[str, str]:
    return (disk.name or "~", disk.id)


def _sentence(exc: BaseException) -> str:
    if isinstance(exc, DisksError):
        return str(exc)
    if isinstance(exc, (asyncio.TimeoutError, concurrent.futures.TimeoutError)):
        return "The disk service did not answer in time; try again."
    return f"Unexpected error: {exc!r}"


__all__ = ["ALL_PROJECTS", "DisksPanel"]
