/* Generated from js/src by `npm run build --prefix js`: edit the sources, not this file. */

// src/dom.js
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === false || value === null || value === void 0) continue;
      if (key.startsWith("on") && typeof value === "function") {
        el.addEventListener(key.slice(2), value);
      } else if (key === "class") {
        el.className = value;
      } else if (key in el && typeof value !== "string") {
        el[key] = value;
      } else {
        el.setAttribute(key, value === true ? "" : value);
      }
    }
  }
  for (const child of children) {
    if (child === null || child === void 0 || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}
function debounce(fn, ms) {
  let timer = null;
  const wrapped = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  wrapped.cancel = () => clearTimeout(timer);
  return wrapped;
}

// src/rows.js
var ID = 0;
var NAME = 1;
var STATUS = 2;
var STORAGE = 3;
var USED = 4;
var CREATED = 5;
var LAST_USED = 6;
var EXPIRES = 7;
var PROJECT = 8;
var STATUS_RANK = { Pending: 0, Ready: 1, Broken: 2 };
function diskLabel(row) {
  return row[NAME] || shortId(row[ID]);
}
function shortId(id) {
  return id.length > 13 ? id.slice(0, 13) : id;
}
var SORT_KEYS = {
  name: (r) => (r[NAME] || r[ID]).toLowerCase(),
  status: (r) => STATUS_RANK[r[STATUS]] ?? 3,
  storage: (r) => r[STORAGE],
  used: (r) => r[USED] === null ? null : r[STORAGE] ? r[USED] / r[STORAGE] : r[USED],
  created: (r) => r[CREATED],
  last_used: (r) => r[LAST_USED],
  expires: (r) => r[EXPIRES] === null ? Infinity : r[EXPIRES],
  project: (r) => r[PROJECT].toLowerCase()
};
var SORTABLE = Object.keys(SORT_KEYS);
function searchText(row) {
  return `${row[NAME] || ""} ${row[ID]} ${row[STATUS]} ${row[PROJECT]}`.toLowerCase();
}
function viewIndices(rows, search, filter, sort) {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  let indices = [];
  if (words.length === 0) {
    indices = Array.from(rows, (_, i) => i);
  } else {
    for (let i = 0; i < rows.length; i++) {
      const text = search[i];
      if (words.every((w) => text.includes(w))) indices.push(i);
    }
  }
  const keyOf = SORT_KEYS[sort.key];
  if (!keyOf) return indices;
  const keys = new Array(rows.length);
  for (const i of indices) keys[i] = keyOf(rows[i]);
  const dir = sort.descending ? -1 : 1;
  indices.sort((a, b) => {
    const ka = keys[a];
    const kb = keys[b];
    if (ka === kb) return rows[a][ID] < rows[b][ID] ? -1 : rows[a][ID] > rows[b][ID] ? 1 : 0;
    if (ka === null || ka === void 0) return 1;
    if (kb === null || kb === void 0) return -1;
    return ka < kb ? -dir : dir;
  });
  return indices;
}

// src/confirm.js
var LISTED = 8;
function createConfirm({ onConfirm }) {
  let ids = [];
  const message = h("div", { class: "adjp-confirm-text", id: `adjp-confirm-${Math.random().toString(36).slice(2)}` });
  const names = h("ul", { class: "adjp-confirm-names" });
  const yes = h("button", { class: "adjp-btn adjp-danger adjp-solid", type: "button", onclick: confirm });
  const no = h("button", { class: "adjp-btn", type: "button", onclick: () => api.close() }, "Cancel");
  const el = h(
    "div",
    { class: "adjp-confirm", role: "alertdialog", "aria-labelledby": message.id, hidden: true },
    message,
    names,
    h("div", { class: "adjp-confirm-actions" }, yes, no)
  );
  el.addEventListener("keydown", (event) => {
    if (event.key === "Escape") api.close();
  });
  function confirm() {
    const chosen = ids;
    api.close();
    if (chosen.length) onConfirm(chosen);
  }
  const api = {
    el,
    ask(rows) {
      ids = rows.map((r) => r[ID]);
      const count = rows.length;
      const what = count === 1 ? "this disk" : `these ${count} disks`;
      message.textContent = `Delete ${what}? Their data is lost for good.`;
      const shown = rows.slice(0, LISTED).map(
        (r) => h("li", null, h("strong", null, diskLabel(r)), r[1] ? h("span", { class: "adjp-muted" }, ` ${r[ID]}`) : null)
      );
      if (count > LISTED) shown.push(h("li", { class: "adjp-muted" }, `and ${count - LISTED} more`));
      names.replaceChildren(...shown);
      yes.textContent = count === 1 ? `Delete ${diskLabel(rows[0])}` : `Delete ${count} disks`;
      el.hidden = false;
      no.focus();
    },
    close() {
      ids = [];
      el.hidden = true;
    },
    get ids() {
      return [...ids];
    }
  };
  return api;
}

// src/clipboard.js
async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
    }
  }
  return copyWithTextarea(text);
}
function copyWithTextarea(text) {
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.cssText = "position:fixed;top:0;left:0;width:1px;height:1px;opacity:0;";
  document.body.append(area);
  const focused = document.activeElement;
  area.select();
  let ok = false;
  try {
    ok = document.execCommand("copy");
  } catch {
    ok = false;
  }
  area.remove();
  if (focused && typeof focused.focus === "function") focused.focus();
  return ok;
}

