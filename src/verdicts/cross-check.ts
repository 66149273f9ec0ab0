import { createHash } from 'node:crypto';
import type { CrossCheckPair, CrossCheckResult } from '../aws/cross-check.js';
import type { TestRule } from '../rules/types.js';
import type { CrossCheckSummary } from './summary.js';
import type { Verdict } from './verdict.js';

/** Distinct (event, pattern) pairs sent to AWS TestEventPattern by default. */
export const DEFAULT_CROSS_CHECK_PAIRS = 1_000;

/** Collects each DISTINCT (event, pattern) pair once, up to a limit; counts the distinct pairs beyond it. */
export class CrossCheckCollector {
  private readonly seen = new Set<string>();
  private readonly patterns: Map<string, string>;
  readonly pairs: CrossCheckPair[] = [];
  skipped = 0;

  constructor(rules: readonly TestRule[], private readonly max = DEFAULT_CROSS_CHECK_PAIRS) {
    this.patterns = new Map(rules.map((r) => [r.name, JSON.stringify(r.pattern)]));
  }

  add(event: unknown, verdicts: ReadonlyArray<Pick<Verdict, 'rule' | 'eventId' | 'match'>>): void {
    const eventText = JSON.stringify(event);
    for (const verdict of verdicts) {
      const pattern = this.patterns.get(verdict.rule);
      if (pattern === undefined) continue;
      const key = createHash('sha1').update(eventText).update('\u0000').update(pattern).digest('base64');
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      if (this.pairs.length >= this.max) {
        this.skipped++;
        continue;
      }
      this.pairs.push({ rule: verdict.rule, eventId: verdict.eventId, event: eventText, pattern, local: verdict.match });
    }
  }
}

export function summariseCrossCheck(result: CrossCheckResult, skipped: number): CrossCheckSummary {
  return {
    checked: result.checked,
    agreed: result.agreed,
    errors: result.errors.length,
    skipped,
    disagreements: result.disagreements.map((d) => ({ rule: d.rule, eventId: d.eventId, local: d.local, aws: d.aws })),
    errorMessages: result.errors,
  };
}
