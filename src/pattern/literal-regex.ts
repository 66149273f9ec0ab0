/**
 * Regular-expression helpers for literal text. An anchored literal regex
 * (`/^text/`) is several times faster in V8 than `String.prototype.startsWith`
 * on the long strings events carry, and compares UTF-16 code units just as
 * `startsWith` does.
 */

/**
 * Escapes the syntax characters, the only escapes valid both with and
 * without the `u`/`v` flags (`\-` is an error under `u`; `-` and `/` need no
 * escape outside a character class).
 */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `value.startsWith(prefix)`, faster. */
export function prefixTester(prefix: string): (value: string) => boolean {
  if (prefix === '') return () => true;
  const re = new RegExp(`^${escapeRegex(prefix)}`);
  return (value) => re.test(value);
}
