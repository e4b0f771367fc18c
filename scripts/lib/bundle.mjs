// TypeScript modules of the Workers run in Node by the benches and the soak: bundled with esbuild, as
// wrangler bundles them for workerd, into one ESM file.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { ROOT } from "./setup.mjs";

/** Bundles `export … from "./workers/…"` lines (paths from the repo root) into `outfile`; returns it. */
export async function bundleExports(exportLines, outfile) {
  mkdirSync(dirname(outfile), { recursive: true });
  await build({
    stdin: { contents: exportLines.join("\n"), resolveDir: ROOT, loader: "ts" },
    bundle: true,
    format: "esm",
    platform: "node",
    outfile,
    logLevel: "error",
  });
  return outfile;
}

/** bundleExports, then the bundle imported. */
export async function importBundled(exportLines, outfile) {
  return import(pathToFileURL(await bundleExports(exportLines, outfile)).href);
}
