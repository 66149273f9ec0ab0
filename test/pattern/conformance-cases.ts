/**
 * Conformance table written from shared/reference/eventbridge-patterns.md and
 * aws/event-ruler's documented behaviour. `a` is the JSON text placed at the
 * event's field `a` (undefined = field absent); the envelope fields TestEventPattern
 * requires are added around it. `event` replaces the whole event text.
 */
export type Expect = boolean | { error: string } | { validation: string };

export interface ConformanceCase {
  name: string;
  pattern: string;
  /** JSON text of event field `a`; omitted → field absent. */
  a?: string;
  /** Whole event JSON text (overrides `a`). */
  event?: string;
  expect: Expect;
}

export const ENVELOPE =
  '"id":"e1","account":"123456789012","source":"aws.partner/genesys.com/cloud/org/bus","time":"2024-01-01T00:00:00Z","region":"us-east-1","detail-type":"v2.users.{id}.presence","resources":[]';

export function eventText(c: ConformanceCase): string {
  if (c.event !== undefined) return c.event;
  return c.a === undefined ? `{${ENVELOPE}}` : `{${ENVELOPE},"a":${c.a}}`;
}

const cases: ConformanceCase[] = [];
const add = (name: string, pattern: string | object, a: string | undefined, expect: Expect): void => {
  cases.push({ name, pattern: typeof pattern === 'string' ? pattern : JSON.stringify(pattern), ...(a === undefined ? {} : { a }), expect });
};
const err = (reason: string) => ({ error: reason });

// ---- exact values: type-sensitive, numbers by value ------------------------------------------
const patternValues: Array<[string, unknown]> = [
  ['5', 5], ['"5"', '5'], ['true', true], ['"true"', 'true'], ['null', null], ['"null"', 'null'],
  ['""', ''], ['1', 1], ['0', 0], ['false', false],
];
const eventValues: Array<[string, unknown]> = [
  ['5', 5], ['"5"', '5'], ['true', true], ['"true"', 'true'], ['null', null], ['"null"', 'null'],
  ['""', ''], ['1', 1], ['0', 0], ['false', false], ['1.0', 1], ['5.0', 5], ['-0', 0],
];
for (const [pText, pv] of patternValues) {
  for (const [eText, evv] of eventValues) {
    const same = typeof pv === typeof evv && pv === evv;
    add(`exact [${pText}] vs ${eText}`, `{"a":[${pText}]}`, eText, same);
  }
}
// numbers by value
for (const [p, e, m] of [
  ['300', '300.0', true], ['300', '3e2', true], ['300', '3E2', true], ['300', '300.000', true], ['3e2', '300', true],
  ['300.0', '300', true], ['1.5', '1.50', true], ['-1', '-1.0', true], ['0', '0.0', true], ['0.1', '0.10', true],
  ['300', '301', false], ['300', '"300"', false], ['1e3', '1000', true], ['12000', '"12000"', false], ['1.5', '1.4999', false],
] as Array<[string, string, boolean]>) {
  add(`number [${p}] vs ${e}`, `{"a":[${p}]}`, e, m);
}
// null, empty and missing
add('[null] vs missing', '{"a":[null]}', undefined, false);
add('[null] vs []', '{"a":[null]}', '[]', false);
add('[null] vs [null]', '{"a":[null]}', '[null]', true);
add('[""] vs null', '{"a":[""]}', 'null', false);
add('[""] vs ""', '{"a":[""]}', '""', true);
add('["x"] vs missing', '{"a":["x"]}', undefined, false);
add('["x"] vs []', '{"a":["x"]}', '[]', false);
add('["x"] vs object', '{"a":["x"]}', '{"b":"x"}', false);
add('[null] vs object', '{"a":[null]}', '{}', false);
// strings exact, case-sensitive
for (const [p, e, m] of [
  ['abc', 'abc', true], ['abc', 'ABC', false], ['abc', 'abcd', false], ['abc', ' abc', false], ['ü', 'ü', true],
  ['VOICE', 'voice', false], ['a b', 'a b', true], ['😀', '😀', true], ['a\\"b', 'a\\"b', true], ['x', 'X', false],
] as Array<[string, string, boolean]>) {
  add(`string "${p}" vs "${e}"`, `{"a":["${p}"]}`, `"${e}"`, m);
}
// value lists are ORed, event arrays match if any element matches
add('list OR first', '{"a":["x","y"]}', '"x"', true);
add('list OR second', '{"a":["x","y"]}', '"y"', true);
add('list OR none', '{"a":["x","y"]}', '"z"', false);
add('event array any', '{"a":["x"]}', '["z","x"]', true);
add('event array none', '{"a":["x"]}', '["z","w"]', false);
add('both arrays intersect', '{"a":["x","y"]}', '["y","q"]', true);
add('nested event arrays flattened', '{"a":["x"]}', '[["z"],["x"]]', true);
add('mixed list number', '{"a":["x",5]}', '5', true);
add('mixed list string-number no', '{"a":["x",5]}', '"5"', false);
// IP addresses compare as addresses
add('ip exact equal', '{"a":["10.0.0.1"]}', '"10.0.0.1"', true);
add('ip exact other', '{"a":["10.0.0.1"]}', '"10.0.0.2"', false);
add('ipv6 exact compressed vs full', '{"a":["::1"]}', '"0:0:0:0:0:0:0:1"', true);
add('ipv6 exact case', '{"a":["2001:db8::a"]}', '"2001:DB8::A"', true);
add('ipv6 exact different', '{"a":["2001:db8::a"]}', '"2001:db8::b"', false);