// src/drawer.js
var FORMAT_LABELS = {
  cli: "CLI",
  sdk: "Python SDK",
  flow: "apolo-flow",
  k8s: "Kubernetes",
  docker: "docker"
};
function pathProblem(path) {
  if (!path.startsWith("/")) return "An absolute path, e.g. /mnt/data.";
  if (path.includes(":")) return "A container path cannot contain “:”.";
  if (/\s/.test(path)) return "No spaces in the path.";
  return "";
}
function createDrawer({ onRequest, onClose }) {
  let row = null;
  let formats = ["cli"];
  let format = "cli";
  let req = 0;
  let text = "";
  const title = h("h3", { class: "adjp-drawer-title" });
  const tabs = h("div", { class: "adjp-tabs", role: "tablist", "aria-label": "Snippet format" });
  const path = h("input", {
    class: "adjp-input adjp-path",
    type: "text",
    value: "/mnt/data",
    "aria-label": "Container path",
    name: "container-path",
    spellcheck: "false"
  });
  const readOnly = h("input", { type: "radio", name: "adjp-mode", value: "ro", "aria-label": "Read-only" });
  const readWrite = h("input", { type: "radio", name: "adjp-mode", value: "rw", checked: true, "aria-label": "Read-write" });
  const pathHint = h("span", { class: "adjp-hint", "aria-live": "polite" });
  const note = h("div", { class: "adjp-note", role: "note", hidden: true });
  const snippet = h("pre", { class: "adjp-snippet", tabindex: "0", "aria-label": "Snippet to paste" });
  const copyButton = h("button", { class: "adjp-btn adjp-primary", type: "button", onclick: copy }, "Copy");
  const copied = h("span", { class: "adjp-copied", role: "status", "aria-live": "polite" });
  const closeButton = h(
    "button",
    { class: "adjp-icon-btn", type: "button", title: "Close", "aria-label": "Close mount drawer", onclick: () => onClose() },
    "×"
  );
  const el = h(
    "section",
    { class: "adjp-drawer", hidden: true, "aria-label": "Mount a disk" },
    h("div", { class: "adjp-drawer-head" }, title, closeButton),
    h(
      "div",
      { class: "adjp-drawer-controls" },
      tabs,
      h("label", { class: "adjp-field adjp-inline" }, h("span", null, "Container path"), path, pathHint),
      h(
        "fieldset",
        { class: "adjp-mode" },
        h("legend", null, "Mode"),
        h("label", null, readWrite, " read-write"),
        h("label", null, readOnly, " read-only")
      )
    ),
    note,
    snippet,
    h("div", { class: "adjp-drawer-actions" }, copyButton, copied)
  );
  const group = `adjp-mode-${Math.random().toString(36).slice(2)}`;
  readOnly.name = group;
  readWrite.name = group;
  const requestSoon = debounce(request, 200);
  path.addEventListener("input", () => {
    if (check()) requestSoon();
  });
  readOnly.addEventListener("change", request);
  readWrite.addEventListener("change", request);
  function check() {
    const problem = pathProblem(path.value);
    pathHint.textContent = problem;
    pathHint.classList.toggle("adjp-bad", Boolean(problem));
    path.setAttribute("aria-invalid", String(Boolean(problem)));
    copyButton.disabled = Boolean(problem) || !text;
    return !problem;
  }
  function request() {
    if (!row || !check()) return;
    req += 1;
    copied.textContent = "";
    snippet.classList.add("adjp-stale");
    onRequest({ req, id: row[ID], path: path.value, read_only: readOnly.checked, format });
  }
  function paintTabs() {
    tabs.replaceChildren(
      ...formats.map(
        (f) => h(
          "button",
          {
            type: "button",
            role: "tab",
            class: `adjp-tab${f === format ? " adjp-active" : ""}`,
            "aria-selected": String(f === format),
            "data-format": f,
            onclick: () => {
              format = f;
              paintTabs();
              request();
            }
          },
          FORMAT_LABELS[f] ?? f
        )
      )
    );
  }
  async function copy() {
    if (!text) return;
    const ok = await copyText(text);
    copied.textContent = ok ? "Copied ✓" : "Press Ctrl+C to copy the selected text";
    if (!ok) selectSnippet();
  }
  function selectSnippet() {
    const range = document.createRange();
    range.selectNodeContents(snippet);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
  return {
    el,
    open(next, available) {
      const changed = !row || row[ID] !== next[ID];
      row = next;
      formats = available.length ? available : ["cli"];
      if (!formats.includes(format)) format = formats[0];
      title.textContent = `Mount ${diskLabel(row)}`;
      if (changed) {
        text = "";
        snippet.textContent = "";
        if (row[NAME]) path.value = `/mnt/${row[NAME]}`;
        else path.value = "/mnt/data";
      }
      el.hidden = false;
      paintTabs();
      request();
    },
    close() {
      el.hidden = true;
      row = null;
      requestSoon.cancel();
    },
    /** Python's answer: {req, id, text, note, error}. Answers to older requests are ignored. */
    show(answer) {
      if (!row || !answer || answer.req !== req || answer.id !== row[ID]) return;
      snippet.classList.remove("adjp-stale");
      text = answer.error ? "" : answer.text;
      snippet.textContent = answer.error || answer.text;
      snippet.classList.toggle("adjp-bad", Boolean(answer.error));
      note.textContent = answer.note || "";
      note.hidden = !answer.note;
      check();
    },
    /** Keep the drawer's disk fresh (status changes) or close it when the disk is gone. */
    update(fresh) {
      if (!row) return;
      if (!fresh) {
        el.hidden = true;
        row = null;
        return;
      }
      const statusChanged = fresh[STATUS] !== row[STATUS];
      row = fresh;
      if (statusChanged) request();
    },
    get diskId() {
      return row ? row[ID] : null;
    }
  };
}

// src/errors.js
function createErrors({ onDismiss }) {
  const el = h("div", { class: "adjp-messages", "aria-live": "polite" });
  return {
    el,
    /** messages: [[id, level, text], ...] with level "error" | "warning" | "info". */
    set(messages) {
      el.replaceChildren(
        ...messages.map(
          ([id, level, text]) => h(
            "div",
            { class: `adjp-message adjp-${level}`, role: level === "error" ? "alert" : "status", "data-id": String(id) },
            h("span", { class: "adjp-message-text" }, text),
            h(
              "button",
              {
                class: "adjp-icon-btn",
                type: "button",
                title: "Dismiss",
                "aria-label": "Dismiss message",
                onclick: (event) => {
                  event.currentTarget.parentElement.remove();
                  onDismiss(id);
                }
              },
              "×"
            )
          )
        )
      );
    }
  };
}

// src/form.js
var NAME_RE = /^[a-z](?:-?[a-z0-9])*$/;
var DURATION_RE = /^(?:(\d+)d)?\s*(?:(\d+)h)?\s*(?:(\d+)m)?\s*(?:(\d+)s)?$/;
var UNITS = [
  ["G", "GB"],
  ["Gi", "GiB"],
  ["M", "MB"],
  ["Mi", "MiB"],
  ["T", "TB"],
  ["Ti", "TiB"]
];
var TIMEOUTS = [
  ["1h", "1 hour"],
  ["1d", "1 day"],
  ["7d", "7 days"],
  ["30d", "30 days"],
  ["custom", "Custom…"],
  ["no limit", "No limit"]
];
function nameProblem(name) {
  if (!name) return "";
  if (name.length < 3 || name.length > 40) return `3 to 40 characters (now ${name.length}).`;
  if (/[A-Z]/.test(name)) return "Lower-case letters only.";
  if (!/^[a-z]/.test(name)) return "Must start with a letter.";
  if (name.endsWith("-")) return "Must not end with a hyphen.";
  if (name.includes("--")) return "No double hyphens.";
  if (!NAME_RE.test(name)) return "Only lower-case letters, digits and single hyphens.";
  return "";
}
function sizeProblem(text) {
  if (!/^\d+(?:\.\d+)?$/.test(text.trim())) return "A positive number, e.g. 10 or 1.5.";
  if (Number(text) <= 0) return "A disk needs more than 0 bytes.";
  return "";
}
function durationProblem(text) {
  const match = DURATION_RE.exec(text.trim());
  if (!text.trim() || !match || !match.slice(1).some(Boolean)) return "Like 12h, 3d or 1d12h30m.";
  return "";
}
function createForm({ onSubmit, onCancel }) {
  const size = h("input", {
    class: "adjp-input adjp-size",
    type: "text",
    inputmode: "decimal",
    value: "10",
    "aria-label": "Size",
    name: "size"
  });
  const unit = h(
    "select",
    { class: "adjp-input", "aria-label": "Size unit", name: "unit" },
    ...UNITS.map(([value, label]) => h("option", { value }, label))
  );
  const name = h("input", {
    class: "adjp-input adjp-name-input",
    type: "text",
    placeholder: "optional, e.g. train-data",
    "aria-label": "Name",
    name: "name",
    autocomplete: "off",
    spellcheck: "false",
    maxlength: "60"
  });
  const timeout = h(
    "select",
    { class: "adjp-input", "aria-label": "Delete when unused for", name: "timeout" },
    ...TIMEOUTS.map(([value, label]) => h("option", { value }, label))
  );
  timeout.value = "1d";
  const custom = h("input", {
    class: "adjp-input adjp-custom",
    type: "text",
    placeholder: "e.g. 3d12h",
    "aria-label": "Custom timeout",
    name: "custom-timeout",
    hidden: true
  });
  const project = h("select", { class: "adjp-input", "aria-label": "Project", name: "project" });
  const projectField = h("label", { class: "adjp-field", hidden: true }, h("span", null, "Project"), project);
  const hint = {
    size: h("span", { class: "adjp-hint", "aria-live": "polite" }),
    name: h("span", { class: "adjp-hint", "aria-live": "polite" }),
    timeout: h("span", { class: "adjp-hint", "aria-live": "polite" })
  };
  const submit = h("button", { class: "adjp-btn adjp-primary", type: "submit" }, "Create disk");
  const cancel = h("button", { class: "adjp-btn", type: "button", onclick: () => onCancel() }, "Cancel");
  const status = h("div", { class: "adjp-form-status", role: "status" });
  let pending = false;
  const el = h(
    "form",
    { class: "adjp-form", hidden: true, novalidate: true, "aria-label": "Create a disk" },
    h(
      "div",
      { class: "adjp-form-grid" },
      h("label", { class: "adjp-field" }, h("span", null, "Size"), h("span", { class: "adjp-joined" }, size, unit), hint.size),
      h("label", { class: "adjp-field" }, h("span", null, "Name"), name, hint.name),
      h(
        "label",
        { class: "adjp-field" },
        h("span", null, "Delete when unused for"),
        h("span", { class: "adjp-joined" }, timeout, custom),
        hint.timeout
      ),
      projectField
    ),
    h("div", { class: "adjp-form-actions" }, submit, cancel, status)
  );
  function check() {
    const problems = {
      size: sizeProblem(size.value),
      name: nameProblem(name.value.trim()),
      timeout: timeout.value === "custom" ? durationProblem(custom.value) : ""
    };
    for (const [key, text] of Object.entries(problems)) {
      hint[key].textContent = text;
      hint[key].classList.toggle("adjp-bad", Boolean(text));
    }
    size.setAttribute("aria-invalid", String(Boolean(problems.size)));
    name.setAttribute("aria-invalid", String(Boolean(problems.name)));
    custom.setAttribute("aria-invalid", String(Boolean(problems.timeout)));
    if (!problems.name && name.value.trim()) {
      hint.name.textContent = "✓ valid name";
    }
    const ok = !problems.size && !problems.name && !problems.timeout;
    submit.disabled = pending || !ok;
    return ok;
  }
  for (const input of [size, name, custom]) input.addEventListener("input", check);
  unit.addEventListener("change", check);
  timeout.addEventListener("change", () => {
    custom.hidden = timeout.value !== "custom";
    if (!custom.hidden) custom.focus();
    check();
  });
  el.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!check() || pending) return;
    onSubmit({
      size: size.value.trim(),
      unit: unit.value,
      name: name.value.trim() || null,
      timeout_unused: timeout.value === "custom" ? custom.value.trim() : timeout.value,
      project: projectField.hidden ? null : project.value
    });
  });
  const api = {
    el,
    setProjects(list, chosen) {
      const current = project.value || chosen;
      project.replaceChildren(...list.map((p) => h("option", { value: p }, p)));
      project.value = list.includes(current) ? current : list[0] ?? "";
      projectField.hidden = list.length < 2;
    },
    setDefaultTimeout(value) {
      if ([...timeout.options].some((o) => o.value === value)) timeout.value = value;
      else {
        timeout.value = "custom";
        custom.value = value;
        custom.hidden = false;
      }
      check();
    },
    setPending(on) {
      pending = on;
      submit.textContent = on ? "Creating…" : "Create disk";
      el.setAttribute("aria-busy", String(on));
      check();
    },
    setError(text) {
      status.textContent = text || "";
      status.classList.toggle("adjp-bad", Boolean(text));
    },
    reset() {
      name.value = "";
      api.setError("");
      check();
    },
    open() {
      el.hidden = false;
      check();
      size.focus();
    },
    close() {
      el.hidden = true;
    },
    get isOpen() {
      return !el.hidden;
    }
  };
  check();
  return api;
}

