/**
 * The frame of the admin list pages (agent keys, users): title and purpose, the admin tabs, the page's
 * form (slot `form`), the outcome of its last action, then its table (default slot) once loaded.
 */
import { component$, Slot, type QRL } from "@builder.io/qwik";
import { AdminTabs } from "./admin-tabs";

interface PageProps {
  /** Names the test ids: `<name>-page`, `<name>-error`, `<name>-notice`. */
  name: string;
  title: string;
  intro: string;
  error: string;
  notice: string;
  loaded: boolean;
}

export const AdminPage = component$<PageProps>((props) => (
  <main class="page admin" data-testid={`${props.name}-page`}>
    <div class="page-head">
      <h1>{props.title}</h1>
      <span class="muted">{props.intro}</span>
    </div>
    <AdminTabs />
    <Slot name="form" />
    {props.error && (
      <p class="form-error" data-testid={`${props.name}-error`}>
        {props.error}
      </p>
    )}
    {props.notice && (
      <p class="note" data-testid={`${props.name}-notice`}>
        {props.notice}
      </p>
    )}
    {!props.loaded && !props.error && <p class="muted">Loading…</p>}
    <Slot />
  </main>
));

/** An admin list's table: the columns' heads (and one for the row actions), the rows in the slot. */
export const AdminTable = component$<{ testId: string; columns: (string | { label: string; numeric: true })[] }>(
  (props) => (
    <div class="table-scroll">
      <table class="grid-table admin-table" data-testid={props.testId}>
        <thead>
          <tr>
            {props.columns.map((c) =>
              typeof c === "string" ? (
                <th key={c}>{c}</th>
              ) : (
                <th key={c.label} class="numeric">
                  {c.label}
                </th>
              ),
            )}
            <th />
          </tr>
        </thead>
        <tbody>
          <Slot />
        </tbody>
      </table>
    </div>
  ),
);

/** A row's action button. */
export const RowAction = component$<{ testId?: string; title?: string; onClick$: QRL<() => unknown> }>(
  (props) => (
    <button type="button" class="btn small" data-testid={props.testId} title={props.title} onClick$={props.onClick$}>
      <Slot />
    </button>
  ),
);
