/**
 * One path's leaf codes remembered by the path's value: events of a topic
 * repeat values (media types, queues, directions), and the leaves of one
 * path decide on that value alone. A path whose values seldom repeat (ids,
 * topic names with a conversation id) stops being remembered; all paths
 * share one bound on entries.
 */
import type { Scalar } from '../pattern/index.js';

/** Strings longer than this are not remembered. */
const MAX_VALUE_CHARS = 200;
/** A path stops remembering once it has taken this many values and fewer than one lookup in REPEATS_WORTH found a known one. */
const MIN_TRIED = 64;
const REPEATS_WORTH = 4;

/** Entries left for all paths of a main job. */
export interface CodesBudget {
  left: number;
}

export class CodesByValue {
  private readonly known = new Map<Scalar, string>();
  private added = 0;
  private found = 0;
  private on = true;

  constructor(private readonly budget: CodesBudget) {}

  /** Whether `value` (the path's only value) can be looked up here. */
  takes(value: Scalar): boolean {
    if (!this.on) return false;
    // (-0 and 0 are one Map key; no need to find out whether any condition tells them apart)
    return typeof value === 'string' ? value.length <= MAX_VALUE_CHARS : !Object.is(value, -0);
  }

  get(value: Scalar): string | undefined {
    const codes = this.known.get(value);
    if (codes !== undefined) this.found++;
    return codes;
  }

  add(value: Scalar, codes: string): void {
    this.added++;
    if (this.added > MIN_TRIED && this.found * REPEATS_WORTH < this.added) {
      this.on = false;
      this.budget.left += this.known.size;
      this.known.clear();
      return;
    }
    if (this.budget.left <= 0) return;
    this.budget.left--;
    this.known.set(value, codes);
  }
}
