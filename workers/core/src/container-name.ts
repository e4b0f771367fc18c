// Container name decoding (spec §2.7 "Container decoding"): turns the raw Docker/ECS name of a stack
// line into the stored ContainerName and ContainerEnvName (the k8s or ECS workload).

export interface ContainerNames {
  containerName: string;
  /** The k8s "<pod base>_<namespace>" or the ECS task family; "" for plain containers. */
  k8sName: string;
  kind: "k8s" | "ecs" | "";
}

// Words from the nltk corpus that use only the letters a-f and are six chars or longer: hex-looking
// but meaningful, so never stripped as a uniqueness marker.
const BASE16_REAL_WORDS = new Set([
  "accede",
  "bacaba",
  "baccae",
  "beaded",
  "bedded",
  "bedead",
  "bedeaf",
  "decade",
  "deedeed",
  "deface",
  "efface",
  "fabaceae",
  "facade",
]);
const KNOWN_POD_PREFIXES = ["flink", "kube-proxy"];
const MAX_INT64 = 9223372036854775807n;

/** Go big.Int SetString(s, 10): optional sign, decimal digits, any size. */
const isBigDecimal = (s: string) => /^[+-]?[0-9]+$/.test(s);
/** Go big.Int SetString(s, 16): optional sign, hex digits in either case. */
const isBigHex = (s: string) => /^[+-]?[0-9a-fA-F]+$/.test(s);

/** Go strconv.Atoi: optional sign, decimal digits, within int64. */
export function isGoAtoi(s: string): boolean {
  if (!isBigDecimal(s)) return false;
  const value = BigInt(s);
  return value <= MAX_INT64 && value >= -MAX_INT64 - 1n;
}

/** A pod-name part that is a uniqueness marker: a number, or 6+ hex chars that are not a word. */
function isUniquenessMarker(part: string): boolean {
  if (isBigDecimal(part)) return true;
  return (
    new TextEncoder().encode(part).length >= 6 && isBigHex(part) && !BASE16_REAL_WORDS.has(part.toLowerCase())
  );
}

/** Strips ReplicaSet/StatefulSet markers from a pod name: `my-app-7d9f8b6c5d-xk2lp` → `my-app`. */
export function stripPodName(name: string): string {
  const prefix = KNOWN_POD_PREFIXES.find((known) => name.startsWith(known));
  if (prefix !== undefined) return prefix;
  const parts = name.split("-");
  if (parts.length < 2) return name;
  const kept: string[] = [];
  for (const part of parts) {
    if (isUniquenessMarker(part)) {
      // a leading marker is skipped; a marker after meaningful parts ends the name
      if (kept.length === 0) continue;
      break;
    }
    kept.push(part);
  }
  // Nothing stripped: drop the last part, most likely the 5-char pod hash.
  if (kept.length === parts.length) kept.pop();
  return kept.length === 0 ? name : kept.join("-");
}

/** ContainerAndK8sName of the indexer's common.go. */
export function containerAndK8sName(raw: string): ContainerNames {
  if (raw.startsWith("k8s_")) {
    // Docker-shim name k8s_<container>_<pod>_<namespace>_<poduid>_<attempt>
    const parts = raw.split("_");
    if (parts.length !== 6) return { containerName: raw, k8sName: "", kind: "" };
    let pod = stripPodName(parts[2]);
    if (pod.startsWith("kube-proxy-")) pod = "kube-proxy";
    return { containerName: `${parts[1]}_${pod}_${parts[3]}`, k8sName: `${pod}_${parts[3]}`, kind: "k8s" };
  }
  if (raw.startsWith("ecs-")) {
    // ecs-<family>-<revision>-<container>-<hash>
    const split = raw.split("-");
    if (split.length === 2) return { containerName: raw, k8sName: split[1], kind: "ecs" };
    const parts = split.slice(1, -1);
    const revision = Math.max(0, parts.findIndex(isGoAtoi));
    const family = parts.slice(0, revision).join("-");
    const name = parts.slice(revision + 1).join("-");
    return { containerName: `${name}_${family}`, k8sName: family, kind: "ecs" };
  }
  return { containerName: raw, k8sName: "", kind: "" };
}
