/** Patterns and coverage as SQL (DuckDB, Trino/Athena dialects) and the engines that run it. */
export { duckdb, trino, dialectOf, sqlString, type Dialect, type DialectName } from './dialect.js';
export { sqlCondition, type SqlCondition } from './conditions.js';
export { translateRules, type PatternQuery, type RuleTranslation, type TranslateRule } from './translate.js';
export { DuckDbEngine, ndjsonSource, parquetSource } from './engines/duckdb.js';
