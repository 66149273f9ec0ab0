/**
 * The field paths an EventBridge pattern tests: every key path that ends in
 * an array of conditions, with dotted keys split (`"a.b"` is `{"a":{"b":…}}`)
 * and `$or` alternatives followed. Paths are returned in first-seen order.
 */
export function patternLeafPaths(pattern: unknown): string[] {
  const out = new Set<string>();
  walk(pattern, [], out);
  return [...out];
}

function walk(node: unknown, prefix: string[], out: Set<string>): void {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key === '$or' && Array.isArray(value)) {
      for (const alternative of value) walk(alternative, prefix, out);
      continue;
    }
    const path = [...prefix, ...key.split('.')];
    if (Array.isArray(value)) out.add(path.join('.'));
    else walk(value, path, out);
  }
}

/** A coverage path as EventBridge addresses it: arrays are flattened, so `a[].b` is `a.b`. */
export function patternAddress(coveragePath: string): string {
  return coveragePath.replace(/\[\]/g, '');
}