// ---- prefix / suffix ------------------------------------------------------------------------
for (const [p, e, m] of [
  ['aws.', '"aws.ec2"', true], ['aws.', '"AWS.ec2"', false], ['aws.', '"aws."', true], ['aws.', '"aw"', false],
  ['', '"anything"', true], ['', '""', true], ['1', '1', false], ['1', '"12"', true], ['t', 'true', false], ['n', 'null', false],
  ['aws.partner/genesys.com', '"aws.partner/genesys.com/cloud/o/b"', true], ['genesys', '"aws.partner/genesys.com"', false],
  ['x', '["a","xb"]', true], ['x', '["a","b"]', false], ['x', '{"x":1}', false],
] as Array<[string, string, boolean]>) {
  add(`prefix "${p}" vs ${e}`, `{"a":[{"prefix":"${p}"}]}`, e, m);
}
add('prefix vs missing', '{"a":[{"prefix":""}]}', undefined, false);
for (const [p, e, m] of [
  ['.png', '"a.png"', true], ['.png', '"a.PNG"', false], ['.png', '".png"', true], ['.png', '"png"', false],
  ['', '"x"', true], ['5', '5', false], ['5', '"15"', true], ['start', '"customer.start"', true], ['start', '"customer.end"', false],
  ['e', 'true', false],
] as Array<[string, string, boolean]>) {
  add(`suffix "${p}" vs ${e}`, `{"a":[{"suffix":"${p}"}]}`, e, m);
}
add('prefix ignore case upper', '{"a":[{"prefix":{"equals-ignore-case":"EventB"}}]}', '"eventbridge"', true);
add('prefix ignore case mixed', '{"a":[{"prefix":{"equals-ignore-case":"EventB"}}]}', '"EVENTBRIDGE"', true);
add('prefix ignore case no', '{"a":[{"prefix":{"equals-ignore-case":"EventB"}}]}', '"Event"', false);
add('prefix ignore case number', '{"a":[{"prefix":{"equals-ignore-case":"1"}}]}', '12', false);
add('suffix ignore case', '{"a":[{"suffix":{"equals-ignore-case":".png"}}]}', '"A.PnG"', true);
add('suffix ignore case no', '{"a":[{"suffix":{"equals-ignore-case":".png"}}]}', '"a.jpg"', false);

// ---- equals-ignore-case ------------------------------------------------------------------------
for (const [p, e, m] of [
  ['voice', '"VOICE"', true], ['voice', '"Voice"', true], ['voice', '"voice"', true], ['voice', '"voices"', false],
  ['straße', '"STRASSE"', true], ['straße', '"STRAßE"', true], ['straße', '"strasse"', false], ['ÄÖ', '"äö"', true],
  ['5', '5', false], ['true', 'true', false], ['', '""', true], ['', '"a"', false], ['inbound', '["x","INBOUND"]', true],
  ['a', 'null', false],
] as Array<[string, string, boolean]>) {
  add(`equals-ignore-case "${p}" vs ${e}`, `{"a":[{"equals-ignore-case":"${p}"}]}`, e, m);
}

// ---- wildcard ---------------------------------------------------------------------------------
for (const [p, e, m] of [
  ['a*b', '"ab"', true], ['a*b', '"axxb"', true], ['a*b', '"abc"', false], ['*', '""', true], ['*', '"x"', true],
  ['', '""', true], ['', '"a"', false], ['a\\\\*b', '"a*b"', true], ['a\\\\*b', '"axb"', false], ['a\\\\\\\\b', '"a\\\\b"', true],
  ['*.png', '"x.png"', true], ['*.png', '"x.PNG"', false], ['v2.*.presence', '"v2.users.{id}.presence"', true],
  ['v2.*.presence', '"v2.users.x.activity"', false], ['*', '5', false], ['*', 'null', false], ['*', 'true', false],
  ['a*', '["b","ab"]', true], ['*a*', '"bab"', true], ['*a*', '"bbb"', false], ['x*y*z', '"xyz"', true], ['x*y*z', '"xzy"', false],
] as Array<[string, string, boolean]>) {
  add(`wildcard "${p}" vs ${e}`, `{"a":[{"wildcard":"${p}"}]}`, e, m);
}
add('wildcard *a*a*a* allowed', '{"a":[{"wildcard":"*a*a*a*"}]}', '"aaa"', true);

