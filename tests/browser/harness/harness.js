// A stand-in for anywidget's model, so the bundle can be rendered and timed without a kernel.
import panel from "/static/panel.js";

class FakeModel {
  constructor(state) {
    this.state = { ...state };
    this.listeners = new Map();
    this.sent = [];
  }
  get(key) {
    return this.state[key];
  }
  set(key, value) {
    this.state[key] = value;
    for (const cb of this.listeners.get(`change:${key}`) || []) cb();
  }
  on(event, cb) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event).add(cb);
  }
  off(event, cb) {
    this.listeners.get(event)?.delete(cb);
  }
  send(message) {
    this.sent.push(JSON.parse(JSON.stringify(message)));
  }
  save_changes() {}
}

const STATUSES = ["Ready", "Ready", "Ready", "Pending", "Broken"];

/** `count` disks shaped like the Python side's rows, the same every time. */
function makeDisks(count, now = Math.floor(Date.now() / 1000)) {
  const rows = [];
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < count; i++) {
    const hex = (i + 0x10000000).toString(16).padStart(8, "0");
    const storage = Math.floor(1 + rand() * 500) * 1e9;
    const created = now - Math.floor(rand() * 90 * 86400);
    const used = rand() < 0.2 ? null : Math.floor(storage * rand());
    const last = rand() < 0.3 ? null : created + Math.floor(rand() * (now - created));
    const timeout = rand() < 0.2 ? null : Math.floor(1 + rand() * 30) * 86400;
    rows.push([
      `disk-${hex}-2c3c-4d96-934e-1fdc8acb0b6b`,
      rand() < 0.75 ? `disk-${i}-data` : null,
      STATUSES[i % STATUSES.length],
      storage,
      used,
      created,
      last,
      timeout === null ? null : (last ?? created) + timeout,
      i % 3 ? "default" : "research",
    ]);
  }
  return rows;
}

const BASE = {
  disks: [],
  scope: "default",
  projects: ["default", "research"],
  connection: { state: "connected", where: "local service", user: "alice", url: "http://127.0.0.1:1/api/v1", project: "default" },
  busy: 0,
  refreshed_at: Math.floor(Date.now() / 1000) - 5,
  messages: [],
  deleting: [],
  selected: [],
  create_result: {},
  snippet: {},
  formats: ["cli", "sdk", "flow", "k8s", "docker"],
  default_timeout: "1d",
};

function afterPaint() {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

let cleanup = null;

window.harness = {
  makeDisks,
  model: null,
  /** Render the panel with `state` merged over BASE; resolves to {sync, paint} in ms. */
  async mount(state = {}) {
    if (cleanup) cleanup();
    const el = document.getElementById("widget");
    el.replaceChildren();
    const model = new FakeModel({ ...BASE, ...state });
    window.harness.model = model;
    const t0 = performance.now();
    cleanup = panel.render({ model, el });
    void el.offsetHeight;
    const sync = performance.now() - t0;
    await afterPaint();
    return { sync, paint: performance.now() - t0 };
  },
  /** Time an action (a function run in the page) to layout and to the next paint. */
  async time(action) {
    const el = document.getElementById("widget");
    const t0 = performance.now();
    action();
    void el.offsetHeight;
    const sync = performance.now() - t0;
    await afterPaint();
    return { sync, paint: performance.now() - t0 };
  },
  clickSort(key) {
    document.querySelector(`button[data-sort="${key}"]`).click();
  },
  filter(text) {
    const input = document.querySelector(".adjp-filter");
    input.value = text;
    input.dispatchEvent(new Event("input"));
  },
  afterPaint,
};
window.harnessReady = true;
