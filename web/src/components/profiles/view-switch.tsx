/** Flame Graph / Table view / Service overview (A.3.2): real links (`?view=`), so they open in a new tab too. */
import { component$ } from "@builder.io/qwik";
import { Link } from "@builder.io/qwik-city";
import type { ViewMode } from "../../lib/profiles-query";

const VIEWS: { id: ViewMode; label: string; title: string }[] = [
  {
    id: "flamegraph",
    label: "Flame graph",
    title: "The call stacks of every process, widths by CPU samples",
  },
  { id: "table", label: "Table", title: "Functions with their total and own CPU, sortable and searchable" },
  {
    id: "sandwich",
    label: "Sandwich",
    title: "One function's callers above and callees below, merged over everywhere it appears",
  },
  {
    id: "service",
    label: "Service",
    title: "CPU, memory, samples, nodes and cores of the service over time",
  },
];

export const ViewSwitch = component$<{ view: ViewMode; href: string }>((props) => {
  return (
    <nav class="segmented" aria-label="View" data-testid="view-switch">
      {VIEWS.map((v) => {
        const url = new URL(props.href);
        if (v.id === "flamegraph") url.searchParams.delete("view");
        else url.searchParams.set("view", v.id);
        return (
          <Link
            key={v.id}
            prefetch={false}
            href={`${url.pathname}${url.search}`}
            title={v.title}
            class={{ active: props.view === v.id }}
            aria-current={props.view === v.id ? "page" : undefined}
            data-view={v.id}
          >
            {v.label}
          </Link>
        );
      })}
    </nav>
  );
});
