// Every format a flamegraph view can be downloaded in (GET /api/flamegraph/export, workers/api/README.md):
// one pure renderer per format over the same prepared graph, so every download shows the same tree.
import { collapsedText } from "./export-stacks";
import { flameGraphResponse, type PreparedGraph } from "./flamegraph";
import { encodePprof } from "./pprof-export";
import { speedscopeFile } from "./speedscope-export";
import { renderFlameGraphSvg } from "./svg-flamegraph";
import { stringifyFlameGraph } from "./wire/flamegraph";

export const EXPORT_FORMATS = ["pprof", "collapsed", "speedscope", "svg", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const isExportFormat = (value: string): value is ExportFormat =>
  (EXPORT_FORMATS as readonly string[]).includes(value);

/** What the view is: the service, its window and its filter (for titles and comments). */
export interface ExportView {
  serviceName: string;
  startTime: Date;
  endTime: Date;
  /** The filter as text, "" without one. */
  filter: string;
}

export interface ExportFile {
  /** pprof is gzipped by the caller (the `gzip` flag): profile.proto files are stored gzipped. */
  body: string | Uint8Array;
  gzip: boolean;
  contentType: string;
  /** File name suffix after `<service>_<range>`. */
  extension: string;
}

export function exportFile(format: ExportFormat, graph: PreparedGraph, view: ExportView): ExportFile {
  const title = `${view.serviceName}: ${view.startTime.toISOString()} – ${view.endTime.toISOString()}`;
  const description = view.filter ? `${title} (filter: ${view.filter})` : title;
  switch (format) {
    case "pprof":
      return {
        body: encodePprof(graph.roots, { startTime: view.startTime, endTime: view.endTime, comment: description }),
        gzip: true,
        contentType: "application/octet-stream",
        extension: ".pb.gz",
      };
    case "collapsed":
      return { body: collapsedText(graph.roots), gzip: false, contentType: "text/plain; charset=utf-8", extension: ".collapsed.txt" };
    case "speedscope":
      return {
        body: JSON.stringify(speedscopeFile(graph.roots, description)),
        gzip: false,
        contentType: "application/json; charset=utf-8",
        extension: ".speedscope.json",
      };
    case "svg":
      return {
        body: renderFlameGraphSvg(graph.roots, { title, subtitle: view.filter ? `filter: ${view.filter}` : undefined }),
        gzip: false,
        contentType: "image/svg+xml; charset=utf-8",
        extension: ".svg",
      };
    case "json":
      return {
        body: stringifyFlameGraph(flameGraphResponse(graph, { execTime: 0, olapTime: 0 })),
        gzip: false,
        contentType: "application/json; charset=utf-8",
        extension: ".json",
      };
  }
}
