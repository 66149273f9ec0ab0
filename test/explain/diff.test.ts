import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { structuralDiff, ABSENT } from '../../src/explain/diff.js';
import { patternLeaves } from '../../src/explain/pattern-leaves.js';
import { customerStart } from './fixtures.js';

const event = customerStart();
const pattern = {
  source: [{ prefix: 'aws.partner/genesys.com' }],
  'detail-type': ['v2.detail.events.conversation.{id}.customer.start'],
  detail: { eventBody: { mediaType: ['voice'] }, conversationId: [{ exists: true }] },
};
const failures = [
  { path: 'detail.eventBody.mediaType', code: 'case-mismatch' as const, expected: ['voice'], actual: ['CHAT'], hint: 'h' },
  { path: 'detail.conversationId', code: 'missing-field' as const, expected: [{ exists: true }], hint: 'h' },
];

describe('structuralDiff', () => {
  it('restricts both sides to the pattern paths; matching paths are unchanged', () => {
    const diff = structuralDiff(pattern, event, failures);
    assert.deepEqual(Object.keys(diff.expected), ['source', 'detail-type', 'detail.eventBody.mediaType', 'detail.conversationId']);
    assert.deepEqual(diff.actual['detail.eventBody.mediaType'], ['CHAT']);
    assert.equal(diff.actual['detail.conversationId'], ABSENT);
    assert.deepEqual(diff.actual.source, diff.expected.source);
  });

  it('text marks the pattern side with - and the event side with +, no colour codes', () => {
    const { text, coloredText } = structuralDiff(pattern, event, failures);
    assert.match(text, /^-\s+"voice"$/m);
    assert.match(text, /^\+\s+"CHAT"$/m);
    assert.match(text, /^\+\s+detail\.conversationId: "‹absent›"$/m);
    assert.match(text, /^ \s+prefix: "aws\.partner\/genesys\.com"$/m);
    assert.doesNotMatch(text, /\u001b\[/);
    assert.match(coloredText, /\u001b\[/);
  });

  it('html is escaped and classed', () => {
    const hostile = { detail: { eventBody: { mediaType: ['<script>alert(1)</script>'] } } };
    const { html } = structuralDiff(hostile, event, [
      { path: 'detail.eventBody.mediaType', code: 'value-mismatch', expected: ['<script>alert(1)</script>'], actual: ['CHAT'], hint: 'h' },
    ]);
    assert.doesNotMatch(html, /<script>/);
    assert.match(html, /&lt;script&gt;/);
    assert.match(html, /class="diff-removed"/);
    assert.match(html, /class="diff-added"/);
  });

  it('a pattern with no failures renders as the pattern itself', () => {
    const { text, html } = structuralDiff({ source: [{ prefix: 'aws' }] }, event, []);
    assert.match(text, /prefix/);
    assert.match(html, /diff-same/);
  });

  it('$or branches contribute their leaves', () => {
    const leaves = patternLeaves({ a: { $or: [{ b: [1] }, { c: [2] }] }, 'd.e': ['x'] });
    assert.deepEqual(leaves, [
      { path: 'a.b', conditions: [1] },
      { path: 'a.c', conditions: [2] },
      { path: 'd.e', conditions: ['x'] },
    ]);
  });
});
