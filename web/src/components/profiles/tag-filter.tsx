/**
 * Tag filters (A.3.8): a popover "Filters for <service>" with an Editor (rules of type / is-is not /
 * value, joined by And or Or; values suggested from /api/v1/filters/tags with their sample counts) and
 * the service's Saved filters (apply, edit, delete). The active filter goes into the URL.
 */
import { $, component$, useSignal, useStore, useTask$ } from "@builder.io/qwik";
import type { QRL } from "@builder.io/qwik";
import {
  deleteFilter,
  errorMessage,
  fetchSavedFilters,
  fetchTagOptions,
  saveFilter,
  updateFilter,
} from "../../lib/api-client";
import {
  describeFilter,
  freeTypes,
  fromRql,
  TAG_HELP,
  TAG_LABELS,
  TAG_TYPES,
  type TagFilter,
  type TagType,
} from "../../lib/tag-filter";
import type { TimeRange } from "../../lib/time-range";
import type { TagOption } from "../../lib/wire";
import { Dropdown } from "../ui/dropdown";

interface Props {
  service: string | null;
  /** Resolved on open, for the value suggestions. */
  range$: QRL<() => TimeRange>;
  filter: TagFilter | null;
  onApply$: QRL<(filter: TagFilter | null) => void>;
}

const emptyDraft = (): TagFilter => ({
  logic: "$and",
  rules: [{ type: "ContainerName", op: "$eq", value: "" }],
});

