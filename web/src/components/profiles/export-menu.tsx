/**
 * "Export": the current flamegraph view (service, range, filter, truncation) in every format the api's
 * /api/flamegraph/export writes (workers/api/README.md), downloaded in place as the api's attachment
 * (named `<service>_<range>.<ext>`). Disabled until a profile is loaded, so there is always data.
 */
import { component$, type QRL } from "@builder.io/qwik";
import type { ExportFormat } from "../../lib/api-client";
import { Dropdown } from "../ui/dropdown";

const FORMATS: { format: ExportFormat; label: string; title: string }[] = [
  { format: "pprof", label: "pprof (.pb.gz)", title: "For go tool pprof, Pyroscope, Grafana" },
  { format: "speedscope", label: "speedscope (.json)", title: "Opens in speedscope.app" },
  { format: "collapsed", label: "Collapsed stacks (.txt)", title: "Brendan Gregg's folded format" },
  { format: "svg", label: "Flame graph (SVG)", title: "Standalone, with tooltips and click-to-zoom" },
  { format: "json", label: "Flame graph tree (JSON)", title: "The /api/flamegraph tree" },
];

interface Props {
  href$: QRL<(format: ExportFormat) => Promise<string>>;
  disabled: boolean;
}

export const ExportMenu = component$<Props>((props) => (
  <Dropdown label="Export" title="Download this view" testId="export-menu" align="right" disabled={props.disabled}>
    <div class="menu" role="menu">
      {FORMATS.map(({ format, label, title }) => (
        <button
          key={format}
          type="button"
          role="menuitem"
          title={title}
          data-testid={`export-${format}`}
          onClick$={async (_, button) => {
            button.closest("details")?.removeAttribute("open");
            // An anchor with `download` saves the attachment in place, leaving the page as it is.
            const link = document.createElement("a");
            link.href = await props.href$(format);
            link.download = "";
            link.click();
          }}
        >
          {label}
        </button>
      ))}
    </div>
  </Dropdown>
));
