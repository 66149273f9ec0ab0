/**
 * The two SQL dialects pattern SQL is written in: DuckDB and Trino (Amazon
 * Athena engine 3). Everything dialect-specific goes through this interface;
 * the rest of src/sql/ writes SQL both engines share (CASE, LIKE, starts_with,
 * strpos, substr, length, CAST ... AS DOUBLE, lambdas `x -> ...`).
 *
 * Values are JSON texts: a JSON column, or lists of them (DuckDB `JSON[]`,
 * Trino `ARRAY(JSON)`). A value's JSON type is read from its first character,
 * which both engines write minified (`"` string, `{` object, `[` array,
 * `t`/`f` booleans, `n` null, anything else a number).
 */
export type DialectName = 'duckdb' | 'trino';

export interface Dialect {
  name: DialectName;
  /** The first character of a JSON value. */
  firstChar(json: string): string;
  /** The decoded string of a JSON string value. */
  stringOf(json: string): string;
  /** The value of a JSON number as a double. */
  numberOf(json: string): string;
  /** The JSON text of a value compared with a literal such as `true`. */
  textOf(json: string): string;
  /** One child value of a JSON document (NULL when missing). */
  child(json: string, key: string): string;
  /** The elements of a JSON array value, as a list of JSON values. */
  elements(json: string): string;
  list(items: string[]): string;
  emptyList(): string;
  flatten(listOfLists: string): string;
  transform(list: string, variable: string, body: string): string;
  /** True when some element satisfies `body` (false for an empty list). */
  any(list: string, variable: string, body: string): string;
  regexMatches(text: string, regex: string): string;
  /** The query's JSON validity test of the raw text. */
  jsonValid(raw: string): string;
  /** The keys of a JSON object, duplicates kept, decoded. Undefined when the dialect has no such function (guards stay textual). */
  objectKeys?(object: string): string;
  /** The bitwise OR of `body` over a list's elements; NULL for an empty list. */
  bitOr(list: string, variable: string, body: string): string;
  /** An aggregate: how often each value of an integer expression occurs, as JSON text `{"value":count,...}`. */
  histogramJson(expression: string): string;
  /** An aggregate: an estimate of the distinct values (HyperLogLog). */
  approxDistinct(expression: string): string;
  /** An aggregate: the `n` values of `value` with the smallest `order`, as JSON text of an array. */
  firstValuesJson(value: string, order: string, n: number): string;
}

/** JSON that DuckDB's reader accepts and JSON.parse does not: trailing commas, NaN and Infinity (strings can match too). */
export const LENIENT_JSON_REGEX = ',\\s*[\\]}]|(?i:[:\\[,]\\s*[-+]?(?:inf|nan))';

/** A SQL string literal. */
export function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** A SQL double literal (also for the values JSON allows: ±Infinity when a bound is open). */
export function sqlDouble(value: number): string {
  if (value === Infinity) return `CAST('Infinity' AS DOUBLE)`;
  if (value === -Infinity) return `CAST('-Infinity' AS DOUBLE)`;
  const text = Object.is(value, -0) ? '0' : String(value);
  return `CAST(${sqlString(text)} AS DOUBLE)`;
}

/** A JSON pointer for one key (RFC 6901), as DuckDB reads it. */
function jsonPointer(key: string): string {
  return `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

export const duckdb: Dialect = {
  name: 'duckdb',
  firstChar: (j) => `left(CAST(${j} AS VARCHAR), 1)`,
  stringOf: (j) => `json_extract_string(${j}, '$')`,
  numberOf: (j) => `TRY_CAST(${j} AS DOUBLE)`,
  textOf: (j) => `CAST(${j} AS VARCHAR)`,
  child: (j, key) => `json_extract(${j}, ${sqlString(jsonPointer(key))})`,
  elements: (j) => `json_extract(${j}, '$[*]')`, // (a cast to JSON[] would turn JSON null into SQL NULL)
  list: (items) => `[${items.join(', ')}]`,
  emptyList: () => `CAST([] AS JSON[])`,
  flatten: (l) => `flatten(${l})`,
  transform: (l, v, body) => `list_transform(${l}, ${v} -> ${body})`,
  any: (l, v, body) => `coalesce(list_bool_or(list_transform(${l}, ${v} -> ${body})), false)`,
  regexMatches: (t, re) => `regexp_matches(${t}, ${sqlString(re)})`,
  jsonValid: (raw) => `coalesce(json_valid(${raw}), false)`,
  objectKeys: (o) => `json_keys(${o})`,
  bitOr: (l, v, body) => `list_aggregate(list_transform(${l}, ${v} -> ${body}), 'bit_or')`,
  histogramJson: (e) => `CAST(CAST(histogram(${e}) AS JSON) AS VARCHAR)`,
  approxDistinct: (e) => `approx_count_distinct(${e})`,
  firstValuesJson: (v, o, n) => `CAST(to_json(min_by(${v}, ${o}, ${n})) AS VARCHAR)`,
};

/** Trino JSON path for one key: `$["key"]` with `"` and `\` escaped. */
function trinoPath(key: string): string {
  return `$["${key.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"]`;
}

export const trino: Dialect = {
  name: 'trino',
  firstChar: (j) => `substr(json_format(${j}), 1, 1)`,
  stringOf: (j) => `json_extract_scalar(${j}, '$')`,
  numberOf: (j) => `TRY_CAST(${j} AS DOUBLE)`,
  textOf: (j) => `json_format(${j})`,
  child: (j, key) => `json_extract(${j}, ${sqlString(trinoPath(key))})`,
  // JSON null elements come out as SQL NULL from the cast: put them back.
  elements: (j) => `transform(CAST(${j} AS ARRAY(JSON)), z -> coalesce(z, JSON 'null'))`,
  list: (items) => `ARRAY[${items.join(', ')}]`,
  emptyList: () => `CAST(ARRAY[] AS ARRAY(JSON))`,
  flatten: (l) => `flatten(${l})`,
  transform: (l, v, body) => `transform(${l}, ${v} -> ${body})`,
  any: (l, v, body) => `any_match(${l}, ${v} -> ${body})`,
  regexMatches: (t, re) => `regexp_like(${t}, ${sqlString(re)})`,
  jsonValid: (raw) => `(try(json_parse(${raw})) IS NOT NULL)`,
  bitOr: (l, v, body) => `nullif(reduce(${l}, BIGINT '0', (acc, ${v}) -> bitwise_or(acc, ${body}), acc -> acc), 0)`,
  histogramJson: (e) => `json_format(CAST(histogram(${e}) AS JSON))`,
  approxDistinct: (e) => `approx_distinct(${e})`,
  firstValuesJson: (v, o, n) => `json_format(CAST(min_by(${v}, ${o}, ${n}) AS JSON))`,
};

export function dialectOf(name: DialectName): Dialect {
  return name === 'duckdb' ? duckdb : trino;
}
