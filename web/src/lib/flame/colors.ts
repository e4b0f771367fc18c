/**
 * Frame colours of the original studio (frontend-and-agent.md A.3.3, `theme/colors.js` COLORS.STACKS):
 * specialType wins over language; the root and the level-1 process frames have fixed colours.
 */
import type { FlameNode } from "../wire";

export const LANGUAGE_COLORS: Record<string, string> = {
  Python: "#FADE7C",
  Java: "#FFAB6E",
  Go: "#83E7F4",
  "C++": "#64B6F2",
  Kernel: "#F9B7DE",
  Node: "#0DDCAA",
  PHP: "#BABCF0",
  Ruby: "#F28988",
  ".NET": "#0088C8",
  Other: "#B375FD",
};

export const SPECIAL_TYPE_COLORS: Record<string, string> = {
  Appid: "#8894E6",
  "Java (inl)": "#F07822",
  "Java (C1)": "#A8693B",
  "Java (interpreted)": "#d1a280",
  /** The stand-in for frames below the depth limit (prepare.ts). */
  limit: "#FF4F4F",
};

export const ROOT_COLOR = "#373A4A";
/** Level-1 frames are process names (comm); the original draws them all as Appid. */
export const PROCESS_COLOR = SPECIAL_TYPE_COLORS.Appid;

/**
 * Colour of a frame at `depth` (0 = root). In a graph of one function's callers or callees depth 1 is no
 * process, so `processes` is false there.
 */
export function frameColor(node: FlameNode, depth: number, processes = true): string {
  if (depth === 0) return ROOT_COLOR;
  if (depth === 1 && processes) return PROCESS_COLOR;
  return (
    (node.specialType && SPECIAL_TYPE_COLORS[node.specialType]) ||
    (node.language && LANGUAGE_COLORS[node.language]) ||
    LANGUAGE_COLORS.Other
  );
}

/** A `#rrggbb` colour at alpha 0.2: how the original fades frames that do not match the search. */
export const fadedColor = (hex: string) => `${hex}33`;
