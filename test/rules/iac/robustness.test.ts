import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readHclBody } from '../../../src/rules/iac/hcl-blocks.js';
import { HclSyntaxError, HclUnresolved, evaluateHclAt } from '../../../src/rules/iac/hcl-expression.js';
import { PositionedParseError, parsePositioned } from '../../../src/rules/iac/positioned.js';
import { readPatternText } from '../../../src/rules/iac/pattern-value.js';

/** Text made of the characters HCL and YAML care about, so the parsers meet their edge cases. */
const hclish = fc.array(fc.constantFrom('{', '}', '[', ']', '(', ')', '"', '\\', '$', '%', '<<', 'EOF', '\n', ' ', '=', ',', ':', '#', '/*', '*/', 'a', 'var.x', 'jsonencode', '1', '-', '\\U0011ffff', '!Ref', '- ', '&a', '*a'), { maxLength: 60 }).map((parts) => parts.join(''));

describe('IaC readers on any input: no crash, no hang', () => {
  it('the HCL block scanner and evaluator only throw their own errors', () => {
    fc.assert(
      fc.property(hclish, (text) => {
        const body = readHclBody(text);
        const attrs = [...body.attributes, ...body.blocks.flatMap((b) => b.attributes)];
        for (const a of [...attrs, { start: 0 }]) {
          try {
            evaluateHclAt(text, a.start, { reference: (name) => (name === 'var.x' ? { value: 'x' } : { unresolved: name }) });
          } catch (error) {
            assert.ok(error instanceof HclSyntaxError || error instanceof HclUnresolved, String(error));
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('YAML/JSON positions and pattern strings only throw their own errors', () => {
    fc.assert(
      fc.property(hclish, (text) => {
        try {
          parsePositioned(text);
        } catch (error) {
          assert.ok(error instanceof PositionedParseError, String(error));
        }
        readPatternText(text, 1, false);
      }),
      { numRuns: 400 },
    );
  });

  it('nested YAML aliases are bounded', () => {
    const laughs = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`)].join('\n');
    assert.throws(() => parsePositioned(laughs), /more than 1000 alias expansions/);
  });

  it('a \\U escape beyond Unicode is a syntax error, not a crash', () => {
    assert.throws(() => evaluateHclAt('"\\U0011ffff"', 0, { reference: () => ({ unresolved: '' }) }), HclSyntaxError);
  });
});
