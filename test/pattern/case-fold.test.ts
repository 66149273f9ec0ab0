import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileRuleSet, matchRuleSet, testEventPattern } from '../../src/pattern/index.js';

const ENVELOPE = { id: '1', account: '1', source: 's', time: 't', region: 'r', 'detail-type': 'd' };
const ASCII_PUNCTUATION = [...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'];

const isSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdfff;
/** Titlecase letters (ǅ, ᾈ …): neither their lower- nor upper-case form is themselves (a decision, tested below). */
const isTitlecase = (ch: string): boolean => ch.toLowerCase() !== ch && ch.toUpperCase() !== ch;

/** One BMP unit that is not a surrogate or a titlecase letter, often ASCII punctuation. */
const unit = fc.oneof(
  fc.constantFrom(...ASCII_PUNCTUATION),
  fc.constantFrom(...'aZß-İıſΣσςﬀǰ'),
  fc.integer({ min: 0, max: 0xffff }).filter((c) => !isSurrogate(c)).map((c) => String.fromCharCode(c)).filter((ch) => !isTitlecase(ch)),
);
const text = fc.string({ unit, maxLength: 12 });

/** Each unit mapped on its own (event-ruler folds one UTF-16 unit at a time). */
const perUnit = (s: string, form: (ch: string) => string): string => [...s].map(form).join('');
const upper = (s: string): string => perUnit(s, (ch) => ch.toUpperCase());
const lower = (s: string): string => perUnit(s, (ch) => ch.toLowerCase());
/** Per unit, lower or upper as `picks` says. */
const mixed = (s: string, picks: boolean[]): string =>
  [...s].map((ch, i) => (picks[i % Math.max(1, picks.length)] ? ch.toUpperCase() : ch.toLowerCase())).join('');

function bothEngines(pattern: object, value: unknown): boolean {
  const single = testEventPattern({ Event: JSON.stringify({ ...ENVELOPE, a: value }), EventPattern: JSON.stringify(pattern) }).Result;
  const set = compileRuleSet([{ name: 'r', pattern }]);
  assert.deepEqual(set.problems, []);
  const inSet = matchRuleSet(set, { ...ENVELOPE, a: value }).length === 1;
  assert.equal(inSet, single, 'the rule set agrees with testEventPattern');
  return single;
}

test('equals-ignore-case of s matches s, its upper- and lower-case forms and any mix (every ASCII punctuation character included)', () => {
  fc.assert(
    fc.property(text, fc.array(fc.boolean(), { minLength: 1, maxLength: 12 }), (s, picks) => {
      const pattern = { a: [{ 'equals-ignore-case': s }] };
      for (const v of [s, upper(s), lower(s), mixed(s, picks)]) assert.ok(bothEngines(pattern, v), JSON.stringify({ s, v }));
      assert.equal(bothEngines(pattern, `${s}\u0000`), false);
    }),
    { numRuns: 300 },
  );
});

test('prefix and suffix equals-ignore-case match the forms of s at the start and at the end', () => {
  fc.assert(
    fc.property(text, text, (s, rest) => {
      for (const v of [s, upper(s), lower(s)]) {
        assert.ok(bothEngines({ a: [{ prefix: { 'equals-ignore-case': s } }] }, v + rest), JSON.stringify({ s, v, rest }));
        assert.ok(bothEngines({ a: [{ suffix: { 'equals-ignore-case': s } }] }, rest + v), JSON.stringify({ s, v, rest }));
      }
    }),
    { numRuns: 200 },
  );
});

test('anything-but equals-ignore-case excludes s and its forms, and keeps other strings and types', () => {
  fc.assert(
    fc.property(text, (s) => {
      for (const pattern of [{ a: [{ 'anything-but': { 'equals-ignore-case': s } }] }, { a: [{ 'anything-but': { 'equals-ignore-case': [s, 'zz'] } }] }]) {
        for (const v of [s, upper(s), lower(s)]) assert.equal(bothEngines(pattern, v), false, JSON.stringify({ s, v }));
        assert.equal(bothEngines(pattern, `${s}\u0000`), true);
        assert.equal(bothEngines(pattern, 5), true);
      }
    }),
    { numRuns: 200 },
  );
});

const anyString = fc.string({ unit: fc.oneof(fc.constantFrom(...ASCII_PUNCTUATION), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 10 });
const anyCondition = fc.oneof(
  anyString,
  anyString.map((s) => ({ 'equals-ignore-case': s })),
  anyString.map((s) => ({ prefix: s })),
  anyString.map((s) => ({ suffix: s })),
  anyString.map((s) => ({ prefix: { 'equals-ignore-case': s } })),
  anyString.map((s) => ({ suffix: { 'equals-ignore-case': s } })),
  anyString.map((s) => ({ wildcard: s })),
  anyString.map((s) => ({ 'anything-but': s })),
  fc.array(anyString, { minLength: 1, maxLength: 3 }).map((l) => ({ 'anything-but': { 'equals-ignore-case': l } })),
  fc.array(anyString, { minLength: 1, maxLength: 3 }).map((l) => ({ 'anything-but': { prefix: l } })),
  fc.array(anyString, { minLength: 1, maxLength: 3 }).map((l) => ({ 'anything-but': { suffix: l } })),
  fc.array(anyString, { minLength: 1, maxLength: 3 }).map((l) => ({ 'anything-but': { wildcard: l } })),
);

test('compileRuleSet never throws on a pattern testEventPattern accepts, and agrees with it (arbitrary Unicode operands)', () => {
  fc.assert(
    fc.property(fc.array(anyCondition, { minLength: 1, maxLength: 3 }), anyString, (conditions, value) => {
      const pattern = { a: conditions };
      let expected: boolean;
      try {
        expected = testEventPattern({ Event: JSON.stringify({ ...ENVELOPE, a: value }), EventPattern: JSON.stringify(pattern) }).Result;
      } catch (error) {
        assert.equal((error as Error).name, 'InvalidEventPatternException', String(error));
        assert.equal(compileRuleSet([{ name: 'r', pattern }]).problems.length, 1);
        return;
      }
      const set = compileRuleSet([{ name: 'r', pattern }, { name: 'other', pattern: { b: ['x'] } }]);
      assert.deepEqual(set.problems, []);
      assert.equal(matchRuleSet(set, { ...ENVELOPE, a: value }).includes('r'), expected);
    }),
    { numRuns: 500 },
  );
});

// Decisions (docs/PATTERNS.md, "Differences from event-ruler"): event-ruler's EqualsIgnoreCaseParser folds each
// UTF-16 unit with Locale.ROOT and keeps only the lower- and upper-case forms; a lone surrogate unit becomes `?`.
for (const [name, pattern, value, expected] of [
  ['uuid with dashes', '3F2A9C1E-0B7D-4E11-9A3C-2B8F6D0E1A77', '3f2a9c1e-0b7d-4e11-9a3c-2b8f6d0e1a77', true],
  ['region', 'US-EAST-1', 'us-east-1', true],
  ['every ASCII punctuation character', ASCII_PUNCTUATION.join(''), ASCII_PUNCTUATION.join(''), true],
  ['ß matches SS', 'straße', 'STRASSE', true],
  ['ß does not match ss', 'straße', 'strasse', false],
  ['titlecase ǅ does not match itself', 'ǅ', 'ǅ', false],
  ['titlecase ǅ matches its lower case', 'ǅ', 'ǆ', true],
  ['titlecase ǅ matches its upper case', 'ǅ', 'Ǆ', true],
  ['Σ folds to σ, not to the final ς', 'ΑΣ', 'ας', false],
  ['Σ folds to σ', 'ΑΣ', 'ασ', true],
  ['an astral character does not match itself', 'a😀', 'a😀', false],
  ['an astral character is two ? (Java encodes a lone surrogate as ?)', 'a😀', 'A??', true],
  ['a lone surrogate is ?', 'x\ud800', 'X?', true],
] as Array<[string, string, string, boolean]>) {
  test(`equals-ignore-case decision: ${name}`, () => {
    assert.equal(bothEngines({ a: [{ 'equals-ignore-case': pattern }] }, value), expected);
    assert.equal(bothEngines({ a: [{ prefix: { 'equals-ignore-case': pattern } }] }, `${value}-tail`), expected);
    assert.equal(bothEngines({ a: [{ suffix: { 'equals-ignore-case': pattern } }] }, `head-${value}`), expected);
    assert.equal(bothEngines({ a: [{ 'anything-but': { 'equals-ignore-case': pattern } }] }, value), !expected);
  });
}
