/** Overview page formatting (frontend-and-agent.md A.5). */
import { parseApiTime } from "./time-range";

const pad = (n: number) => String(n).padStart(2, "0");

/** "Today", "Yesterday" or `dd/MM/yyyy`, in local time relative to `now`. */
export function dayLabel(value: string | null | undefined, now: Date): string {
  if (!value) return "—";
  const date = new Date(parseApiTime(value));
  if (Number.isNaN(date.getTime())) return "—";
  const day = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((day(now) - day(date)) / 86_400_000);
  if (days === 0) return "Today";
  if (days === 1) return "Yesterday";
  return `${pad(date.getDate())}/${pad(date.getMonth() + 1)}/${date.getFullYear()}`;
}

/** Semver order for the Version column; missing versions sort first. */
export function compareVersions(a: string | null | undefined, b: string | null | undefined): number {
  if (!a || !b) return (a ? 1 : 0) - (b ? 1 : 0);
  const pa = a.split(".").map((x) => parseInt(x, 10) || 0);
  const pb = b.split(".").map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

/** Case-insensitive regex filter; an invalid pattern falls back to a plain substring match. */
export function textMatcher(pattern: string): (text: string) => boolean {
  const term = pattern.trim();
  if (!term) return () => true;
  try {
    const re = new RegExp(term, "i");
    return (text) => re.test(text);
  } catch {
    const lower = term.toLowerCase();
    return (text) => text.toLowerCase().includes(lower);
  }
}

/** Short env-type labels of the original (A.3.1). */
export const ENV_LABELS: Record<string, string> = {
  instances: "Plain",
  containers: "Cont",
  k8s: "K8s",
  ecs: "ECS",
};
export const ENV_TITLES: Record<string, string> = {
  instances: "Plain instances",
  containers: "Containers",
  k8s: "Kubernetes",
  ecs: "AWS ECS",
};
