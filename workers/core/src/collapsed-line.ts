// One stack line of a collapsed profile, located on its bytes (spec §2.5, extractStack):
// `[<app metadata index>;][<container>;]<frame>;<frame>;... <count>`. Where Go panics (too few
// fields) or wraps (negative or huge counts, §7.6-7.7), the line is skipped with a reason instead.
import { indexOfByte, lastIndexOfByte } from "./bytes";
import { trimSpaceEnd, trimSpaceStart } from "./go-space";

export type SkipReason =
  | "emptyLine"
  | "lineTooLong"
  | "invalidCount"
  | "zeroCount"
  | "negativeCount"
  | "countOverflow"
  | "tooFewFields"
  | "invalidUtf8"
  | "swapper"
  | "emptyStack";

/** Which prefix fields the lines have, from the last header (§2.5). */
export interface LinePrefixes {
  /** Unless profile_api_version is "v1". */
  container: boolean;
  /** application_metadata_enabled; only counts together with the container prefix. */
  metadataIndex: boolean;
}

/** Byte ranges in the line's buffer; the container range is empty without the prefix. */
export interface StackLine {
  count: number;
  containerStart: number;
  containerEnd: number;
  /** The `;`-joined frames, neither replaced nor trimmed yet. */
  stackStart: number;
  stackEnd: number;
}

const SPACE = 0x20;
const SEMICOLON = 0x3b;
const PLUS = 0x2b;
const MINUS = 0x2d;
const ZERO = 0x30;
const UINT32_MAX = 0xffffffff;

export function parseStackLine(
  bytes: Uint8Array,
  lineStart: number,
  lineEnd: number,
  prefixes: LinePrefixes,
): StackLine | SkipReason {
  const start = trimSpaceStart(bytes, lineStart, lineEnd);
  const end = trimSpaceEnd(bytes, start, lineEnd);
  if (start === end) return "emptyLine";
  // The count follows the last space; spaces inside frames stay.
  const lastSpace = lastIndexOfByte(bytes, SPACE, start, end);
  const count = parseCount(bytes, lastSpace < 0 ? start : lastSpace + 1, end);
  if (typeof count === "string") return count;
  const restEnd = lastSpace < 0 ? start : lastSpace;
  if (!prefixes.container) {
    return { count, containerStart: start, containerEnd: start, stackStart: start, stackEnd: restEnd };
  }

  let containerStart = start;
  if (prefixes.metadataIndex) {
    const indexEnd = indexOfByte(bytes, SEMICOLON, start, restEnd);
    if (indexEnd < 0) return "tooFewFields";
    containerStart = indexEnd + 1;
  }
  // The container is not trimmed; without a `;` after it the stack is empty.
  const containerEnd = indexOfByte(bytes, SEMICOLON, containerStart, restEnd);
  if (containerEnd < 0) {
    return { count, containerStart, containerEnd: restEnd, stackStart: restEnd, stackEnd: restEnd };
  }
  return { count, containerStart, containerEnd, stackStart: containerEnd + 1, stackEnd: restEnd };
}

/** Go strconv.Atoi, but only 1..2^32-1 is a usable count (NumSamples is a UInt32). */
function parseCount(bytes: Uint8Array, start: number, end: number): number | SkipReason {
  let p = start;
  const negative = p < end && bytes[p] === MINUS;
  if (p < end && (negative || bytes[p] === PLUS)) p++;
  if (p === end) return "invalidCount";
  let value = 0;
  for (; p < end; p++) {
    const digit = bytes[p] - ZERO;
    if (digit < 0 || digit > 9) return "invalidCount";
    value = value * 10 + digit;
  }
  if (value === 0) return "zeroCount";
  if (negative) return "negativeCount";
  return value > UINT32_MAX ? "countOverflow" : value;
}