export const TagFilterButton = component$<Props>((props) => {
  const tab = useSignal<"editor" | "saved">("editor");
  const draft = useStore<{ filter: TagFilter; id: number | null }>({
    filter: props.filter ?? emptyDraft(),
    id: null,
  });
  const options = useStore<Partial<Record<TagType, TagOption[]>>>({});
  const optionsError = useSignal("");
  const saved = useSignal<{ id: number; filter: TagFilter }[]>([]);
  const message = useSignal("");

  // The active filter changed (URL, service change): the editor shows it.
  useTask$(({ track }) => {
    const active = track(() => props.filter);
    draft.filter = active ? (JSON.parse(JSON.stringify(active)) as TagFilter) : emptyDraft();
    draft.id = null;
  });

  const load = $(async () => {
    const service = props.service;
    if (!service) return;
    message.value = "";
    const range = await props.range$();
    const results = await Promise.allSettled(TAG_TYPES.map((t) => fetchTagOptions(t, { service, range })));
    results.forEach((r, i) => (options[TAG_TYPES[i]] = r.status === "fulfilled" ? r.value : []));
    const failed = results.find((r) => r.status === "rejected");
    optionsError.value = failed
      ? `Value suggestions unavailable: ${errorMessage((failed as PromiseRejectedResult).reason)}`
      : "";
    try {
      const list = await fetchSavedFilters(service);
      saved.value = list.flatMap((s) => {
        const filter = fromRql(s.filter);
        return filter ? [{ id: s.id, filter }] : [];
      });
    } catch (err) {
      saved.value = [];
      message.value = `Saved filters unavailable: ${errorMessage(err)}`;
    }
  });

  const save = $(async () => {
    if (!props.service) return;
    try {
      if (draft.id !== null) await updateFilter(draft.id, draft.filter);
      else draft.id = await saveFilter(props.service, draft.filter);
      message.value = "Saved";
      await load();
    } catch (err) {
      message.value = `Saving failed: ${errorMessage(err)}`;
    }
  });

  const f = draft.filter;
  const active = props.filter?.rules.length ?? 0;
  const usable = f.rules.some((r) => r.value);
  return (
    <Dropdown
      label="Filters"
      testId="tag-filter-button"
      title={
        props.filter ? describeFilter(props.filter) : "Filter by host, container, deployment or instance type"
      }
      active={active > 0}
      disabled={!props.service}
      align="right"
      onOpen$={load}
    >
      <span q:slot="badge" class={["badge", { hidden: !active }]}>
        {active}
      </span>
      <div class="tag-filter" data-testid="tag-filter">
        <div class="popover-title">Filters for {props.service}</div>
        <div class="tabs small">
          <button
            type="button"
            class={{ active: tab.value === "editor" }}
            onClick$={() => (tab.value = "editor")}
          >
            Editor
          </button>
          <button
            type="button"
            class={{ active: tab.value === "saved" }}
            data-testid="tag-filter-saved-tab"
            onClick$={() => (tab.value = "saved")}
          >
            Saved ({saved.value.length})
          </button>
        </div>
        {tab.value === "editor" ? (
          <div class="rules">
            {f.rules.map((rule, i) => (
              <div key={i} class="rule" data-testid="tag-rule">
                {i === 0 ? (
                  <span class="rule-logic muted">Where</span>
                ) : (
                  <select
                    class="rule-logic"
                    disabled={i > 1}
                    aria-label="And / Or"
                    onChange$={(_, el) => (f.logic = el.value === "$or" ? "$or" : "$and")}
                  >
                    <option value="$and" selected={f.logic === "$and"}>
                      And
                    </option>
                    <option value="$or" selected={f.logic === "$or"}>
                      Or
                    </option>
                  </select>
                )}
                <select
                  aria-label="Type"
                  title={TAG_HELP[rule.type]}
                  data-testid="tag-type"
                  onChange$={(_, el) => (rule.type = el.value as TagType)}
                >
                  {[rule.type, ...freeTypes(f, i).filter((t) => t !== rule.type)].map((t) => (
                    <option key={t} value={t} selected={t === rule.type}>
                      {TAG_LABELS[t]}
                    </option>
                  ))}
                </select>
                <select
                  aria-label="Is / Is not"
                  onChange$={(_, el) => (rule.op = el.value === "$neq" ? "$neq" : "$eq")}
                >
                  <option value="$eq" selected={rule.op === "$eq"}>
                    Is
                  </option>
                  <option value="$neq" selected={rule.op === "$neq"}>
                    Is not
                  </option>
                </select>
                <input
                  type="text"
                  {...{ list: `tag-options-${rule.type}` }}
                  placeholder="value"
                  aria-label="Value"
                  data-testid="tag-value"
                  value={rule.value}
                  onInput$={(_, el) => (rule.value = el.value)}
                />
                {f.rules.length > 1 && (
                  <button
                    type="button"
                    class="btn icon"
                    aria-label="Delete rule"
                    onClick$={() => f.rules.splice(i, 1)}
                  >
                    ×
                  </button>
                )}
              </div>
            ))}
            {TAG_TYPES.map((t) => (
              <datalist key={t} id={`tag-options-${t}`}>
                {(options[t] ?? []).map((o) => (
                  <option key={o.name} value={o.name}>
                    {o.samples !== null && o.samples !== undefined
                      ? `${o.name} (${o.samples} Samples)`
                      : o.name}
                  </option>
                ))}
              </datalist>
            ))}
            {optionsError.value && <p class="muted small">{optionsError.value}</p>}
            <div class="popover-actions">
              <button
                type="button"
                class="btn"
                disabled={!freeTypes(f).length}
                onClick$={() => f.rules.push({ type: freeTypes(f)[0], op: "$eq", value: "" })}
              >
                Add rule
              </button>
              <button
                type="button"
                class="btn"
                onClick$={() => ((draft.filter = emptyDraft()), (draft.id = null))}
              >
                Clear
              </button>
              <button
                data-testid="tag-filter-save"
                type="button"
                class="btn"
                disabled={!usable}
                onClick$={save}
              >
                {draft.id !== null ? "Update saved" : "Save"}
              </button>
              <span class="spacer" />
              {props.filter && (
                <button
                  type="button"
                  class="btn"
                  data-testid="tag-filter-remove"
                  onClick$={() => props.onApply$(null)}
                >
                  Remove active
                </button>
              )}
              <button
                type="button"
                class="btn primary"
                data-testid="tag-filter-apply"
                disabled={!usable}
                onClick$={(_, el) => {
                  el.closest("details")!.open = false;
                  return props.onApply$({ logic: f.logic, rules: f.rules.filter((r) => r.value) });
                }}
              >
                Apply
              </button>
            </div>
          </div>
        ) : (
          <ul class="saved-filters">
            {saved.value.length === 0 && <li class="muted">No saved filters for this service.</li>}
            {saved.value.map((s) => (
              <li key={s.id}>
                <button type="button" class="link" onClick$={() => props.onApply$(s.filter)}>
                  {describeFilter(s.filter)}
                </button>
                <button
                  type="button"
                  class="btn small"
                  onClick$={() => {
                    draft.filter = JSON.parse(JSON.stringify(s.filter)) as TagFilter;
                    draft.id = s.id;
                    tab.value = "editor";
                  }}
                >
                  Edit
                </button>
                <button
                  type="button"
                  class="btn small"
                  onClick$={async () => {
                    try {
                      await deleteFilter(s.id);
                      saved.value = saved.value.filter((x) => x.id !== s.id);
                    } catch (err) {
                      message.value = `Deleting failed: ${errorMessage(err)}`;
                    }
                  }}
                >
                  Delete
                </button>
              </li>
            ))}
          </ul>
        )}
        {message.value && <p class="popover-message">{message.value}</p>}
      </div>
    </Dropdown>
  );
});
