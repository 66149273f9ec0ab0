import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonHtml, type PathMark } from '../../src/report/json-html.js';

const text = (html: string): string =>
  html.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

test('jsonHtml: its text is JSON.stringify(value, null, 2) exactly, and only its own spans are markup', () => {
  const values: unknown[] = [
    null, 1.5, -0, 'a"b\\c\n', true, [], {}, [[]], { a: {} },
    JSON.parse('{"__proto__":{"x":[1,"</script><img onerror=alert(1)>",null]},"k&\'<>":[{"n":1e21},false],"e":""}'),
    { undefinedDropped: undefined, keep: [undefined, 2] },
  ];
  for (const value of values) {
    const html = jsonHtml(value);
    assert.equal(text(html), JSON.stringify(value, null, 2), JSON.stringify(value));
    assert.deepEqual([...new Set(html.match(/<\/?[a-z]+/g) ?? [])].sort(), html.includes('<span') ? ['</span', '<span'] : []);
  }
});

test('jsonHtml marks keys at the given dot paths, arrays flattened', () => {
  const html = jsonHtml({ detail: { items: [{ id: 1 }], other: 2 } }, new Map<string, PathMark>([['detail.items.id', 'ok'], ['detail.other', 'bad']]));
  assert.match(html, /<span class="j-k j-ok">&quot;id&quot;<\/span>/);
  assert.match(html, /<span class="j-k j-bad">&quot;other&quot;<\/span>/);
  assert.match(html, /<span class="j-k">&quot;detail&quot;<\/span>/);
});
