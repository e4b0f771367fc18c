/**
 * The profiles page header (A.3.1): service, processes, weight, time range, tag filters, refresh, the
 * loaded profile's summary and the "…" menu. Process and weight filters hide in the service view.
 */
import { component$, type NoSerialize, type QRL } from "@builder.io/qwik";
import { downloadHref, exportHref } from "../../lib/api-client";
import { processesOf } from "../../lib/flame/filters";
import { permalink, type ProfilesQuery } from "../../lib/profiles-query";
import type { TimeRange } from "../../lib/time-range";
import type { FlamegraphResponse, ServiceInfo } from "../../lib/wire";
import { ServicePicker } from "../service-picker";
import { TimePicker } from "../time-picker";
import { ExportMenu } from "./export-menu";
import { ProcessPicker } from "./process-picker";
import { ProfilesActions } from "./profiles-actions";
import type { SetQuery } from "./set-query";
import { TagFilterButton } from "./tag-filter";
import { WeightMenu } from "./weight-menu";

interface Props {
  query: ProfilesQuery;
  services: ServiceInfo[];
  service: string | null;
  tree: NoSerialize<FlamegraphResponse>;
  /** "N samples · range" of the loaded profile, empty while none. */
  summary: string;
  loaded: boolean;
  range$: QRL<() => TimeRange>;
  setQuery$: SetQuery;
  onRefresh$: QRL<() => void>;
}

export const ProfilesHeader = component$<Props>((props) => {
  const { query, setQuery$ } = props;
  return (
    <header class="controls" data-testid="profiles-header">
      <ServicePicker
        services={props.services}
        selected={props.service}
        onSelect$={(name) => setQuery$({ service: name })}
      />
      {query.view !== "service" && (
        <>
          <ProcessPicker
            processes={props.tree ? processesOf(props.tree) : []}
            filter={query.processes}
            onChange$={(processes) => setQuery$({ processes })}
          />
          <WeightMenu tree={props.tree} weight={query.weight} onChange$={(weight) => setQuery$({ weight })} />
        </>
      )}
      <TimePicker
        selection={query.time}
        service={props.service}
        filter={query.filter}
        onChange$={(time) => setQuery$({ time })}
      />
      <TagFilterButton
        service={props.service}
        range$={props.range$}
        filter={query.filter}
        onApply$={(filter) => setQuery$({ filter })}
      />
      <button
        type="button"
        class="btn icon"
        title="Refresh (relative ranges move to now)"
        aria-label="Refresh"
        disabled={!props.service}
        onClick$={props.onRefresh$}
      >
        ↻
      </button>
      <div class="spacer" />
      {props.summary && (
        <span class="muted" data-testid="profile-summary">
          {props.summary}
        </span>
      )}
      {query.view !== "service" && (
        <ExportMenu
          href$={async (format) =>
            exportHref(format, { service: props.service!, range: await props.range$(), filter: query.filter, truncation: query.truncation })
          }
          disabled={!props.loaded}
        />
      )}
      {query.view !== "service" && (
        <ProfilesActions
          svgHref$={async (kind) =>
            downloadHref(kind, { service: props.service!, range: await props.range$(), filter: query.filter })
          }
          ignoreZeros={query.ignoreZeros}
          truncation={query.truncation}
          disabled={!props.loaded}
          permalink$={() => permalink(new URL(window.location.href), new Date())}
          onIgnoreZeros$={(ignoreZeros) => setQuery$({ ignoreZeros }, "replace")}
          onTruncation$={(truncation) => setQuery$({ truncation })}
        />
      )}
    </header>
  );
});
