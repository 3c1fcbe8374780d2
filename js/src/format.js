// How values read in the panel: sizes in decimal units like the apolo CLI, times relative
// with the exact moment on hover.

const SIZE_UNITS = ["kB", "MB", "GB", "TB", "PB", "EB"];

/** 10000000000 -> "10.0 GB" (decimal units, as `apolo disk ls` prints them). */
export function formatSize(bytes) {
  if (bytes === null || bytes === undefined) return "—";
  if (bytes < 1000) return bytes === 1 ? "1 Byte" : `${bytes} Bytes`;
  let value = bytes;
  let unit = "B";
  for (const next of SIZE_UNITS) {
    if (value < 1000) break;
    value /= 1000;
    unit = next;
  }
  return `${value.toFixed(1)} ${unit}`;
}

/** Fraction of the disk in use, 0..1, or null when not measured yet. */
export function usedFraction(used, storage) {
  if (used === null || used === undefined) return null;
  if (!storage) return used > 0 ? 1 : 0;
  return Math.min(used / storage, 1);
}

/** 0.4321 -> "43%"; tiny non-zero fractions read "<1%" so a used disk never looks empty. */
export function formatPercent(fraction) {
  if (fraction === null) return "—";
  if (fraction > 0 && fraction < 0.01) return "<1%";
  return `${Math.round(fraction * 100)}%`;
}

const STEPS = [
  ["year", 365 * 86400],
  ["month", 30 * 86400],
  ["week", 7 * 86400],
  ["day", 86400],
  ["hour", 3600],
  ["minute", 60],
  ["second", 1],
];
let relativeFormat = null;

/** An epoch (seconds) relative to `now`: "5 minutes ago", "in 2 days", "yesterday". */
export function formatRelative(epoch, now) {
  if (epoch === null || epoch === undefined) return "never";
  const delta = epoch - now;
  const size = Math.abs(delta);
  if (size < 45) return delta < 0 ? "just now" : "in a moment";
  relativeFormat ??= new Intl.RelativeTimeFormat("en", { numeric: "auto" });
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

/** The exact moment for a tooltip: local time, then UTC. */
export function formatExact(epoch) {
  if (epoch === null || epoch === undefined) return "";
  const d = new Date(epoch * 1000);
  const local =
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  const utc = d.toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
  return local === utc.slice(0, 19) ? utc : `${local} local · ${utc}`;
}

/** The expiry cell: "never" when the disk has no unused-timeout. */
export function formatExpires(epoch, now) {
  if (epoch === null || epoch === undefined) return "never";
  if (epoch <= now) return "due now";
  return formatRelative(epoch, now);
}
