"""How disks and disk frames look in IPython: humanized HTML and stable text.

The client layer knows nothing of Jupyter, so the reprs are registered here with IPython's
display formatters (``for_type``) when the extension loads or a frame is built. Values that
change from run to run (relative times, measured sizes) sit in ``<span class="adj-…">`` so
notebooks can sanitize them.
"""

from __future__ import annotations

import html
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from ..client.disk import Disk
from ..client.units import format_duration, format_size

if TYPE_CHECKING:
    import pandas as pd
    from IPython.core.interactiveshell import InteractiveShell

# The compact selection shown for a disks frame; the frame itself keeps every column.
DISPLAY_COLUMNS = (
    "name",
    "status",
    "storage",
    "used_bytes",
    "used_fraction",
    "created_at",
    "last_usage",
    "expires_at",
    "project_name",
)
_STATUS_COLOURS = {"Ready": "#2e7d32", "Pending": "#b26a00", "Broken": "#c62828"}
CSS = """<style>
.adj-table{border-collapse:collapse;font-size:var(--jp-code-font-size,13px)}
.adj-table th,.adj-table td{padding:2px 10px;text-align:left;white-space:nowrap;
 border-bottom:1px solid var(--jp-border-color2,#e0e0e0)}
.adj-table th{font-weight:600}
.adj-badge{border-radius:8px;padding:0 6px;color:white;font-size:85%}
.adj-bar{display:inline-block;width:60px;height:8px;vertical-align:middle;
 background:var(--jp-layout-color3,#ddd);border-radius:4px;overflow:hidden;margin-right:4px}
.adj-bar>span{display:block;height:100%;background:var(--jp-brand-color1,#1976d2)}
.adj-muted{color:var(--jp-ui-font-color2,#757575)}
</style>"""


def human_size(size: int | None) -> str:
    """A size as the apolo CLI shows it: decimal units, ``10.0 GB``."""
    if size is None:
        return "–"
    import humanize

    return str(humanize.naturalsize(size))


def relative_time(
    moment: datetime | None, now: datetime | None = None, *, never: str = "never"
) -> str:
    """``3 hours ago``, ``now`` or ``in 2 days``."""
    if moment is None:
        return never
    import humanize

    delta = (now or datetime.now(timezone.utc)) - moment
    if delta >= timedelta(0):
        return str(humanize.naturaltime(delta))
    return "in " + str(humanize.naturaldelta(-delta))


def exact_time(moment: datetime | None) -> str:
    """``2026-12-04 19:43:23 UTC``: a stable, exact rendering."""
    if moment is None:
        return "never"
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


def used_text(used: int | None, storage: int) -> str:
    if used is None:
        return "not measured yet"
    share = f" ({used / storage:.1%})" if storage else ""
    return human_size(used) + share


def disk_label(disk: Disk) -> str:
    """The name if it has one, else the id: how a user recognizes a disk."""
    return disk.name or disk.id


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _time_cell(moment: datetime | None, now: datetime, never: str = "never") -> str:
    if moment is None:
        return f'<span class="adj-muted">{_esc(never)}</span>'
    return (
        f'<span class="adj-time" title="{_esc(exact_time(moment))}">'
        f"{_esc(relative_time(moment, now))}</span>"
    )


def _badge(status: str) -> str:
    colour = _STATUS_COLOURS.get(status, "#616161")
    return f'<span class="adj-badge" style="background:{colour}">{_esc(status)}</span>'


def _usage_cell(used: int | None, storage: int) -> str:
    if used is None:
        return '<span class="adj-muted">–</span>'
    share = min(used / storage, 1.0) if storage else 0.0
    return (
        f'<span class="adj-used"><span class="adj-bar"><span style="width:{share:.0%}"></span>'
        f"</span>{_esc(used_text(used, storage))}</span>"
    )


def _timeout_text(disk: Disk) -> str:
    if disk.timeout_unused is None:
        return "no limit"
    return f"deleted after {format_duration(disk.timeout_unused)} unused"


def disk_text(disk: Disk) -> str:
    """A stable, multi-line text view of one disk (no relative times, no addresses)."""
    rows = [
        ("id", disk.id),
        ("uri", str(disk.uri)),
        ("used", used_text(disk.used_bytes, disk.storage)),
        ("created", exact_time(disk.created_at)),
        ("last used", exact_time(disk.last_usage)),
        ("timeout", _timeout_text(disk)),
        ("expires", exact_time(disk.expires_at) if disk.expires_at else "never"),
        ("owner", disk.owner),
    ]
    head = (
        f"Disk {disk_label(disk)} · {disk.status.value} · "
        f"{human_size(disk.storage)} ({format_size(disk.storage)})"
    )
    return "\n".join([head] + [f"  {key:<10} {value}" for key, value in rows])


def disk_html(disk: Disk, now: datetime | None = None) -> str:
    """A small card for one disk, humanized, with exact times on hover."""
    now = now or datetime.now(timezone.utc)
    expires = disk.expires_at
    rows = [
        ("id", f"<code>{_esc(disk.id)}</code>"),
        ("uri", f"<code>{_esc(disk.uri)}</code>"),
        ("size", f"{_esc(human_size(disk.storage))} ({_esc(format_size(disk.storage))})"),
        ("used", _usage_cell(disk.used_bytes, disk.storage)),
        ("created", _time_cell(disk.created_at, now)),
        ("last used", _time_cell(disk.last_usage, now)),
        ("timeout unused", _esc(format_duration(disk.timeout_unused))),
        ("expires", _time_cell(expires, now)),
        ("project", _esc(f"{disk.cluster_name}/{disk.org_name or '–'}/{disk.project_name}")),
        ("owner", _esc(disk.owner)),
    ]
    body = "".join(f"<tr><th>{key}</th><td>{value}</td></tr>" for key, value in rows)
    title = f"<b>{_esc(disk_label(disk))}</b> {_badge(disk.status.value)}"
    return f'{CSS}<div class="adj-disk">{title}<table class="adj-table">{body}</table></div>'


