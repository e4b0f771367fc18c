import { component$, type QRL } from "@builder.io/qwik";
import { ENV_LABELS } from "../lib/overview";
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

/** Services with data first (the list arrives sorted that way); those without are marked. */
export const ServicePicker = component$<Props>(({ services, selected, onSelect$, testId }) => (
  <label class="field">
    <span class="field-label">Service</span>
    <select
      data-testid={testId ?? "service-picker"}
      disabled={services.length === 0}
      onChange$={(_, el) => onSelect$(el.value)}
    >
      {services.length === 0 && <option value="">No services</option>}
      {services.map((s) => (
        <option key={s.name} value={s.name} selected={s.name === selected}>
          {optionLabel(s)}
        </option>
      ))}
    </select>
  </label>
));
