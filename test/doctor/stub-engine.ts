import type { DoctorPatternEngine } from '../../src/doctor/index.js';
import type { PatternFailure } from '../../src/pattern/explain-types.js';

/**
 * A deliberately tiny matcher (exact values and prefix only) so the doctor's pure
 * checks can be tested without the real engine; the end-to-end tests use the real one.
 */
export const stubEngine: DoctorPatternEngine = {
  compile(text) {
    const p = JSON.parse(text) as unknown;
    if (p === null || typeof p !== 'object' || Object.keys(p).length === 0) {
      throw new Error('Event pattern is not valid. Reason: Empty objects are not allowed');
    }
    return p;
  },
  explain(compiled, event) {
    const failures: PatternFailure[] = [];
    const walk = (pattern: Record<string, unknown>, value: unknown, path: string[]) => {
      for (const [key, cond] of Object.entries(pattern)) {
        const v = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
        const p = [...path, key];
        if (Array.isArray(cond)) {
          const ok = cond.some((c) =>
            c !== null && typeof c === 'object' && 'prefix' in c ? typeof v === 'string' && v.startsWith(String((c as { prefix: unknown }).prefix)) : c === v,
          );
          if (!ok) {
            failures.push({
              path: p.join('.'),
              code: v === undefined ? 'missing-field' : 'value-mismatch',
              expected: cond,
              ...(v === undefined ? {} : { actual: [v] }),
              hint: v === undefined ? `The event has no field at ${p.join('.')}.` : `${p.join('.')} is ${JSON.stringify(v)}, not one of ${JSON.stringify(cond)}.`,
            });
          }
        } else walk(cond as Record<string, unknown>, v, p);
      }
    };
    walk(compiled as Record<string, unknown>, event, []);
    return { Result: failures.length === 0, failures };
  },
};
