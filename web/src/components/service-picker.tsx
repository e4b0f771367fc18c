/**
 * The service picker: a combobox to type into (the list narrows to matching names) and move through
 * with the keyboard (↑ ↓ Home End PageUp PageDown, Enter picks, Esc closes), as many services do not fit
 * a plain select. Services with data come first (the list arrives sorted that way); those without are
 * marked. ARIA: the input is a `combobox`, the list a `listbox` with `aria-activedescendant`.
 */
import { $, component$, sync$, useComputed$, useId, useSignal, type QRL } from "@builder.io/qwik";
import { ENV_LABELS } from "../lib/overview";
import { filterServices, movedIndex } from "../lib/service-filter";
import type { ServiceInfo } from "../lib/wire";

const optionLabel = (s: ServiceInfo) => {
  const env = s.envType ? ENV_LABELS[s.envType] : undefined;
  return `${s.name}${env ? ` · ${env}` : ""}${s.hasData ? "" : " (no data)"}`;
};

interface Props {
  services: ServiceInfo[];
  selected: string | null;
  onSelect$: QRL<(name: string) => void>;
  testId?: string;
}

export const ServicePicker = component$<Props>((props) => {
  const id = useId();
  const open = useSignal(false);
  const text = useSignal("");
  const active = useSignal(0);
  const matches = useComputed$(() => filterServices(props.services, text.value));
  const testId = props.testId ?? "service-picker";

  const close = $(() => {
    open.value = false;
    text.value = "";
  });
  const choose = $(async (name: string) => {
    await close();
    if (name !== props.selected) await props.onSelect$(name);
  });
  const show = $(() => {
    open.value = true;
    active.value = Math.max(
      0,
      matches.value.findIndex((s) => s.name === props.selected),
    );
  });

  return (
    <div class="field service-picker">
      <label class="field-label" for={`${id}-input`}>
        Service
      </label>
      <div class="combo">
        <input
          id={`${id}-input`}
          type="text"
          role="combobox"
          aria-expanded={open.value}
          aria-controls={`${id}-list`}
          aria-autocomplete="list"
          aria-activedescendant={
            open.value && matches.value.length ? `${id}-option-${active.value}` : undefined
          }
          autoComplete="off"
          spellcheck={false}
          data-testid={testId}
          disabled={props.services.length === 0}
          placeholder={props.services.length ? "Type to search" : "No services"}
          value={open.value ? text.value : (props.selected ?? "")}
          title={props.selected ?? undefined}
          onFocus$={show}
          onClick$={show}
          onBlur$={close}
          onInput$={(_, el) => {
            text.value = el.value;
            active.value = 0;
            open.value = true;
          }}
          onKeyDown$={[
            sync$((e: KeyboardEvent) => {
              if (["ArrowDown", "ArrowUp", "PageDown", "PageUp", "Enter"].includes(e.key)) e.preventDefault();
            }),
            $(async (e: KeyboardEvent, el: HTMLInputElement) => {
              if (e.key === "Escape") {
                await close();
                el.blur();
                return;
              }
              if (!open.value) return show();
              if (e.key === "Enter") {
                const pick = matches.value[active.value];
                if (pick) {
                  await choose(pick.name);
                  el.blur();
                }
                return;
              }
              if (e.key === "Home" || e.key === "End") return; // the caret's keys while typing
              const next = movedIndex(e.key, active.value, matches.value.length);
              if (next === null) return;
              active.value = next;
              document.getElementById(`${id}-option-${next}`)?.scrollIntoView({ block: "nearest" });
            }),
          ]}
        />
        {open.value && (
          // mousedown would blur the input (and close the list) before the click lands
          <ul
            id={`${id}-list`}
            role="listbox"
            class="combo-list"
            data-testid={`${testId}-options`}
            preventdefault:mousedown
          >
            {matches.value.map((s, i) => (
              <li
                key={s.name}
                id={`${id}-option-${i}`}
                role="option"
                aria-selected={i === active.value}
                class={{ "combo-option": true, active: i === active.value, muted: !s.hasData }}
                data-name={s.name}
                onMouseEnter$={() => (active.value = i)}
                onClick$={async () => {
                  await choose(s.name);
                  (document.getElementById(`${id}-input`) as HTMLInputElement | null)?.blur();
                }}
              >
                {optionLabel(s)}
              </li>
            ))}
            {matches.value.length === 0 && <li class="combo-empty muted">No service matches</li>}
          </ul>
        )}
      </div>
    </div>
  );
});
