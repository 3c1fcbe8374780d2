// The anywidget entry: wires the header, messages, toolbar, create form, table, confirmation and
// mount drawer to the model. Python owns the data; this file only renders and sends requests
// as {kind, ...} messages.

import "./panel.css";
import { createConfirm } from "./confirm.js";
import { h } from "./dom.js";
import { createDrawer } from "./drawer.js";
import { createErrors } from "./errors.js";
import { createForm } from "./form.js";
import { createHeader } from "./header.js";
import { STORAGE } from "./rows.js";
import { createTable } from "./table.js";
import { formatSize } from "./format.js";

const CLOCK_MS = 30_000;

function render({ model, el }) {
  const view = Math.random().toString(36).slice(2, 8);
  let requests = 0;
  let createReq = null;
  const nextReq = () => `${view}-${++requests}`;
  const send = (message) => model.send(message);

  const header = createHeader({
    onRefresh: () => send({ kind: "refresh" }),
    onScope: (project) => send({ kind: "scope", project }),
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
    },
  });
  const confirm = createConfirm({ onConfirm: (ids) => send({ kind: "delete", ids }) });
  const drawer = createDrawer({
    onRequest: (request) => send({ kind: "mount", ...request, req: `${view}-${request.req}` }),
    onClose: () => drawer.close(),
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
    },
  });

  const filter = h("input", {
    class: "adjp-input adjp-filter",
    type: "search",
    placeholder: "Filter by name, id, status, project…",
    "aria-label": "Filter disks",
    oninput: () => table.setFilter(filter.value),
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
      },
    },
    "+ New disk",
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
      },
    },
    "Delete selected",
  );
  const summary = h("span", { class: "adjp-summary adjp-muted", role: "status" });
  const toolbar = h(
    "div",
    { class: "adjp-toolbar" },
    filter,
    h("span", { class: "adjp-spacer-x" }),
    summary,
    deleteSelected,
    newButton,
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
    drawer.el,
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
    summary.textContent =
      (shown !== rows.length ? `${shown} of ${count}` : count) + (rows.length ? ` · ${formatSize(total)}` : "");
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
      header.setRefreshed(model.get("refreshed_at") || 0, Date.now() / 1000);
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
    },
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
    const now = Date.now() / 1000;
    table.setNow(now);
    header.setRefreshed(model.get("refreshed_at") || 0, now);
  }, CLOCK_MS);

  return () => {
    clearInterval(clock);
    table.destroy();
    for (const [event, callback] of listeners) model.off(event, callback);
  };
}

export default { render };
export { render };
