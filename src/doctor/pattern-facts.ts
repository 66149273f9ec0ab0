/** Small pure readings of a pattern and an event that the doctor's checks share. */

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The plain string values a pattern accepts for `detail-type` (top level and top-level `$or` branches). */
export function patternDetailTypes(pattern: unknown): string[] {
  if (!isObject(pattern)) return [];
  const out: string[] = [];
  const dt = pattern['detail-type'];
  if (Array.isArray(dt)) for (const v of dt) if (typeof v === 'string') out.push(v);
  const or = pattern.$or;
  if (Array.isArray(or)) for (const branch of or) out.push(...patternDetailTypes(branch));
  return [...new Set(out)];
}

/** A concrete topic name with ids → its template (`{id}` for every UUID). */
export function templateOf(topic: string): string {
  return topic.replace(UUID, '{id}');
}

export function hasUuid(text: string): boolean {
  UUID.lastIndex = 0;
  const found = UUID.test(text);
  UUID.lastIndex = 0;
  return found;
}

/** Every leaf field path a pattern tests (dotted keys split; `$or` branches included). */
export function patternLeafPaths(pattern: unknown, prefix: string[] = []): string[][] {
  if (!isObject(pattern)) return [];
  const out: string[][] = [];
  for (const [key, value] of Object.entries(pattern)) {
    if (key === '$or' && Array.isArray(value)) {
      for (const branch of value) out.push(...patternLeafPaths(branch, prefix));
      continue;
    }
    const path = [...prefix, ...key.split('.')];
    if (Array.isArray(value)) out.push(path);
    else out.push(...patternLeafPaths(value, path));
  }
  return out;
}

/** Does the event have a value (any, null included) at `path`, looking through arrays? */
export function eventHasField(event: unknown, path: string[]): boolean {
  let current: unknown[] = [event];
  for (const part of path) {
    const next: unknown[] = [];
    const visit = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(visit);
      else if (isObject(v) && part in v) next.push(v[part]);
    };
    current.forEach(visit);
    if (next.length === 0) return false;
    current = next;
  }
  return current.some((v) => !(Array.isArray(v) && v.length === 0));
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
