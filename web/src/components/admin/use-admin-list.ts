/**
 * The state of an admin list page: the rows (null until loaded), the error or notice of the last action,
 * and `act`, which runs an action and reloads the list whatever its outcome (a failed toggle shows the
 * stored state again).
 */
import { $, useSignal, useVisibleTask$, type QRL } from "@builder.io/qwik";
import { errorMessage } from "../../lib/api-client";

export function useAdminList<T>(load$: QRL<() => Promise<T[]>>) {
  const rows = useSignal<T[] | null>(null);
  const error = useSignal("");
  const notice = useSignal("");
  /** When the rows were read: their relative times ("3 days ago") count from it. */
  const now = useSignal(new Date().toISOString());

  const reload = $(async () => {
    try {
      rows.value = await load$();
      now.value = new Date().toISOString();
    } catch (err) {
      error.value = errorMessage(err);
    }
  });
  useVisibleTask$(() => reload());

  /** Runs `step`; `done` is the notice shown when it succeeds. */
  const act = $(async (step: () => Promise<unknown>, done = "") => {
    error.value = notice.value = "";
    try {
      await step();
      notice.value = done;
    } catch (err) {
      error.value = errorMessage(err);
    }
    await reload();
  });

  return { rows, error, notice, now, act };
}
