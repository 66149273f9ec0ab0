/** The leaves of a pattern with both paths: the one events are matched on and the one written (for line look-ups, `$or[1]` and array indexes kept). */
import { isPlainObject } from '../explain/conditions.js';

export interface WrittenLeaf {
  /** `detail.eventBody.mediaType`: the event path. */
  path: string;
  /** `$or[1].detail.eventBody.mediaType`: the key in the rule's line map. */
  written: string;
  conditions: unknown[];
}

export interface WrittenKey {
  /** The key as written, and its event path prefix (`detail` for a key under detail). */
  key: string;
  parent: string;
  written: string;
}

const join = (a: string, b: string) => (a === '' ? b : `${a}.${b}`);

export function writtenLeaves(pattern: unknown, path = '', written = '', out: WrittenLeaf[] = [], depth = 0): WrittenLeaf[] {
  if (!isPlainObject(pattern) || depth > 100) return out;
  for (const [key, value] of Object.entries(pattern)) {
    if (key === '$or' && Array.isArray(value)) {
      value.forEach((branch, i) => writtenLeaves(branch, path, `${join(written, '$or')}[${i}]`, out, depth + 1));
      continue;
    }
    if (Array.isArray(value)) out.push({ path: join(path, key), written: join(written, key), conditions: value });
    else writtenLeaves(value, join(path, key), join(written, key), out, depth + 1);
  }
  return out;
}

/** Every key of the pattern with the event path of its parent (dotted keys split into their segments). */
export function writtenKeys(pattern: unknown, parent = '', written = '', out: WrittenKey[] = [], depth = 0): WrittenKey[] {
  if (!isPlainObject(pattern) || depth > 100) return out;
  for (const [key, value] of Object.entries(pattern)) {
    if (key === '$or' && Array.isArray(value)) {
      value.forEach((branch, i) => writtenKeys(branch, parent, `${join(written, '$or')}[${i}]`, out, depth + 1));
      continue;
    }
    const segments = key.split('.');
    let p = parent;
    for (const segment of segments) {
      out.push({ key: segment, parent: p, written: join(written, key) });
      p = join(p, segment);
    }
    if (!Array.isArray(value)) writtenKeys(value, p, join(written, key), out, depth + 1);
  }
  return out;
}
