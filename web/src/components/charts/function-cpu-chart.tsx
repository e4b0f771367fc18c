/**
 * A function's CPU % over time (GET /api/metrics/function_cpu with `functionName` = name + suffix): the
 * table's "Total CPU" tab (A.3.4) for one window, and the compare page's function chart (A.4) for two,
 * drawn over each other from their windows' starts, the base solid and the compared dashed.
 */
import { component$, useSignal, useVisibleTask$ } from "@builder.io/qwik";
import { errorMessage, fetchFunctionCpu } from "../../lib/api-client";
import { parseScope } from "../../lib/scope";
import { parseApiTime } from "../../lib/time-range";
import { Skeleton, StateMessage } from "../ui/state-message";
import { TimeChart, type Series } from "./time-chart";

interface Props {
  fn: string;
  /** scopeKey() of the window; `compared`, a second window's. */
  scope: string;
  label: string;
  compared?: string;
  comparedLabel?: string;
}

type Cpu =
  | { kind: "loading" }
  | { kind: "ok"; series: Series[]; start: number; end: number; elapsed: boolean }
  | { kind: "empty" }
  | { kind: "error"; message: string };

const COLORS = ["#8894E6", "#EE9868"];

export const FunctionCpuChart = component$<Props>((props) => {
  const cpu = useSignal<Cpu>({ kind: "loading" });

  useVisibleTask$(async ({ track, cleanup }) => {
    const fn = track(() => props.fn);
    const keys = [track(() => props.scope), track(() => props.compared ?? "")];
    const labels = [props.label, props.comparedLabel ?? ""];
    const sides = keys.flatMap((key, i) => {
      const scope = parseScope(key);
      return scope ? [{ scope, label: labels[i] }] : [];
    });
    if (!sides.length) return;
    const controller = new AbortController();
    cleanup(() => controller.abort());
    cpu.value = { kind: "loading" };
    try {
      const answers = await Promise.all(sides.map((s) => fetchFunctionCpu(s.scope, fn, controller.signal)));
      if (answers.every((points) => !points.length)) {
        cpu.value = { kind: "empty" };
        return;
      }
      const [first] = sides.map((s) => s.scope.range);
      const elapsed = sides.length > 1;
      cpu.value = {
        kind: "ok",
        elapsed,
        start: elapsed ? 0 : first.start.getTime(),
        end: elapsed
          ? Math.max(...sides.map((s) => s.scope.range.end.getTime() - s.scope.range.start.getTime()))
          : first.end.getTime(),
        series: answers.map((points, i) => {
          const from = elapsed ? sides[i].scope.range.start.getTime() : 0;
          return {
            label: points.length ? sides[i].label : `${sides[i].label} (no data)`,
            color: COLORS[i],
            dashed: i > 0,
            // the api answers newest first; the chart's hover reads points in time order
            points: points
              .map((p) => ({ t: parseApiTime(p.time) - from, v: 100 * p.cpu_percentage }))
              .sort((p, q) => p.t - q.t),
          };
        }),
      };
    } catch (err) {
      if (!controller.signal.aborted) cpu.value = { kind: "error", message: errorMessage(err) };
    }
  });

  const c = cpu.value;
  return c.kind === "loading" ? (
    <Skeleton testId="function-cpu-state" />
  ) : c.kind === "error" ? (
    <StateMessage kind="error" testId="function-cpu-state" title="Function CPU is unavailable" detail={c.message} />
  ) : c.kind === "empty" ? (
    <StateMessage kind="empty" testId="function-cpu-state" title="No data was found for the selected function" />
  ) : (
    <TimeChart
      series={c.series}
      start={c.start}
      end={c.end}
      elapsed={c.elapsed}
      format="percent"
      testId="function-cpu-chart"
    />
  );
});