// src/format.js
var SIZE_UNITS = ["kB", "MB", "GB", "TB", "PB", "EB"];
function formatSize(bytes) {
  if (bytes === null || bytes === void 0) return "—";
  if (bytes < 1e3) return bytes === 1 ? "1 Byte" : `${bytes} Bytes`;
  let value = bytes;
  let unit = "B";
  for (const next of SIZE_UNITS) {
    if (value < 1e3) break;
    value /= 1e3;
    unit = next;
  }
  return `${value.toFixed(1)} ${unit}`;
}
function usedFraction(used, storage) {
  if (used === null || used === void 0) return null;
  if (!storage) return used > 0 ? 1 : 0;
  return Math.min(used / storage, 1);
}
function formatPercent(fraction) {
  if (fraction === null) return "—";
  if (fraction > 0 && fraction < 0.01) return "<1%";
  return `${Math.round(fraction * 100)}%`;
}
var STEPS = [
  ["year", 365 * 86400],
  ["month", 30 * 86400],
  ["week", 7 * 86400],
  ["day", 86400],
  ["hour", 3600],
  ["minute", 60],
  ["second", 1]
];
var relativeFormat = null;
function formatRelative(epoch, now) {
  if (epoch === null || epoch === void 0) return "never";
  const delta = epoch - now;
  const size = Math.abs(delta);
  if (size < 45) return delta < 0 ? "just now" : "in a moment";
  relativeFormat ?? (relativeFormat = new Intl.RelativeTimeFormat("en", { numeric: "auto" }));
  for (const [unit, seconds] of STEPS) {
    if (size >= seconds || unit === "second") {
      return relativeFormat.format(Math.round(delta / seconds), unit);
    }
  }
  return "";
}
function pad(n) {
  return String(n).padStart(2, "0");
}
function formatExact(epoch) {
  if (epoch === null || epoch === void 0) return "";
  const d = new Date(epoch * 1e3);
  const local = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  const utc = d.toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
  return local === utc.slice(0, 19) ? utc : `${local} local · ${utc}`;
}
function formatExpires(epoch, now) {
  if (epoch === null || epoch === void 0) return "never";
  if (epoch <= now) return "due now";
  return formatRelative(epoch, now);
}

