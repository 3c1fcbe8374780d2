// The disks table: a windowed grid (only the rows in view exist in the DOM, so 10,000
// disks scroll as smoothly as 10), sortable by any column, filtered by text, multi-select.

import { h } from "./dom.js";
import {
  formatExact,
  formatExpires,
  formatPercent,
  formatRelative,
  formatSize,
  usedFraction,
} from "./format.js";
import {
  CREATED,
  diskLabel,
  EXPIRES,
  ID,
  LAST_USED,
  NAME,
  PROJECT,
  searchText,
  shortId,
  STATUS,
  STORAGE,
  USED,
  viewIndices,
} from "./rows.js";

export const ROW_HEIGHT = 34;
const MAX_VISIBLE_ROWS = 12;
const OVERSCAN = 3;

const COLUMNS = [
  { key: "select", label: "" },
  { key: "name", label: "Name" },
  { key: "status", label: "Status" },
  { key: "storage", label: "Size", numeric: true },
  { key: "used", label: "Used" },
  { key: "created", label: "Created" },
  { key: "last_used", label: "Last used" },
  { key: "expires", label: "Expires" },
  { key: "project", label: "Project" },
  { key: "actions", label: "" },
];

/**
 * Build the table. Callbacks: onSelectionChange(Set of ids), onMount(row), onDelete([rows]).
 * Returns {el, setRows, setDeleting, setSelected, setFilter, setNow, sortBy, viewCount, destroy}.
 */
