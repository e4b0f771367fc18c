// The percentiles of a flamegraph's frame values (spec §4.6 step 4): montanaflynn/stats Percentile
// for p = 1..100, each truncated to an integer string as Go's strconv.Itoa(int(v)) prints it.

/**
 * Go's int(NaN) on amd64. Percentile gives NaN for low p on graphs with fewer than 100 frames, and
 * flamedb-rest sends this string; kept for wire compatibility with the golden files (§7.12).
 */
export const GO_INT_OF_NAN = "-9223372036854775808";

export function percentiles(values: readonly number[]): Record<string, string> {
  const result: Record<string, string> = {};
  if (values.length === 0) return result;
  const sorted = [...values].sort((a, b) => a - b);
  for (let p = 1; p <= 100; p++) {
    const value = percentile(sorted, p);
    result[String(p)] = Number.isNaN(value) ? GO_INT_OF_NAN : String(Math.trunc(value));
  }
  return result;
}

/** stats.Percentile on ascending values, with the same float64 steps. */
function percentile(sorted: readonly number[], p: number): number {
  const n = sorted.length;
  if (n === 1) return sorted[0];
  const index = (p / 100) * n;
  if (index === Math.trunc(index)) return sorted[index - 1];
  if (index > 1) {
    const i = Math.trunc(index);
    return (sorted[i - 1] + sorted[i]) / 2;
  }
  return NaN;
}
