/**
 * equals-ignore-case as event-ruler does it: each pattern character may
 * appear in the event as itself, its lower-case form or its upper-case form
 * (so "straße" matches "STRASSE"). Compiled to an anchored regular expression.
 */
import { escapeRegex } from './literal-regex.js';

function foldedAlternatives(pattern: string): string {
  let out = '';
  for (const ch of pattern) {
    const forms = new Set([ch, ch.toLowerCase(), ch.toUpperCase()]);
    if (forms.size === 1) out += escapeRegex(ch);
    else out += `(?:${[...forms].map(escapeRegex).join('|')})`;
  }
  return out;
}

export type CaseFoldAnchor = 'whole' | 'prefix' | 'suffix';

export function caseFoldRegex(pattern: string, anchor: CaseFoldAnchor): RegExp {
  const body = foldedAlternatives(pattern);
  const source = anchor === 'whole' ? `^${body}$` : anchor === 'prefix' ? `^${body}` : `${body}$`;
  return new RegExp(source, 'su');
}
