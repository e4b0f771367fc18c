/** The alerts list: when, where, what rose by how much, the deployment it followed, delivery, state. */
import { component$, type QRL } from "@builder.io/qwik";
import { alertCompareHref, formatShare, type Alert } from "../../lib/alerts-api";

const time = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

const Change = component$<{ before: number; after: number }>((p) => (
  <span class={{ rose: p.after > p.before }}>
    {formatShare(p.before)} → <b>{formatShare(p.after)}</b>
  </span>
));

export const AlertsTable = component$<{ alerts: Alert[]; onAcknowledge$: QRL<(id: number) => Promise<void>> }>((props) => (
  <div class="table-scroll">
    <table class="grid-table alerts-table" data-testid="alerts-table">
      <thead>
        <tr>
          <th>Hour</th>
          <th>Service</th>
          <th>Function</th>
          <th>Self share</th>
          <th>Total share</th>
          <th>After deployment</th>
          <th>Webhook</th>
          <th>State</th>
        </tr>
      </thead>
      <tbody>
        {props.alerts.map((a) => (
          <tr key={a.id} data-alert={a.id} data-state={a.state}>
            <td class="mono">{time(a.windowStart)}</td>
            <td>{a.serviceName}</td>
            <td class="function">
              <a href={alertCompareHref(a)} data-testid="alert-compare" title="Open the differential flamegraph">
                {a.functionName}
              </a>
            </td>
            <td>
              <Change before={a.selfBefore} after={a.selfAfter} />
            </td>
            <td>
              <Change before={a.totalBefore} after={a.totalAfter} />
            </td>
            <td data-testid="alert-deployment">
              {a.deployment ? (
                <span title={[a.deployment.description, a.deployment.commit].filter(Boolean).join(" · ")}>
                  <b>{a.deployment.version}</b> <span class="muted">{time(a.deployment.time)}</span>
                </span>
              ) : (
                <span class="muted">–</span>
              )}
            </td>
            <td>
              {a.notifiedAt ? (
                <span class="muted">sent</span>
              ) : a.deliveryError ? (
                <span class="danger" title={a.deliveryError}>
                  failed ({a.deliveryAttempts})
                </span>
              ) : (
                <span class="muted">–</span>
              )}
            </td>
            <td>
              {a.state === "open" ? (
                <button type="button" class="btn small" data-testid="alert-ack" onClick$={() => props.onAcknowledge$(a.id)}>
                  Acknowledge
                </button>
              ) : (
                <span class="muted" title={a.acknowledgedAt ? time(a.acknowledgedAt) : undefined}>
                  acknowledged{a.acknowledgedBy ? ` by ${a.acknowledgedBy}` : ""}
                </span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  </div>
));
