/** Small pure readings of a pattern and an event that the doctor's checks share. */

import { patternLeaves } from '../explain/pattern-leaves.js';

/** The plain string values a pattern accepts for `detail-type` (`$or` branches included). */
export function patternDetailTypes(pattern: unknown): string[] {
  const values = patternLeaves(pattern)
    .filter((leaf) => leaf.path === 'detail-type')
    .flatMap((leaf) => leaf.conditions.filter((c): c is string => typeof c === 'string'));
  return [...new Set(values)];
}

/** Rules that look written for Genesys events: they mention genesys or a `v2.` topic. */
export function looksMeantForGenesys(patternText: string | undefined, pattern: unknown): boolean {
  if (!patternText) return false;
  if (/genesys/i.test(patternText)) return true;
  return patternDetailTypes(pattern).some((t) => t.startsWith('v2.'));
}

/** The account id in an EventBridge ARN. */
export function accountOfArn(arn: string | undefined): string | undefined {
  return arn ? /^arn:[^:]+:events:[^:]*:(\d{12}):/.exec(arn)?.[1] : undefined;
}
