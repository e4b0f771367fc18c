/** The process names multi-select (A.3.1): level-1 frames of the current data, with "Select all". */
import { component$, type QRL } from "@builder.io/qwik";
import type { ProcessFilter } from "../../lib/profiles-query";
import { formatCount } from "../../lib/flame/format";
import { processFilterFor, processShown } from "../../lib/flame/filters";
import { Dropdown } from "../ui/dropdown";

interface Props {
  processes: { name: string; value: number }[];
  filter: ProcessFilter | null;
  onChange$: QRL<(filter: ProcessFilter | null) => void>;
}

export const ProcessPicker = component$<Props>((props) => {
  const all = props.processes.map((p) => p.name);
  const selected = all.filter((n) => processShown(props.filter, n));
  const label = !props.filter ? "All processes" : `Processes: ${selected.length}/${all.length}`;
  return (
    <Dropdown label={label} testId="process-picker" active={!!props.filter} disabled={!all.length}>
      <div class="check-list">
        <label class="check">
          <input
            type="checkbox"
            checked={!props.filter}
            onChange$={(_, el) => props.onChange$(el.checked ? null : { include: true, names: [] })}
          />
          <span>Select all</span>
        </label>
        {props.processes.map((p) => (
          <label key={p.name} class="check">
            <input
              type="checkbox"
              checked={selected.includes(p.name)}
              onChange$={(_, el) => {
                const next = el.checked ? [...selected, p.name] : selected.filter((n) => n !== p.name);
                props.onChange$(processFilterFor(all, next));
              }}
            />
            <span class="check-name">{p.name}</span>
            <span class="muted">{formatCount(p.value)}</span>
          </label>
        ))}
      </div>
    </Dropdown>
  );
});