def _is_disks_frame(frame: pd.DataFrame) -> bool:
    from .frames import FRAME_MARK

    return bool(frame.attrs.get(FRAME_MARK)) and set(DISPLAY_COLUMNS) <= set(frame.columns)


def _opt(value: Any) -> Any:
    import pandas as pd

    return None if value is None or value is pd.NaT or pd.isna(value) else value


def _rows(frame: pd.DataFrame, limit: int) -> tuple[list[tuple[str, dict[str, Any]]], int]:
    shown = frame.iloc[:limit]
    columns = {name: shown[name].tolist() for name in DISPLAY_COLUMNS}
    rows = []
    for position, disk_id in enumerate(shown.index.tolist()):
        rows.append((str(disk_id), {name: _opt(columns[name][position]) for name in columns}))
    return rows, len(frame) - len(shown)


def _max_rows() -> int:
    import pandas as pd

    value = pd.get_option("display.max_rows")
    return int(value) if value else 1_000_000


def frame_html(frame: pd.DataFrame, now: datetime | None = None) -> str:
    """The compact, humanized HTML table of a disks frame (the frame keeps every column)."""
    now = now or datetime.now(timezone.utc)
    rows, hidden = _rows(frame, _max_rows())
    heads = ["id", "name", "status", "size", "used", "created", "last used", "expires", "project"]
    out = [CSS, '<table class="adj-table adj-frame"><thead><tr>']
    out += [f"<th>{head}</th>" for head in heads]
    out.append("</tr></thead><tbody>")
    for disk_id, row in rows:
        storage = int(row["storage"])
        used = row["used_bytes"]
        cells = [
            f'<code title="{_esc(disk_id)}">{_esc(disk_id)}</code>',
            _esc(row["name"] or "–"),
            _badge(str(row["status"])),
            f'<span title="{storage:,} bytes">{_esc(human_size(storage))}</span>',
            _usage_cell(None if used is None else int(used), storage),
            _time_cell(_py_time(row["created_at"]), now),
            _time_cell(_py_time(row["last_usage"]), now),
            _time_cell(_py_time(row["expires_at"]), now),
            _esc(row["project_name"]),
        ]
        out.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    out.append("</tbody></table>")
    summary = f"{len(frame)} disk{'s' if len(frame) != 1 else ''}"
    if hidden:
        summary += f", {hidden} more not shown"
    out.append(f'<div class="adj-muted">{summary} · every column is in the DataFrame</div>')
    return "".join(out)


def frame_text(frame: pd.DataFrame) -> str:
    """The compact text table of a disks frame: what a terminal user reads."""
    import pandas as pd

    if frame.empty:
        return "No disks."
    rows, hidden = _rows(frame, _max_rows())
    table = pd.DataFrame(
        [
            {
                "id": disk_id,
                "name": row["name"] or "–",
                "status": str(row["status"]),
                "size": human_size(int(row["storage"])),
                "used": "–" if row["used_bytes"] is None else human_size(int(row["used_bytes"])),
                "expires": exact_time(_py_time(row["expires_at"])),
                "project": row["project_name"],
            }
            for disk_id, row in rows
        ]
    )
    text = table.to_string(index=False)
    return text + (f"\n… {hidden} more disks" if hidden else "")


def _py_time(value: Any) -> datetime | None:
    return None if value is None else value.to_pydatetime()


def _frame_html_or_default(frame: pd.DataFrame) -> str | None:
    if _is_disks_frame(frame):
        return frame_html(frame)
    default: str | None = frame._repr_html_()  # type: ignore[operator]
    return default


def _frame_pretty(frame: pd.DataFrame, printer: Any, cycle: bool) -> None:
    printer.text(frame_text(frame) if _is_disks_frame(frame) else repr(frame))


def _disk_pretty(disk: Disk, printer: Any, cycle: bool) -> None:
    printer.text(disk_text(disk))


def register_formatters(shell: InteractiveShell) -> None:
    """Show ``Disk`` objects and disks frames humanized in this IPython shell."""
    if shell.display_formatter is None:
        return
    formatters = shell.display_formatter.formatters
    formatters["text/html"].for_type(Disk, disk_html)
    formatters["text/plain"].for_type(Disk, _disk_pretty)
    # By name, so that loading the extension does not import pandas; pandas 3 names its
    # DataFrame's module "pandas", older versions "pandas.core.frame".
    for module in ("pandas", "pandas.core.frame"):
        formatters["text/html"].for_type_by_name(module, "DataFrame", _frame_html_or_default)
        formatters["text/plain"].for_type_by_name(module, "DataFrame", _frame_pretty)


_OURS = (disk_html, _disk_pretty, _frame_html_or_default, _frame_pretty)


def unregister_formatters(shell: InteractiveShell) -> None:
    """Undo ``register_formatters`` (the extension is being unloaded); others' stay."""
    if shell.display_formatter is None:
        return
    formatters = shell.display_formatter.formatters
    for mime in ("text/html", "text/plain"):
        formatter = formatters[mime]
        for table in (formatter.type_printers, formatter.deferred_printers):
            for key in [key for key, printer in table.items() if printer in _OURS]:
                del table[key]


__all__ = [
    "DISPLAY_COLUMNS",
    "disk_html",
    "disk_label",
    "disk_text",
    "exact_time",
    "frame_html",
    "frame_text",
    "human_size",
    "register_formatters",
    "relative_time",
    "unregister_formatters",
]
