// The panel's bundle against a minimal stand-in for anywidget's model, timed in the page.
import panel from "/static/panel.js";

class BenchModel {
  constructor(state) {
    this.state = { ...state };
    this.listeners = new Map();
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
  send() {}
  save_changes() {}
}

const afterPaint = () =>
  new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

async function timed(action) {
  const el = document.getElementById("widget");
  const t0 = performance.now();
  action();
  void el.offsetHeight; // forces style and layout inside the measured time
  const sync = performance.now() - t0;
  await afterPaint();
  return { sync, paint: performance.now() - t0 };
}

let cleanup = null;

/** The top row shown: to check that a sort changed the order. */
const firstRow = () => {
  const shown = [...document.querySelectorAll('#widget [data-id]:not([data-id=""]):not([hidden])')];
  shown.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
  return shown[0]?.dataset.id ?? "";
};

window.bench = {
  /** Render the panel for `state`; {sync, paint, rows} with rows = row elements shown. */
  async mount(state) {
    if (typeof cleanup === "function") cleanup();
    const el = document.getElementById("widget");
    el.replaceChildren();
    await afterPaint();
    const model = new BenchModel(state);
    const result = await timed(() => {
      cleanup = panel.render({ model, el });
    });
    return { ...result, rows: window.bench.shownRows() };
  },
  shownRows() {
    return document.querySelectorAll('#widget [data-id]:not([data-id=""]):not([hidden])').length;
  },
  async sort(key) {
    const button = document.querySelector(`#widget button[data-sort="${key}"]`);
    if (!button) throw new Error(`no sort button for ${key}`);
    const result = await timed(() => button.click());
    return { ...result, first: firstRow() };
  },
  async filter(text) {
    const input = document.querySelector('#widget input[type="search"]');
    if (!input) throw new Error("no filter input");
    const result = await timed(() => {
      input.value = text;
      input.dispatchEvent(new Event("input", { bubbles: true }));
    });
    return { ...result, rows: window.bench.shownRows() };
  },
};
window.benchReady = true;
