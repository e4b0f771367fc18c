// Sums keyed by an (int, int) pair, in typed arrays: the inclusive count per (container, node) of a
// profile (spec §2.7). A Map entry costs several times the 16 bytes an entry takes here.

const EMPTY = -1;
const INITIAL_ENTRIES = 1024;

export class PairCounts {
  /** Number of distinct pairs; entries are numbered 0..size-1 in first-added order. */
  size = 0;
  private slots = new Int32Array(INITIAL_ENTRIES * 2).fill(EMPTY);
  private firsts = new Int32Array(INITIAL_ENTRIES);
  private seconds = new Int32Array(INITIAL_ENTRIES);
  private sums = new Float64Array(INITIAL_ENTRIES);

  add(first: number, second: number, amount: number): void {
    const mask = this.slots.length - 1;
    let slot = slotOf(first, second, mask);
    for (let entry = this.slots[slot]; entry !== EMPTY; entry = this.slots[slot]) {
      if (this.seconds[entry] === second && this.firsts[entry] === first) {
        this.sums[entry] += amount;
        return;
      }
      slot = (slot + 1) & mask;
    }
    const entry = this.size++;
    if (entry === this.sums.length) this.grow();
    this.firsts[entry] = first;
    this.seconds[entry] = second;
    this.sums[entry] = amount;
    this.slots[slot] = entry;
    // at most half full, so probe chains stay short
    if (this.size * 2 > this.slots.length) this.rehash();
  }

  first(entry: number): number {
    return this.firsts[entry];
  }

  second(entry: number): number {
    return this.seconds[entry];
  }

  sum(entry: number): number {
    return this.sums[entry];
  }

  /** Bytes held, for the caller's memory budget. */
  get byteSize(): number {
    return this.slots.byteLength + this.firsts.byteLength * 2 + this.sums.byteLength;
  }

  private grow(): void {
    const capacity = this.sums.length * 2;
    const firsts = new Int32Array(capacity);
    const seconds = new Int32Array(capacity);
    const sums = new Float64Array(capacity);
    firsts.set(this.firsts);
    seconds.set(this.seconds);
    sums.set(this.sums);
    this.firsts = firsts;
    this.seconds = seconds;
    this.sums = sums;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(EMPTY);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.size; entry++) {
      let slot = slotOf(this.firsts[entry], this.seconds[entry], mask);
      while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      slots[slot] = entry;
    }
    this.slots = slots;
  }
}

function slotOf(first: number, second: number, mask: number): number {
  const h = Math.imul(second ^ Math.imul(first + 1, 0x9e3779b1), 0x85ebca6b);
  return (h ^ (h >>> 15)) & mask;
}