// ---- anything-but -----------------------------------------------------------------------------
for (const [p, e, m] of [
  ['"x"', '"y"', true], ['"x"', '"x"', false], ['"x"', '5', true], ['"x"', 'null', true], ['"x"', 'true', true],
  ['"x"', undefined, false], ['"x"', '{"b":1}', false], ['"x"', '["x","y"]', true], ['"x"', '["x","x"]', false],
  ['"x"', '[]', false], ['5', '5', false], ['5', '5.0', false], ['5', '6', true], ['5', '"5"', true], ['5', 'null', true],
  ['["a","b"]', '"a"', false], ['["a","b"]', '"b"', false], ['["a","b"]', '"c"', true], ['[1,2]', '1', false],
  ['[1,2]', '2.0', false], ['[1,2]', '3', true], ['[1,2]', '"1"', true], ['"x"', '"X"', true], ['["a"]', '["a","b"]', true],
] as Array<[string, string | undefined, boolean]>) {
  add(`anything-but ${p} vs ${e ?? 'missing'}`, `{"a":[{"anything-but":${p}}]}`, e, m);
}
for (const [p, e, m] of [
  ['{"prefix":"init"}', '"initializing"', false], ['{"prefix":"init"}', '"running"', true], ['{"prefix":"init"}', '5', true],
  ['{"prefix":"init"}', 'null', true], ['{"prefix":"init"}', undefined, false], ['{"prefix":["a","b"]}', '"bx"', false],
  ['{"prefix":["a","b"]}', '"cx"', true], ['{"suffix":".png"}', '"a.png"', false], ['{"suffix":".png"}', '"a.jpg"', true],
  ['{"suffix":[".png",".jpg"]}', '"a.jpg"', false], ['{"suffix":".png"}', '7', true],
  ['{"equals-ignore-case":"voice"}', '"VOICE"', false], ['{"equals-ignore-case":"voice"}', '"CHAT"', true],
  ['{"equals-ignore-case":["voice","chat"]}', '"Chat"', false], ['{"equals-ignore-case":["voice","chat"]}', '"email"', true],
  ['{"equals-ignore-case":"voice"}', '5', true], ['{"wildcard":"*.png"}', '"a.png"', false], ['{"wildcard":"*.png"}', '"a.jpg"', true],
  ['{"wildcard":["a*","*z"]}', '"xyz"', false], ['{"wildcard":["a*","*z"]}', '"xyq"', true], ['{"wildcard":"*"}', '"q"', false],
  ['{"wildcard":"*"}', '1', true], ['{"prefix":"a"}', '["ab","cd"]', true], ['{"prefix":"a"}', '["ab","ax"]', false],
] as Array<[string, string | undefined, boolean]>) {
  add(`anything-but ${p} vs ${e ?? 'missing'}`, `{"a":[{"anything-but":${p}}]}`, e, m);
}

// ---- numeric ----------------------------------------------------------------------------------
for (const [p, e, m] of [
  ['[">",0]', '1', true], ['[">",0]', '0', false], ['[">=",0]', '0', true], ['["<",10]', '9.99', true], ['["<",10]', '10', false],
  ['["<=",10]', '10', true], ['["=",5]', '5', true], ['["=",5]', '5.0', true], ['["=",5]', '5.1', false],
  ['[">",0,"<=",5]', '5', true], ['[">",0,"<=",5]', '0', false], ['[">",0,"<",5]', '5', false], ['[">=",0,"<",5]', '0', true],
  ['[">",0]', '"5"', false], ['[">",0]', 'true', false], ['[">",0]', 'null', false], ['[">",0]', undefined, false],
  ['[">",0]', '[-1,3]', true], ['[">",0]', '[-1,-3]', false], ['["<",0]', '-1e3', true], ['[">",1.5]', '1.6', true],
  ['[">",12000]', '12000.5', true], ['["=",3.018e2]', '301.8', true], ['[">",-5]', '-4', true], ['[">",0]', '{"v":1}', false],
  ['["<",1649237444950]', '1649237444949', true], ['[">",1649237444949]', '1649237444949', false],
] as Array<[string, string | undefined, boolean]>) {
  add(`numeric ${p} vs ${e ?? 'missing'}`, `{"a":[{"numeric":${p}}]}`, e, m);
}

