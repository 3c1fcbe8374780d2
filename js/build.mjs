// Bundle src/ into the Python package: apolo_disks_jupyter/static/panel.js and panel.css.
// `node build.mjs --check` rebuilds in memory and fails if the committed bundle differs.

import { readFile, writeFile, mkdir } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const outdir = join(here, "..", "apolo_disks_jupyter", "static");
const banner = "/* Generated from js/src by `npm run build --prefix js`: edit the sources, not this file. */";

const result = await esbuild.build({
  entryPoints: { panel: join(here, "src", "index.js") },
  outdir,
  bundle: true,
  format: "esm",
  target: "es2020",
  charset: "utf8",
  legalComments: "none",
  // anywidget sends the module and styles with every widget's state: keep them small.
  minify: true,
  banner: { js: banner, css: banner },
  write: false,
  logLevel: "warning",
});

const check = process.argv.includes("--check");
let stale = [];
for (const file of result.outputFiles) {
  const name = relative(join(here, ".."), file.path);
  if (check) {
    let committed = "";
    try {
      committed = await readFile(file.path, "utf8");
    } catch {
      committed = null;
    }
    if (committed !== file.text) stale.push(name);
  } else {
    await mkdir(dirname(file.path), { recursive: true });
    await writeFile(file.path, file.text);
    console.log(`wrote ${name} (${file.contents.length} bytes)`);
  }
}
if (stale.length) {
  console.error(`out of date: ${stale.join(", ")} — run \`npm run build --prefix js\` and commit the result`);
  process.exit(1);
}
