// The synced disk rows and the table's view of them (filter, then sort).
//
// Python sends each disk as a compact array, so the widget state stays small:
//   [id, name, status, storage, used, created, last_usage, expires, project]
// with times as epoch seconds and null for "not known" / "never".

export const ID = 0;
export const NAME = 1;
export const STATUS = 2;
export const STORAGE = 3;
export const USED = 4;
export const CREATED = 5;
export const LAST_USED = 6;
export const EXPIRES = 7;
export const PROJECT = 8;

const STATUS_RANK = { Pending: 0, Ready: 1, Broken: 2 };

/** The label a person reads for a disk: its name, or a short id. */
export function diskLabel(row) {
  return row[NAME] || shortId(row[ID]);
}

/** "disk-5bcfd114-2c3c-…" -> "disk-5bcfd114" (enough to tell disks apart on screen). */
export function shortId(id) {
  return id.length > 13 ? id.slice(0, 13) : id;
}

// Sort keys: numbers or lower-case strings; null sorts last whatever the direction.
const SORT_KEYS = {
  name: (r) => (r[NAME] || r[ID]).toLowerCase(),
  status: (r) => STATUS_RANK[r[STATUS]] ?? 3,
  storage: (r) => r[STORAGE],
  used: (r) => (r[USED] === null ? null : r[STORAGE] ? r[USED] / r[STORAGE] : r[USED]),
  created: (r) => r[CREATED],
  last_used: (r) => r[LAST_USED],
  expires: (r) => (r[EXPIRES] === null ? Infinity : r[EXPIRES]),
  project: (r) => r[PROJECT].toLowerCase(),
};

export const SORTABLE = Object.keys(SORT_KEYS);

/** Lower-case text searched by the filter box, one string per row. */
export function searchText(row) {
  return `${row[NAME] || ""} ${row[ID]} ${row[STATUS]} ${row[PROJECT]}`.toLowerCase();
}

/**
 * Indices of `rows` that match `filter` (every word must appear), in `sort` order.
 * `search` is searchText() of each row, computed once per data change.
 */
export function viewIndices(rows, search, filter, sort) {
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
    if (ka === null || ka === undefined) return 1;
    if (kb === null || kb === undefined) return -1;
    return ka < kb ? -dir : dir;
  });
  return indices;
}
