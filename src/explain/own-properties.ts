/**
 * Reading and building JSON objects from own properties only. Event data and
 * patterns are attacker-controlled: after `JSON.parse`, `"__proto__"` is an
 * ordinary own key, and plain indexing or assignment with it would reach
 * `Object.prototype`. Everything here goes through own-property checks and
 * `Object.defineProperty`, never through the prototype chain.
 */

export type Node = Record<string, unknown>;

/** Keys no fix path may step through. */
export const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function isSafeKey(key: string): boolean {
  return !UNSAFE_KEYS.has(key);
}

export function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The own property `key` of `node`, or undefined (never an inherited one). */
export function getOwn(node: Node, key: string): unknown {
  return Object.hasOwn(node, key) ? Object.getOwnPropertyDescriptor(node, key)?.value : undefined;
}

/** Sets an own, enumerable data property, whatever the key (`__proto__` included). */
export function setOwn(node: Node, key: string, value: unknown): void {
  Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A deep copy of JSON data made of fresh arrays and objects holding the own enumerable properties only. */
export function copyOwn(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyOwn);
  if (!isNode(value)) return value;
  const out: Node = {};
  for (const key of Object.keys(value)) setOwn(out, key, copyOwn(getOwn(value, key)));
  return out;
}
