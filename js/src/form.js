// The create form: size with a unit, an optional name checked as you type, the unused-timeout
// (presets, custom or no limit) and the project when several are visible. Python checks every
// rule again; its answer is final.

import { h } from "./dom.js";

const NAME_RE = /^[a-z](?:-?[a-z0-9])*$/;
const DURATION_RE = /^(?:(\d+)d)?\s*(?:(\d+)h)?\s*(?:(\d+)m)?\s*(?:(\d+)s)?$/;
const UNITS = [
  ["G", "GB"],
  ["Gi", "GiB"],
  ["M", "MB"],
  ["Mi", "MiB"],
  ["T", "TB"],
  ["Ti", "TiB"],
];
const TIMEOUTS = [
  ["1h", "1 hour"],
  ["1d", "1 day"],
  ["7d", "7 days"],
  ["30d", "30 days"],
  ["custom", "Custom…"],
  ["no limit", "No limit"],
];

/** Why `name` breaks the platform's rule, or "" when it is fine (empty means no name). */
export function nameProblem(name) {
  if (!name) return "";
  if (name.length < 3 || name.length > 40) return `3 to 40 characters (now ${name.length}).`;
  if (/[A-Z]/.test(name)) return "Lower-case letters only.";
  if (!/^[a-z]/.test(name)) return "Must start with a letter.";
  if (name.endsWith("-")) return "Must not end with a hyphen.";
  if (name.includes("--")) return "No double hyphens.";
  if (!NAME_RE.test(name)) return "Only lower-case letters, digits and single hyphens.";
  return "";
}

/** Why `text` is not a size number, or "". */
export function sizeProblem(text) {
  if (!/^\d+(?:\.\d+)?$/.test(text.trim())) return "A positive number, e.g. 10 or 1.5.";
  if (Number(text) <= 0) return "A disk needs more than 0 bytes.";
  return "";
}

/** Why `text` is not a duration like 1d2h30m, or "". */
export function durationProblem(text) {
  const match = DURATION_RE.exec(text.trim());
  if (!text.trim() || !match || !match.slice(1).some(Boolean)) return "Like 12h, 3d or 1d12h30m.";
  return "";
}

/**
 * Build the form. onSubmit({size, unit, name, timeout_unused, project}) is called with
 * checked values. Returns {el, setProjects(list, chosen), setDefaultTimeout(t), setPending(bool),
 * setError(text), reset(), open(), close(), isOpen}.
 */
export function createForm({ onSubmit, onCancel }) {
  const size = h("input", {
    class: "adjp-input adjp-size",
    type: "text",
    inputmode: "decimal",
    value: "10",
    "aria-label": "Size",
    name: "size",
  });
  const unit = h(
    "select",
    { class: "adjp-input", "aria-label": "Size unit", name: "unit" },
    ...UNITS.map(([value, label]) => h("option", { value }, label)),
  );
  const name = h("input", {
    class: "adjp-input adjp-name-input",
    type: "text",
    placeholder: "optional, e.g. train-data",
    "aria-label": "Name",
    name: "name",
    autocomplete: "off",
    spellcheck: "false",
    maxlength: "60",
  });
  const timeout = h(
    "select",
    { class: "adjp-input", "aria-label": "Delete when unused for", name: "timeout" },
    ...TIMEOUTS.map(([value, label]) => h("option", { value }, label)),
  );
  timeout.value = "1d";
  const custom = h("input", {
    class: "adjp-input adjp-custom",
    type: "text",
    placeholder: "e.g. 3d12h",
    "aria-label": "Custom timeout",
    name: "custom-timeout",
    hidden: true,
  });
  const project = h("select", { class: "adjp-input", "aria-label": "Project", name: "project" });
  const projectField = h("label", { class: "adjp-field", hidden: true }, h("span", null, "Project"), project);
  const hint = {
    size: h("span", { class: "adjp-hint", "aria-live": "polite" }),
    name: h("span", { class: "adjp-hint", "aria-live": "polite" }),
    timeout: h("span", { class: "adjp-hint", "aria-live": "polite" }),
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
        hint.timeout,
      ),
      projectField,
    ),
    h("div", { class: "adjp-form-actions" }, submit, cancel, status),
  );

  function check() {
    const problems = {
      size: sizeProblem(size.value),
      name: nameProblem(name.value.trim()),
      timeout: timeout.value === "custom" ? durationProblem(custom.value) : "",
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
      project: projectField.hidden ? null : project.value,
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
    },
  };
  check();
  return api;
}