// src/header.js
var ALL_PROJECTS = "";
function createHeader({ onRefresh, onScope }) {
  const dot = h("span", { class: "adjp-dot", "aria-hidden": "true" });
  const where = h("span", { class: "adjp-where" });
  const scope = h("select", {
    class: "adjp-input adjp-scope",
    "aria-label": "Project in view",
    onchange: () => onScope(scope.value)
  });
  const spinner = h("span", { class: "adjp-spinner", role: "status", "aria-label": "Working", hidden: true });
  const refreshed = h("span", { class: "adjp-refreshed adjp-muted" });
  const refresh = h(
    "button",
    { class: "adjp-btn", type: "button", title: "Refresh the list", onclick: () => onRefresh() },
    "↻ Refresh"
  );
  const el = h(
    "header",
    { class: "adjp-header" },
    h("div", { class: "adjp-title" }, h("strong", null, "Disks"), dot, where),
    h(
      "div",
      { class: "adjp-header-tools" },
      h("label", { class: "adjp-inline" }, h("span", { class: "adjp-muted" }, "Project"), scope),
      spinner,
      refreshed,
      refresh
    )
  );
  return {
    el,
    /** {state: "connecting" | "connected" | "failed", where, user, url} */
    setConnection(c) {
      const state = c.state || "connecting";
      dot.className = `adjp-dot adjp-${state}`;
      const who = c.user ? ` as ${c.user}` : "";
      where.textContent = state === "connecting" ? "connecting…" : state === "failed" ? "not connected" : `${c.where || ""}${who}`;
      where.title = c.url ? `API ${c.url}` : "";
    },
    setProjects(list, current) {
      const options = list.map((p) => h("option", { value: p }, p));
      options.push(h("option", { value: ALL_PROJECTS }, "All projects"));
      scope.replaceChildren(...options);
      scope.value = current;
      scope.disabled = list.length === 0;
    },
    setBusy(count) {
      spinner.hidden = !count;
      el.classList.toggle("adjp-is-busy", Boolean(count));
    },
    setRefreshed(epoch, now) {
      refreshed.textContent = epoch ? `refreshed ${formatRelative(epoch, now)}` : "";
      refreshed.title = epoch ? formatExact(epoch) : "";
    }
  };
}

