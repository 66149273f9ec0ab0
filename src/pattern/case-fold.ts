/**
 * equals-ignore-case as event-ruler does it (EqualsIgnoreCaseParser): each
 * UTF-16 unit of the pattern may appear in the event as its lower-case or
 * its upper-case form (Locale.ROOT, one unit at a time), so "straße" matches
 * "STRASSE" but not "strasse", and a titlecase letter (ǅ) matches only ǆ or Ǆ.
 * A surrogate unit on its own is what Java's UTF-8 encoder makes of it: `?`.
 *
 * Matched by direct comparison, never through a regular expression built
 * from the pattern: time linear in the value's length.
 */

export type CaseFoldAnchor = 'whole' | 'prefix' | 'suffix';

/** Per pattern unit, the distinct forms it may take in the event. */
export function caseFoldForms(pattern: string): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < pattern.length; i++) {
    const code = pattern.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdfff) {
      out.push(['?']);
      continue;
    }
    const ch = pattern[i]!;
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    out.push(lower === upper ? [lower] : [lower, upper]);
  }
  return out;
}

/** A tester for the value: does it equal / start with / end with the pattern, case-insensitively? */
export function caseFoldTester(pattern: string, anchor: CaseFoldAnchor): (value: string) => boolean {
  const forms = caseFoldForms(pattern);
  const n = forms.length;
  if (forms.every((f) => f.every((s) => s.length === 1))) {
    // Every form is one unit: a fixed-length comparison of two candidate codes per position.
    const a = Uint16Array.from(forms, (f) => f[0]!.charCodeAt(0));
    const b = Uint16Array.from(forms, (f) => f[f.length - 1]!.charCodeAt(0));
    const at = (value: string, start: number): boolean => {
      for (let i = 0; i < n; i++) {
        const c = value.charCodeAt(start + i);
        if (c !== a[i] && c !== b[i]) return false;
      }
      return true;
    };
    if (anchor === 'whole') return (value) => value.length === n && at(value, 0);
    if (anchor === 'prefix') return (value) => value.length >= n && at(value, 0);
    return (value) => value.length >= n && at(value, value.length - n);
  }
  return anchor === 'suffix' ? (value) => suffixMatches(forms, value) : (value) => prefixEnds(forms, value, anchor === 'whole');
}

/**
 * Runs the forms forward from offset 0 keeping every reachable offset (a few
 * at most: forms of one unit differ in length by a handful of units).
 */
function prefixEnds(forms: string[][], value: string, whole: boolean): boolean {
  let offsets = [0];
  for (const alternatives of forms) {
    const next: number[] = [];
    for (const offset of offsets) {
      for (const form of alternatives) {
        const end = offset + form.length;
        if (end <= value.length && value.startsWith(form, offset) && !next.includes(end)) next.push(end);
      }
    }
    if (next.length === 0) return false;
    offsets = next;
  }
  return whole ? offsets.includes(value.length) : true;
}

function suffixMatches(forms: string[][], value: string): boolean {
  let offsets = [value.length];
  for (let i = forms.length - 1; i >= 0; i--) {
    const next: number[] = [];
    for (const offset of offsets) {
      for (const form of forms[i]!) {
        const start = offset - form.length;
        if (start >= 0 && value.startsWith(form, start) && !next.includes(start)) next.push(start);
      }
    }
    if (next.length === 0) return false;
    offsets = next;
  }
  return true;
}