// ---- exists -----------------------------------------------------------------------------------
for (const [v, e, m] of [
  [true, '"x"', true], [true, '5', true], [true, 'null', true], [true, 'false', true], [true, '""', true],
  [true, '["x"]', true], [true, '[]', false], [true, '{}', false], [true, '{"b":1}', false], [true, undefined, false],
  [false, undefined, true], [false, '{}', true], [false, '{"b":1}', true], [false, '[]', true], [false, 'null', false],
  [false, '"x"', false], [false, '["x"]', false], [false, '0', false],
] as Array<[boolean, string | undefined, boolean]>) {
  add(`exists ${v} vs ${e ?? 'missing'}`, `{"a":[{"exists":${v}}]}`, e, m);
}
add('exists false ORed with value, value', '{"a":["x",{"exists":false}]}', '"x"', true);
add('exists false ORed with value, missing', '{"a":["x",{"exists":false}]}', undefined, true);
add('exists false ORed with value, other', '{"a":["x",{"exists":false}]}', '"y"', false);
add('exists true nested missing parent', '{"a":{"b":[{"exists":true}]}}', undefined, false);
add('exists false nested missing parent', '{"a":{"b":[{"exists":false}]}}', undefined, true);
add('exists true nested present', '{"a":{"b":[{"exists":true}]}}', '{"b":1}', true);
add('exists false in array element', '{"a":{"c":[{"exists":false}]}}', '[{"b":1},{"c":2}]', false);
// event-ruler's ACFinder: absence counts only fields array-consistent with the fields matched before it (sorted names).
add('exists false after a field, other element', '{"a":{"b":[1],"c":[{"exists":false}]}}', '[{"b":1},{"b":2,"c":3}]', true);
add('exists false after a field, same element', '{"a":{"b":[1],"c":[{"exists":false}]}}', '[{"b":1,"c":3},{"b":2}]', false);
add('exists false before a field, other element', '{"a":{"a":[{"exists":false}],"b":[1]}}', '[{"b":1},{"a":2}]', false);
add('exists false after a field, nested arrays', '{"a":{"b":{"v":[1]},"c":{"w":[{"exists":false}]}}}', '[{"b":[{"v":1},{"v":2}]},{"c":{"w":3}}]', true);
add('exists false after a field, not in an array', '{"a":{"b":[1],"c":[{"exists":false}]}}', '{"b":1,"c":[3,4]}', false);

// ---- cidr -------------------------------------------------------------------------------------
for (const [p, e, m] of [
  ['10.0.0.0/24', '"10.0.0.5"', true], ['10.0.0.0/24', '"10.0.1.5"', false], ['10.0.0.0/24', '"10.0.0.255"', true],
  ['10.0.0.0/8', '"10.200.3.4"', true], ['0.0.0.0/0', '"1.2.3.4"', true], ['10.0.0.0/24', '5', false],
  ['10.0.0.0/24', '"abc"', false], ['10.0.0.0/24', '"::1"', false], ['2001:db8::/32', '"2001:db8:1::5"', true],
  ['2001:db8::/32', '"2001:db9::5"', false], ['2001:db8::/32', '"10.0.0.1"', false], ['10.0.0.7/24', '"10.0.0.1"', true],
  ['10.0.0.0/31', '"10.0.0.1"', true], ['10.0.0.0/31', '"10.0.0.2"', false], ['10.0.0.0/24', '["1.1.1.1","10.0.0.9"]', true],
] as Array<[string, string, boolean]>) {
  add(`cidr ${p} vs ${e}`, `{"a":[{"cidr":"${p}"}]}`, e, m);
}