// src/table.js
var ROW_HEIGHT = 34;
var MAX_VISIBLE_ROWS = 12;
var OVERSCAN = 3;
var COLUMNS = [
  { key: "select", label: "" },
  { key: "name", label: "Name" },
  { key: "status", label: "Status" },
  { key: "storage", label: "Size", numeric: true },
  { key: "used", label: "Used" },
  { key: "created", label: "Created" },
  { key: "last_used", label: "Last used" },
  { key: "expires", label: "Expires" },
  { key: "project", label: "Project" },
  { key: "actions", label: "" }
];
function createTable({ onSelectionChange, onMount, onDelete }) {
  let rows = [];
  let search = [];
  let byId = /* @__PURE__ */ new Map();
  let view = [];
  let filter = "";
  let sort = { key: "created", descending: true };
  let deleting = /* @__PURE__ */ new Set();
  let selected = /* @__PURE__ */ new Set();
  let now = Date.now() / 1e3;
  let loaded = "loading";
  let emptyText = "";
  let frame = 0;
  const pool = [];
  const headerCheck = h("input", {
    type: "checkbox",
    "aria-label": "Select every disk shown",
    onchange: () => selectView(headerCheck.checked)
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
          onclick: () => sortBy(col.key)
        },
        col.label,
        h("span", { class: "adjp-sort-mark", "aria-hidden": "true" })
      )
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
    empty
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
    const gutter = body.offsetWidth - body.clientWidth;
    header.style.paddingRight = gutter > 0 ? `${gutter}px` : "";
  }
  function paintHeader() {
    for (const button of header.querySelectorAll("button[data-sort]")) {
      const active = button.dataset.sort === sort.key;
      button.parentElement.setAttribute(
        "aria-sort",
        active ? sort.descending ? "descending" : "ascending" : "none"
      );
      button.lastChild.textContent = active ? sort.descending ? "▼" : "▲" : "";
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
    while (pool.length < last - first) {
      const row = createRowElement();
      pool.push(row);
      spacer.append(row);
    }
    for (let k = 0; k < pool.length; k++) {
      const el2 = pool[k];
      const position = first + k;
      if (position < last) {
        el2.hidden = false;
        fillRow(el2, rows[view[position]], position);
      } else if (!el2.hidden) {
        el2.hidden = true;
        el2.dataset.id = "";
        el2.shown = null;
      }
    }
  }
  function fillRow(el2, row, position) {
    const top = `${position * ROW_HEIGHT}px`;
    if (el2.style.top !== top) el2.style.top = top;
    const id = row[ID];
    const busy = deleting.has(id);
    const isSelected = selected.has(id);
    const shown = el2.shown;
    if (shown && shown.row === row && shown.busy === busy && shown.selected === isSelected && shown.now === now) {
      return;
    }
    el2.shown = { row, busy, selected: isSelected, now };
    const c = el2.cells;
    el2.dataset.id = id;
    el2.className = `adjp-row${busy ? " adjp-busy" : ""}${isSelected ? " adjp-selected" : ""}`;
    if (busy) el2.setAttribute("aria-disabled", "true");
    else el2.removeAttribute("aria-disabled");
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
    c.used.title = row[USED] === null ? "Not measured yet" : `${formatSize(row[USED])} of ${formatSize(row[STORAGE])}`;
    c.used.style.setProperty("--adjp-used", `${Math.round((fraction ?? 0) * 100)}%`);
    c.used.classList.toggle("adjp-full", fraction !== null && fraction >= 0.9);
    c.created.textContent = formatRelative(Math.min(row[CREATED], now), now);
    c.created.title = formatExact(row[CREATED]);
    c.last_used.textContent = row[LAST_USED] === null ? "never" : formatRelative(Math.min(row[LAST_USED], now), now);
    c.last_used.title = row[LAST_USED] === null ? "Not used by a job yet" : formatExact(row[LAST_USED]);
    c.expires.textContent = formatExpires(row[EXPIRES], now);
    c.expires.title = row[EXPIRES] === null ? "No unused-timeout: never deleted for being unused" : formatExact(row[EXPIRES]);
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
      "Delete"
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
      project: cell("project")
    };
    const el2 = h(
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
      h("div", { class: "adjp-cell adjp-c-actions" }, mount, remove)
    );
    el2.cells = cells;
    el2.shown = null;
    return el2;
  }
  function sortBy(key, descending) {
    if (descending === void 0) {
      descending = sort.key === key ? !sort.descending : key === "created" || key === "storage" || key === "used";
    }
    sort = { key, descending };
    recompute();
  }
  return {
    el,
    setRows(next) {
      rows = next;
      now = Date.now() / 1e3;
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
    }
  };
}

