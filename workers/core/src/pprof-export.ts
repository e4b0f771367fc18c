// A flamegraph as a pprof profile (google/pprof proto/profile.proto), for `go tool pprof`, Pyroscope,
// Grafana and the like: one `samples/count` column, one function and one location per distinct frame
// name, one sample per stack with self samples (location ids leaf first, as profile.proto orders them).
// Ids start at 1 and string 0 is "" (both required by profile.proto).
import { Function, Line, Location, Profile, Sample, StringTable, ValueType } from "pprof-format";
import { selfStacks, type ExportFrame } from "./export-stacks";

export interface PprofExportOptions {
  startTime: Date;
  endTime: Date;
  /** A comment shown by `go tool pprof` (e.g. the service, the range and the filter). */
  comment?: string;
}

/** The encoded profile.proto, not gzipped (the caller gzips it, as pprof files are). */
export function encodePprof(roots: readonly ExportFrame[], options: PprofExportOptions): Uint8Array {
  const strings = new StringTable();
  const functions: Function[] = [];
  const locations: Location[] = [];
  const locationIds = new Map<string, number>();
  const locationOf = (name: string) => {
    let id = locationIds.get(name);
    if (id === undefined) {
      id = locationIds.size + 1;
      locationIds.set(name, id);
      functions.push(new Function({ id, name: strings.dedup(name), systemName: strings.dedup(name) }));
      locations.push(new Location({ id, line: [new Line({ functionId: id })] }));
    }
    return id;
  };
  const samplesType = new ValueType({ type: strings.dedup("samples"), unit: strings.dedup("count") });
  const samples: Sample[] = [];
  for (const [frames, self] of selfStacks(roots)) {
    const locationId: number[] = [];
    for (let i = frames.length - 1; i >= 0; i--) locationId.push(locationOf(frames[i]));
    samples.push(new Sample({ locationId, value: [self] }));
  }
  const startNanos = BigInt(options.startTime.getTime()) * 1_000_000n;
  const profile = new Profile({
    sampleType: [samplesType],
    sample: samples,
    location: locations,
    function: functions,
    stringTable: strings,
    timeNanos: startNanos,
    durationNanos: BigInt(options.endTime.getTime()) * 1_000_000n - startNanos,
    periodType: new ValueType({ type: strings.dedup("samples"), unit: strings.dedup("count") }),
    period: 1,
    comment: options.comment ? [strings.dedup(options.comment)] : [],
  });
  return profile.encode();
}