export function createTable({ onSelectionChange, onMount, onDelete }) {
  let rows = [];
  let search = [];
  let byId = new Map();
  let view = [];
  let filter = "";
  let sort = { key: "created", descending: true };
  let deleting = new Set();
  let selected = new Set();
  let now = Date.now() / 1000;
  let loaded = "loading";
  let emptyText = "";
  let frame = 0;
  const pool = [];

  const headerCheck = h("input", {
    type: "checkbox",
    "aria-label": "Select every disk shown",
    onchange: () => selectView(headerCheck.checked),
  });
  const headerCells = COLUMNS.map((col) => {
    if (col.key === "select") return h("div", { class: "adjp-cell adjp-c-select" }, headerCheck);
    if (!col.label) return h("div", { class: `adjp-cell adjp-c-${col.key}` });
    return h(
      "div",
      { class: `adjp-cell adjp-c-${col.key}`, role: "columnheader" },
      h(
        "button",
        {
          class: "adjp-sort",
          type: "button",
          "data-sort": col.key,
          title: `Sort by ${col.label.toLowerCase()}`,
          onclick: () => sortBy(col.key),
        },
        col.label,
        h("span", { class: "adjp-sort-mark", "aria-hidden": "true" }),
      ),
    );
  });
  const header = h("div", { class: "adjp-row adjp-head", role: "row" }, ...headerCells);
  const spacer = h("div", { class: "adjp-spacer" });
  const body = h("div", { class: "adjp-body", role: "rowgroup", tabindex: "0" }, spacer);
  const empty = h("div", { class: "adjp-empty", role: "status" });
  const el = h(
    "div",
    { class: "adjp-table", role: "grid", "aria-label": "Disks" },
    h("div", { class: "adjp-scroll-x" }, header, body),
    empty,
  );

  body.addEventListener("scroll", () => {
    if (!frame) frame = requestAnimationFrame(paintWindow);
  });
  body.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (!button || button.disabled) return;
    const row = byId.get(button.closest(".adjp-row").dataset.id);
    if (!row) return;
    if (button.dataset.action === "mount") onMount(row);
    if (button.dataset.action === "delete") onDelete([row]);
  });
  body.addEventListener("change", (event) => {
    const box = event.target;
    if (box.type !== "checkbox") return;
    const id = box.closest(".adjp-row").dataset.id;
    if (box.checked) selected.add(id);
    else selected.delete(id);
    paintHeader();
    onSelectionChange(new Set(selected));
  });

  function selectView(on) {
    for (const i of view) {
      const id = rows[i][ID];
      if (on && !deleting.has(id)) selected.add(id);
      else selected.delete(id);
    }
    paintWindow();
    paintHeader();
    onSelectionChange(new Set(selected));
  }

  function recompute() {
    view = viewIndices(rows, search, filter, sort);
    const visible = Math.max(1, Math.min(view.length, MAX_VISIBLE_ROWS));
    body.style.height = `${visible * ROW_HEIGHT}px`;
    spacer.style.height = `${view.length * ROW_HEIGHT}px`;
    if (loaded === "failed") emptyText = "The disks could not be loaded: see the message above.";
    else if (loaded !== "loaded") emptyText = "Loading disks…";
    else if (rows.length === 0) emptyText = "No disks here yet: create one above.";
    else if (view.length === 0) emptyText = `No disk matches “${filter}”.`;
    else emptyText = "";
    empty.textContent = emptyText;
    empty.hidden = !emptyText;
    body.hidden = view.length === 0;
    paintHeader();
    paintWindow();
    // Line the header's columns up with the rows beside a vertical scrollbar, if any.
    const gutter = body.offsetWidth - body.clientWidth;
    header.style.paddingRight = gutter > 0 ? `${gutter}px` : "";
  }

  function paintHeader() {
    for (const button of header.querySelectorAll("button[data-sort]")) {
      const active = button.dataset.sort === sort.key;
      button.parentElement.setAttribute(
        "aria-sort",
        active ? (sort.descending ? "descending" : "ascending") : "none",
      );
      button.lastChild.textContent = active ? (sort.descending ? "▼" : "▲") : "";
    }
    let shown = 0;
    for (const i of view) if (selected.has(rows[i][ID])) shown++;
    headerCheck.checked = shown > 0 && shown === view.length;
    headerCheck.indeterminate = shown > 0 && shown < view.length;
    headerCheck.disabled = view.length === 0;
  }

  function paintWindow() {
    frame = 0;
    const top = body.scrollTop;
    const height = body.clientHeight || MAX_VISIBLE_ROWS * ROW_HEIGHT;
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(view.length, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);
    // Rows are pooled: a sort or a scroll rewrites a few text nodes instead of building elements.
    while (pool.length < last - first) {
      const row = createRowElement();
      pool.push(row);
      spacer.append(row);
    }
    for (let k = 0; k < pool.length; k++) {
      const el = pool[k];
      const position = first + k;
      if (position < last) {
        el.hidden = false;
        fillRow(el, rows[view[position]], position);
      } else if (!el.hidden) {
        el.hidden = true;
        el.dataset.id = "";
        el.shown = null;
      }
    }
  }

  function fillRow(el, row, position) {
    const top = `${position * ROW_HEIGHT}px`;
    if (el.style.top !== top) el.style.top = top;
    const id = row[ID];
    const busy = deleting.has(id);
    const isSelected = selected.has(id);
    const shown = el.shown;
    if (shown && shown.row === row && shown.busy === busy && shown.selected === isSelected && shown.now === now) {
      return;
    }
    el.shown = { row, busy, selected: isSelected, now };
    const c = el.cells;
    el.dataset.id = id;
    el.className = `adjp-row${busy ? " adjp-busy" : ""}${isSelected ? " adjp-selected" : ""}`;
    if (busy) el.setAttribute("aria-disabled", "true");
    else el.removeAttribute("aria-disabled");
    const label = diskLabel(row);
    c.check.checked = isSelected;
    c.check.disabled = busy;
    c.check.setAttribute("aria-label", `Select ${label}`);
    c.name.title = id;
    c.name.textContent = row[NAME] || shortId(id);
    c.name.className = `adjp-cell adjp-c-name${row[NAME] ? "" : " adjp-id"}`;
    const status = busy ? "Deleting" : row[STATUS];
    c.badge.textContent = status;
    c.badge.className = `adjp-badge adjp-${status.toLowerCase()}`;
    c.storage.textContent = formatSize(row[STORAGE]);
    c.storage.title = `${row[STORAGE]} bytes`;
    const fraction = usedFraction(row[USED], row[STORAGE]);
    c.used.textContent = formatPercent(fraction);
    c.used.title =
      row[USED] === null ? "Not measured yet" : `${formatSize(row[USED])} of ${formatSize(row[STORAGE])}`;
    c.used.style.setProperty("--adjp-used", `${Math.round((fraction ?? 0) * 100)}%`);
    c.used.classList.toggle("adjp-full", fraction !== null && fraction >= 0.9);
    // Past events never read "in a moment", whatever the clocks' small disagreements.
    c.created.textContent = formatRelative(Math.min(row[CREATED], now), now);
    c.created.title = formatExact(row[CREATED]);
    c.last_used.textContent = row[LAST_USED] === null ? "never" : formatRelative(Math.min(row[LAST_USED], now), now);
    c.last_used.title = row[LAST_USED] === null ? "Not used by a job yet" : formatExact(row[LAST_USED]);
    c.expires.textContent = formatExpires(row[EXPIRES], now);
    c.expires.title =
      row[EXPIRES] === null ? "No unused-timeout: never deleted for being unused" : formatExact(row[EXPIRES]);
    c.project.textContent = row[PROJECT];
    c.project.title = row[PROJECT];
    c.mount.disabled = busy;
    c.mount.title = `Mount ${label} in a job`;
    c.remove.disabled = busy;
    c.remove.title = `Delete ${label}`;
  }

  function createRowElement() {
    const cell = (key) => h("div", { class: `adjp-cell adjp-c-${key}` });
    const check = h("input", { type: "checkbox" });
    const badge = h("span", { class: "adjp-badge" });
    const mount = h("button", { type: "button", class: "adjp-btn adjp-small", "data-action": "mount" }, "Mount");
    const remove = h(
      "button",
      { type: "button", class: "adjp-btn adjp-small adjp-danger", "data-action": "delete" },
      "Delete",
    );
    const cells = {
      check,
      badge,
      mount,
      remove,
      name: cell("name"),
      storage: cell("storage"),
      used: cell("used"),
      created: cell("created"),
      last_used: cell("last_used"),
      expires: cell("expires"),
      project: cell("project"),
    };
    const el = h(
      "div",
      { class: "adjp-row", role: "row" },
      h("div", { class: "adjp-cell adjp-c-select" }, check),
      cells.name,
      h("div", { class: "adjp-cell adjp-c-status" }, badge),
      cells.storage,
      cells.used,
      cells.created,
      cells.last_used,
      cells.expires,
      cells.project,
      h("div", { class: "adjp-cell adjp-c-actions" }, mount, remove),
    );
    el.cells = cells;
    el.shown = null;
    return el;
  }

  function sortBy(key, descending) {
    if (descending === undefined) {
      descending = sort.key === key ? !sort.descending : key === "created" || key === "storage" || key === "used";
    }
    sort = { key, descending };
    recompute();
  }

  return {
    el,
    setRows(next) {
      rows = next;
      now = Date.now() / 1000;
      search = rows.map(searchText);
      byId = new Map(rows.map((r) => [r[ID], r]));
      let dropped = false;
      for (const id of selected) {
        if (!byId.has(id)) {
          selected.delete(id);
          dropped = true;
        }
      }
      recompute();
      if (dropped) onSelectionChange(new Set(selected));
    },
    /** "loading" until the first list arrives, then "loaded"; "failed" if it cannot come. */
    setLoaded(state) {
      if (state === loaded) return;
      loaded = state;
      recompute();
    },
    setDeleting(ids) {
      deleting = new Set(ids);
      paintWindow();
    },
    setSelected(ids) {
      selected = new Set(ids);
      paintHeader();
      paintWindow();
    },
    setFilter(text) {
      filter = text;
      body.scrollTop = 0;
      recompute();
    },
    setNow(seconds) {
      now = seconds;
      paintWindow();
    },
    sortBy,
    get sort() {
      return { ...sort };
    },
    get viewCount() {
      return view.length;
    },
    rowById: (id) => byId.get(id),
    scrollTo(id) {
      const k = view.findIndex((i) => rows[i][ID] === id);
      if (k >= 0) body.scrollTop = Math.max(0, (k - 2) * ROW_HEIGHT);
    },
    destroy() {
      cancelAnimationFrame(frame);
    },
  };
}