// src/index.js
var CLOCK_MS = 3e4;
function render({ model, el }) {
  const view = Math.random().toString(36).slice(2, 8);
  let requests = 0;
  let createReq = null;
  const nextReq = () => `${view}-${++requests}`;
  const send = (message) => model.send(message);
  const header = createHeader({
    onRefresh: () => send({ kind: "refresh" }),
    onScope: (project) => send({ kind: "scope", project })
  });
  const errors = createErrors({ onDismiss: (id) => send({ kind: "dismiss", id }) });
  const form = createForm({
    onSubmit: (values) => {
      createReq = nextReq();
      form.setPending(true);
      form.setError("");
      send({ kind: "create", req: createReq, ...values });
    },
    onCancel: () => {
      form.close();
      newButton.setAttribute("aria-expanded", "false");
    }
  });
  const confirm = createConfirm({ onConfirm: (ids) => send({ kind: "delete", ids }) });
  const drawer = createDrawer({
    onRequest: (request) => send({ kind: "mount", ...request, req: `${view}-${request.req}` }),
    onClose: () => drawer.close()
  });
  const table = createTable({
    onSelectionChange: (ids) => {
      send({ kind: "select", ids: [...ids] });
      paintSelection(ids);
    },
    onMount: (row) => {
      confirm.close();
      drawer.open(row, model.get("formats") || ["cli"]);
      drawer.el.scrollIntoView?.({ block: "nearest" });
    },
    onDelete: (rows) => {
      drawer.close();
      confirm.ask(rows);
    }
  });
  const filter = h("input", {
    class: "adjp-input adjp-filter",
    type: "search",
    placeholder: "Filter by name, id, status, project…",
    "aria-label": "Filter disks",
    oninput: () => table.setFilter(filter.value)
  });
  const newButton = h(
    "button",
    {
      class: "adjp-btn adjp-primary",
      type: "button",
      "aria-expanded": "false",
      onclick: () => {
        if (form.isOpen) form.close();
        else form.open();
        newButton.setAttribute("aria-expanded", String(form.isOpen));
      }
    },
    "+ New disk"
  );
  const deleteSelected = h(
    "button",
    {
      class: "adjp-btn adjp-danger",
      type: "button",
      disabled: true,
      onclick: () => {
        const ids = model.get("selected") || [];
        const rows = ids.map((id) => table.rowById(id)).filter(Boolean);
        if (rows.length) {
          drawer.close();
          confirm.ask(rows);
        }
      }
    },
    "Delete selected"
  );
  const summary = h("span", { class: "adjp-summary adjp-muted", role: "status" });
  const toolbar = h(
    "div",
    { class: "adjp-toolbar" },
    filter,
    h("span", { class: "adjp-spacer-x" }),
    summary,
    deleteSelected,
    newButton
  );
  const root = h(
    "div",
    { class: "adjp-panel" },
    header.el,
    errors.el,
    toolbar,
    form.el,
    confirm.el,
    table.el,
    drawer.el
  );
  el.replaceChildren(root);
  function paintSelection(ids) {
    const count = ids.size ?? ids.length;
    deleteSelected.disabled = count === 0;
    deleteSelected.textContent = count ? `Delete selected (${count})` : "Delete selected";
  }
  function paintLoaded() {
    const failed = (model.get("connection") || {}).state === "failed";
    table.setLoaded(model.get("refreshed_at") ? "loaded" : failed ? "failed" : "loading");
  }
  function paintSummary() {
    const rows = model.get("disks") || [];
    let total = 0;
    for (const r of rows) total += r[STORAGE];
    const shown = table.viewCount;
    const count = rows.length === 1 ? "1 disk" : `${rows.length} disks`;
    summary.textContent = (shown !== rows.length ? `${shown} of ${count}` : count) + (rows.length ? ` · ${formatSize(total)}` : "");
  }
  const handlers = {
    disks() {
      const rows = model.get("disks") || [];
      table.setRows(rows);
      drawer.update(drawer.diskId && table.rowById(drawer.diskId));
      paintSummary();
    },
    deleting() {
      table.setDeleting(model.get("deleting") || []);
    },
    selected() {
      const ids = model.get("selected") || [];
      table.setSelected(ids);
      paintSelection(ids);
    },
    messages() {
      errors.set(model.get("messages") || []);
    },
    connection() {
      header.setConnection(model.get("connection") || {});
      paintLoaded();
    },
    projects() {
      const projects = model.get("projects") || [];
      header.setProjects(projects, model.get("scope") ?? "");
      form.setProjects(projects, model.get("scope") || (model.get("connection") || {}).project || "");
    },
    scope() {
      handlers.projects();
    },
    busy() {
      header.setBusy(model.get("busy") || 0);
    },
    refreshed_at() {
      header.setRefreshed(model.get("refreshed_at") || 0, Date.now() / 1e3);
      paintLoaded();
    },
    create_result() {
      const result = model.get("create_result") || {};
      if (!createReq || result.req !== createReq) return;
      createReq = null;
      form.setPending(false);
      if (result.ok) {
        form.reset();
        form.close();
        newButton.setAttribute("aria-expanded", "false");
        table.scrollTo(result.id);
      } else {
        form.setError(result.error || "The disk was not created.");
      }
    },
    snippet() {
      const answer = model.get("snippet");
      if (answer && typeof answer.req === "string" && answer.req.startsWith(`${view}-`)) {
        drawer.show({ ...answer, req: Number(answer.req.slice(view.length + 1)) });
      }
    },
    default_timeout() {
      form.setDefaultTimeout(model.get("default_timeout") || "1d");
    }
  };
  const listeners = Object.entries(handlers).map(([name, fn]) => {
    const callback = () => fn();
    model.on(`change:${name}`, callback);
    return [`change:${name}`, callback];
  });
  for (const fn of Object.values(handlers)) fn();
  const onFilterChange = () => paintSummary();
  filter.addEventListener("input", onFilterChange);
  const clock = setInterval(() => {
    const now = Date.now() / 1e3;
    table.setNow(now);
    header.setRefreshed(model.get("refreshed_at") || 0, now);
  }, CLOCK_MS);
  return () => {
    clearInterval(clock);
    table.destroy();
    for (const [event, callback] of listeners) model.off(event, callback);
  };
}
var src_default = { render };
export {
  src_default as default,
  render
};
