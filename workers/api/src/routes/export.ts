// GET /api/flamegraph/export?format=pprof|collapsed|speedscope|svg|json: the flamegraph view (the
// /api/flamegraph parameters: service, window, filter, stacksCount) as a file to download. The
// renderers are pure (workers/core/src/export-formats.ts); this route loads the view and names the file.
import { Hono } from "hono";
import { EXPORT_FORMATS, exportFile, isExportFormat } from "../../../core/src/export-formats";
import { formatFilter } from "../../../core/src/rql-filter";
import { fail } from "../../../shared/src/errors";
import { attachment } from "../download";
import type { ApiEnv } from "../env";
import { baseParams } from "../params";
import { loadGraph, rangeName } from "./flamegraph";

export const exportRoute = new Hono<ApiEnv>();

exportRoute.get("/api/flamegraph/export", async (c) => {
  const format = c.req.query("format") ?? "";
  if (!isExportFormat(format)) fail(400, `'format' must be one of ${EXPORT_FORMATS.join(", ")}`);
  const params = await baseParams(c, c.var.db);
  const graph = await loadGraph(c, params, format === "json" && (c.req.queries("enrichment")?.includes("lang") ?? false));
  if (graph.roots.length === 0) return c.body(null, 204);
  const file = exportFile(format, graph, { ...params, filter: formatFilter(params.filter) });
  const body = file.gzip ? await gzip(file.body) : file.body;
  return c.body(body as string | ArrayBuffer, 200, {
    "content-type": file.contentType,
    "content-disposition": attachment(`${params.serviceName}_${rangeName(params)}${file.extension}`),
  });
});

async function gzip(body: string | Uint8Array): Promise<ArrayBuffer> {
  return new Response(new Response(body as BodyInit).body!.pipeThrough(new CompressionStream("gzip"))).arrayBuffer();
}