// ---- structure: nesting, dotted keys, duplicates, arrays of objects --------------------------
add('nested match', '{"a":{"b":["x"]}}', '{"b":"x"}', true);
add('nested miss', '{"a":{"b":["x"]}}', '{"b":"y"}', false);
add('dotted pattern key', '{"a.b":["x"]}', '{"b":"x"}', true);
add('dotted pattern key deep', '{"a.b.c":[1]}', '{"b":{"c":1}}', true);
add('leaf vs object value', '{"a":["x"]}', '{"b":"x"}', false);
add('fields ANDed both', '{"a":{"b":["x"],"c":["y"]}}', '{"b":"x","c":"y"}', true);
add('fields ANDed one', '{"a":{"b":["x"],"c":["y"]}}', '{"b":"x","c":"z"}', false);
add('duplicate keys last wins (match last)', '{"a":["x"],"a":["y"]}', '"y"', true);
add('duplicate keys last wins (first ignored)', '{"a":["x"],"a":["y"]}', '"x"', false);
add('duplicate nested objects merge', '{"a":{"b":["x"]},"a":{"c":["y"]}}', '{"b":"z","c":"y"}', false);
add('duplicate nested objects merge both', '{"a":{"b":["x"]},"a":{"c":["y"]}}', '{"b":"x","c":"y"}', true);
add('dotted and nested same path last wins', '{"a.b":["x"],"a":{"b":["y"]}}', '{"b":"y"}', true);
add('array of objects same element', '{"a":{"b":[1],"c":[2]}}', '[{"b":1,"c":2}]', true);
add('array consistency across elements', '{"a":{"b":[1],"c":[2]}}', '[{"b":1},{"c":2}]', false);
add('array consistency one element fits', '{"a":{"b":[1],"c":[2]}}', '[{"b":1},{"b":1,"c":2}]', true);
add('array consistency mixed', '{"a":{"b":[1],"c":[2]}}', '[{"b":1,"c":3},{"b":4,"c":2}]', false);
add('array consistency nested arrays', '{"a":{"b":{"c":[1],"d":[2]}}}', '[{"b":[{"c":1},{"d":2}]}]', false);
add('array consistency nested same', '{"a":{"b":{"c":[1],"d":[2]}}}', '[{"b":[{"c":1,"d":2}]}]', true);
add('array consistency different arrays ok', '{"a":{"b":{"c":[1]},"d":{"e":[2]}}}', '{"b":[{"c":1}],"d":[{"e":2}]}', true);
add('array consistency with exists false', '{"a":{"b":[1],"c":[{"exists":false}]}}', '[{"b":1},{"d":2}]', true);
add('empty event array is absent', '{"a":{"b":["x"]}}', '[]', false);
cases.push({ name: 'event dotted key', pattern: '{"a":{"b":["x"]}}', event: `{${ENVELOPE},"a.b":"x"}`, expect: true });
cases.push({ name: 'event dotted key mismatch', pattern: '{"a":{"b":["x"]}}', event: `{${ENVELOPE},"a.b":"y"}`, expect: false });
cases.push({ name: 'detail as string is a string', pattern: '{"detail":{"x":["1"]}}', event: `{${ENVELOPE},"detail":"{\\"x\\":\\"1\\"}"}`, expect: false });
cases.push({ name: 'detail as string exists', pattern: '{"detail":[{"exists":true}]}', event: `{${ENVELOPE},"detail":"{}"}`, expect: true });
cases.push({ name: 'detail as string prefix', pattern: '{"detail":[{"prefix":"{"}]}', event: `{${ENVELOPE},"detail":"{}"}`, expect: true });
cases.push({ name: 'envelope source', pattern: '{"source":[{"prefix":"aws.partner/genesys.com"}]}', event: `{${ENVELOPE}}`, expect: true });
cases.push({ name: 'envelope detail-type template', pattern: '{"detail-type":["v2.users.{id}.presence"]}', event: `{${ENVELOPE}}`, expect: true });
cases.push({ name: 'envelope source wrong', pattern: '{"source":["genesys.cloud"]}', event: `{${ENVELOPE}}`, expect: false });
cases.push({ name: 'resources empty array', pattern: '{"resources":[{"exists":false}]}', event: `{${ENVELOPE}}`, expect: true });
cases.push({ name: 'duplicate keys in event last wins', pattern: '{"a":["y"]}', event: `{${ENVELOPE},"a":"x","a":"y"}`, expect: true });

// ---- $or --------------------------------------------------------------------------------------
const OR = '{"$or":[{"a":{"b":["x"]}},{"a":{"c":[{"numeric":[">",5]}]}}]}';
add('$or first branch', OR, '{"b":"x"}', true);
add('$or second branch', OR, '{"c":6}', true);
add('$or none', OR, '{"b":"y","c":1}', false);
add('$or both', OR, '{"b":"x","c":9}', true);
add('$or with sibling AND ok', '{"a":{"k":["1"]},"$or":[{"a":{"b":["x"]}},{"a":{"c":["y"]}}]}', '{"k":"1","c":"y"}', true);
add('$or with sibling AND fails', '{"a":{"k":["1"]},"$or":[{"a":{"b":["x"]}},{"a":{"c":["y"]}}]}', '{"k":"2","c":"y"}', false);
add('$or nested in object', '{"a":{"$or":[{"b":["x"]},{"c":["y"]}]}}', '{"c":"y"}', true);
add('$or nested in object none', '{"a":{"$or":[{"b":["x"]},{"c":["y"]}]}}', '{"c":"z"}', false);
add('$or nested $or', '{"$or":[{"a":{"b":["x"]}},{"$or":[{"a":{"c":["y"]}},{"a":{"d":["z"]}}]}]}', '{"d":"z"}', true);
add('$or nested $or none', '{"$or":[{"a":{"b":["x"]}},{"$or":[{"a":{"c":["y"]}},{"a":{"d":["z"]}}]}]}', '{"d":"q"}', false);
add('$or three branches', '{"$or":[{"a":["1"]},{"a":["2"]},{"a":["3"]}]}', '"3"', true);
add('$or two $ors ANDed', '{"a":{"$or":[{"b":["1"]},{"b":["2"]}]},"$or":[{"c":["x"]},{"d":["y"]}]}', '{"b":"2"}', false);
add('$or branch overrides earlier sibling', '{"a":{"k":["1"]},"$or":[{"a":{"k":["2"]}},{"a":{"c":["y"]}}]}', '{"k":"2"}', true);
add('$or exists false branch', '{"$or":[{"a":[{"exists":false}]},{"a":["x"]}]}', undefined, true);
add('$or array consistency within branch', '{"$or":[{"a":{"b":[1],"c":[2]}},{"a":{"d":[3]}}]}', '[{"b":1},{"c":2}]', false);
add('$or as field name under object ok', '{"a":{"$or":[{"b":[1]},{"c":[1]}]}}', '{"b":1}', true);

// ---- errors: the reference table, then event-ruler's other reasons -------------------------------
const E: Array<[string, string]> = [
  ['[1]', 'Filter is not an object'],
  ['"x"', 'Filter is not an object'],
  ['5', 'Filter is not an object'],
  ['null', 'Filter is not an object'],
  ['', 'Filter is not an object'],
  ['{}', 'Empty objects are not allowed'],
  ['{"a":{}}', 'Empty objects are not allowed'],
  ['{"a":{"b":{}}}', 'Empty objects are not allowed'],
  ['{"a":[]}', 'Empty arrays are not allowed'],
  ['{"a":{"b":[]}}', 'Empty arrays are not allowed'],
  ['{"a":"x"}', '"a" must be an object or an array'],
  ['{"a":5}', '"a" must be an object or an array'],
  ['{"a":null}', '"a" must be an object or an array'],
  ['{"a":true}', '"a" must be an object or an array'],
  ['{"a":{"b":"x"}}', '"b" must be an object or an array'],
  ['{"source": "aws.ec2"}', '"source" must be an object or an array'],
  ['{"a":[["x"]]}', 'Match value must be String, number, true, false, or null'],
  ['{"a":[{}]}', 'Match expression name not found'],
  ['{"a":[{"prefix":"x","suffix":"y"}]}', 'Only one key allowed in match expression'],
  ['{"a":[{"suffix":"x","prefix":"y"}]}', 'Only one key allowed in match expression'],
  ['{"a":[{"exists":true,"prefix":"y"}]}', 'Only one key allowed in match expression'],
  ['{"a":[{"cidr":"10.0.0.0/8","prefix":"y"}]}', 'Only one key allowed in match expression'],
  ['{"a":[{"wildcard":"x","prefix":"y"}]}', 'Only one key allowed in match expression'],
  ['{"a":[{"equals-ignore-case":"x","prefix":"y"}]}', 'Only one key allowed in match expression'],
  ['{"a":[{"regex":"x"}]}', 'Unrecognized match type regex'],
  ['{"a":[{"NUMERIC":[">",1]}]}', 'Unrecognized match type NUMERIC'],
  ['{"a":[{"Prefix":"x"}]}', 'Unrecognized match type Prefix'],
  ['{"a":[{"prefix":5}]}', 'prefix match pattern must be a string'],
  ['{"a":[{"prefix":null}]}', 'prefix match pattern must be a string'],
  ['{"a":[{"prefix":["x"]}]}', 'prefix match pattern must be a string'],
  ['{"a":[{"suffix":5}]}', 'suffix match pattern must be a string'],
  ['{"a":[{"suffix":true}]}', 'suffix match pattern must be a string'],
  ['{"a":[{"wildcard":5}]}', 'wildcard match pattern must be a string'],
  ['{"a":[{"equals-ignore-case":5}]}', 'equals-ignore-case match pattern must be a string'],
  ['{"a":[{"prefix":{"equals-ignore-case":5}}]}', 'equals-ignore-case match pattern must be a string'],
  ['{"a":[{"exists":"true"}]}', 'exists match pattern must be either true or false.'],
  ['{"a":[{"exists":1}]}', 'exists match pattern must be either true or false.'],
  ['{"a":[{"exists":null}]}', 'exists match pattern must be either true or false.'],
  ['{"a":[{"numeric":5}]}', 'Value of numeric must be an array.'],
  ['{"a":[{"numeric":">"}]}', 'Value of numeric must be an array.'],
  ['{"a":[{"numeric":[">","5"]}]}', 'Value of > must be numeric'],
  ['{"a":[{"numeric":[">=","5"]}]}', 'Value of >= must be numeric'],
  ['{"a":[{"numeric":["<",null]}]}', 'Value of < must be numeric'],
  ['{"a":[{"numeric":["<=",true]}]}', 'Value of <= must be numeric'],
  ['{"a":[{"numeric":[">",1,"<","9"]}]}', 'Value of < must be numeric'],
  ['{"a":[{"numeric":["!",5]}]}', 'Unrecognized numeric range operator: !'],
  ['{"a":[{"numeric":["==",5]}]}', 'Unrecognized numeric range operator: =='],
  ['{"a":[{"numeric":[">",10,"<",5]}]}', 'Bottom must be less than top'],
  ['{"a":[{"numeric":[">",5,"<=",5]}]}', 'Bottom must be less than top'],
  ['{"a":[{"numeric":["<",10,">",1]}]}', 'Too many elements in numeric expression'],
  ['{"a":[{"numeric":["=",5,"<",10]}]}', 'Too many elements in numeric expression'],
  ['{"a":[{"numeric":["<=",5,1]}]}', 'Too many elements in numeric expression'],
  ['{"a":[{"numeric":[">",1]," x":1}]}', 'Too many elements in numeric expression'],
  ['{"a":[{"numeric":[]}]}', 'Invalid member in numeric match: ]'],
  ['{"a":[{"numeric":[5]}]}', 'Invalid member in numeric match: 5'],
  ['{"a":[{"numeric":[">",1,5]}]}', 'Bad value in numeric range: 5'],
  ['{"a":[{"numeric":[">",1,">",5]}]}', 'Bad numeric range operator: >'],
  ['{"a":[{"numeric":[">",1,"<",5,6]}]}', 'Too many terms in numeric range expression'],
  ['{"a":[{"anything-but":[5,"x"]}]}', 'Inside anything but list, either all values are number or string, mixed type is not supported'],
  ['{"a":[{"anything-but":["x",5]}]}', 'Inside anything but list, either all values are number or string, mixed type is not supported'],
  ['{"a":[{"anything-but":[]}]}', 'Inside anything but list, either all values are number or string, mixed type is not supported'],
  ['{"a":[{"anything-but":[null]}]}', 'Inside anything but list, start|null|boolean is not supported.'],
  ['{"a":[{"anything-but":[true]}]}', 'Inside anything but list, start|null|boolean is not supported.'],
  ['{"a":[{"anything-but":[["x"]]}]}', 'Inside anything but list, start|null|boolean is not supported.'],
  ['{"a":[{"anything-but":null}]}', 'Value of anything-but must be an array or single string/number value.'],
  ['{"a":[{"anything-but":true}]}', 'Value of anything-but must be an array or single string/number value.'],
  ['{"a":[{"anything-but":{"prefix":{"equals-ignore-case":"a"}}}]}', 'Value of anything-but must be an array or single string/number value.'],
  ['{"a":[{"anything-but":{"prefix":5}}]}', 'prefix/suffix match pattern must be a string'],
  ['{"a":[{"anything-but":{"prefix":""}}]}', 'Null prefix/suffix not allowed'],
  ['{"a":[{"anything-but":{"suffix":""}}]}', 'Null prefix/suffix not allowed'],
  ['{"a":[{"anything-but":{"prefix":["a",""]}}]}', 'Null prefix/suffix not allowed'],
  ['{"a":[{"anything-but":{"equals-ignore-case":5}}]}', 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.'],
  ['{"a":[{"anything-but":{"numeric":[">",1]}}]}', 'Unsupported anything-but pattern: numeric'],
  ['{"a":[{"anything-but":{"exists":true}}]}', 'Unsupported anything-but pattern: exists'],
  ['{"a":[{"anything-but":{}}]}', 'Anything-But expression name not found'],
  ['{"a":[{"anything-but":{"prefix":"a","suffix":"b"}}]}', 'Too many elements in numeric expression'],
  ['{"a":[{"anything-but":"a","prefix":"b"}]}', 'Too many elements in numeric expression'],
  ['{"a":[{"anything-but":{"wildcard":"a**"}}]}', 'Consecutive wildcard characters at pos 2'],
  ['{"a":[{"wildcard":"a**"}]}', 'Consecutive wildcard characters at pos 2'],
  ['{"a":[{"wildcard":"**"}]}', 'Consecutive wildcard characters at pos 1'],
  ['{"a":[{"wildcard":"ab*c**"}]}', 'Consecutive wildcard characters at pos 5'],
  ['{"a":[{"wildcard":"a\\\\b"}]}', 'Invalid escape character at pos 2'],
  ['{"a":[{"wildcard":"\\\\n"}]}', 'Invalid escape character at pos 1'],
  ['{"a":[{"wildcard":"*a*a*a*a*a*a*"}]}', 'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character'],
  ['{"a":[{"wildcard":"*a*a*a*a*a*"}]}', 'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character'],
  ['{"a":[{"cidr":"10.0.0.0"}]}', "Malformed CIDR, one '/' required"],
  ['{"a":[{"cidr":"10.0.0.0/8/8"}]}', "Malformed CIDR, one '/' required"],
  ['{"a":[{"cidr":"10.0.0.0/a"}]}', 'Malformed CIDR, mask bits must be an integer'],
  ['{"a":[{"cidr":"xx.1.1.1/8"}]}', 'Nonstandard IP address: xx.1.1.1'],
  ['{"a":[{"cidr":"256.1.1.1/8"}]}', 'Invalid IP address: 256.1.1.1'],
  ['{"a":[{"cidr":10}]}', 'prefix match pattern must be a string'],
  ['{"a":[{"cidr":"10.0.0.5/32"}]}', 'IPv4 mask bits must be < 32'],
  ['{"a":[{"cidr":"10.0.0.5/33"}]}', 'IPv4 mask bits must be < 32'],
  ['{"a":[{"cidr":"::1/128"}]}', 'IPv6 mask bits must be < 128'],
  ['{"$or":[{"a":["x"]}]}', 'There must have at least 2 Objects in $or relationship.'],
  ['{"$or":[]}', 'There must have at least 2 Objects in $or relationship.'],
  ['{"$or":{"a":["x"]}}', 'It must be an Array followed with $or.'],
  ['{"$or":"x"}', 'It must be an Array followed with $or.'],
  ['{"$or":[{"a":["x"]},"b"]}', 'Only JSON object is allowed in array of $or relationship.'],
  ['{"$or":[{"numeric":[1]},{"a":["x"]}]}', 'numeric is Ruler reserved fieldName which cannot be used inside $or.'],
  ['{"$or":[{"a":["x"]},{"prefix":["y"]}]}', 'prefix is Ruler reserved fieldName which cannot be used inside $or.'],
  ['{"$or":[{"a":["x"]},{"b":{"exists":["y"]}}]}', 'exists is Ruler reserved fieldName which cannot be used inside $or.'],
  ['{"$or":[{"a":["x"]},{}]}', 'Empty objects are not allowed'],
  ['{"a":[{"exactly":5}]}', 'exact match pattern must be a string'],
  ['{"a":[{"exact":"x"}]}', 'Unrecognized match type exact'],
];
for (const [pattern, reason] of E) add(`error: ${pattern} → ${reason}`, pattern, '"x"', err(reason));

// invalid JSON: Jackson's own text
for (const [pattern, reason] of [
  ['{"a":x}', "Unrecognized token 'x': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"],
  ['{a:["x"]}', "Unexpected character ('a' (code 97)): was expecting double-quote to start field name"],
  ['{"a" ["x"]}', "Unexpected character ('[' (code 91)): was expecting a colon to separate field name and value"],
  ['{"a":["x"] "b":["y"]}', 'Unexpected character (\'"\' (code 34)): was expecting comma to separate Object entries'],
  ['{"a":["x" "y"]}', 'Unexpected character (\'"\' (code 34)): was expecting comma to separate Array entries'],
  ['{"a":["x",]}', "Unexpected character (']' (code 93)): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"],
  ['{"a":[01]}', 'Invalid numeric value: Leading zeroes not allowed'],
  ['{"a":["x"}', "Unexpected close marker '}': expected ']'"],
] as Array<[string, string]>) {
  add(`json error: ${pattern}`, pattern, '"x"', err(reason));
}
// invalid events → ValidationException
const V = 'Parameter Event is not valid.';
cases.push({ name: 'event not JSON', pattern: '{"a":["x"]}', event: 'not json', expect: { validation: V } });
cases.push({ name: 'event is array', pattern: '{"a":["x"]}', event: '[]', expect: { validation: V } });
cases.push({ name: 'event is string', pattern: '{"a":["x"]}', event: '"x"', expect: { validation: V } });
for (const field of ['id', 'account', 'source', 'time', 'region', 'detail-type']) {
  const env = JSON.parse(`{${ENVELOPE}}`) as Record<string, unknown>;
  delete env[field];
  cases.push({ name: `event without ${field}`, pattern: '{"a":["x"]}', event: JSON.stringify(env), expect: { validation: V } });
}
const noResources = JSON.parse(`{${ENVELOPE}}`) as Record<string, unknown>;
delete noResources.resources;
cases.push({ name: 'event without resources is fine', pattern: '{"source":[{"prefix":""}]}', event: JSON.stringify(noResources), expect: true });
cases.push({ name: 'event validated before pattern', pattern: '{"a":"x"}', event: '[]', expect: { validation: V } });

export const conformanceCases = cases;
