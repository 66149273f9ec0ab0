export type ValueType = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';
export const VALUE_TYPES: readonly ValueType[] = ['string', 'number', 'boolean', 'null', 'object', 'array'];

export interface FieldCoverage {
  /** Dotted path; array elements as `[]`, e.g. `detail.eventBody.propertyChanges[].property`. */
  path: string;
  /** Events of this topic in which the field has a non-null value. */
  present: number;
  /** Events in which the field occurs but only as null. */
  null: number;
  /** Events of this topic without the field. */
  absent: number;
  /** present / events, 0..1. */
  presence: number;
  /** Events in which the field is "", [] or {} (EventBridge treats [] as absent). */
  empty: number;
  /** Events in which the field has a value of each type. */
  types: Partial<Record<ValueType, number>>;
  /** Distinct scalar values: exact while at most `exactLimit`, then a HyperLogLog estimate. */
  distinct: { count: number; exact: boolean };
  /** A few distinct example values (masked when redacted). */
  examples: unknown[];
  /** Enum-like fields only (few short string/boolean values): each value and how often it occurs, most frequent first (masked when redacted). */
  values?: Array<{ value: string | boolean; count: number }>;
}

export interface TopicCoverage {
  /** The event's `detail-type` (a topic template), or `(no detail-type)`. */
  detailType: string;
  events: number;
  fields: FieldCoverage[];
  /** Paths not tracked because the topic had more than `maxPathsPerTopic` distinct paths. */
  droppedPaths: number;
}

export interface CoverageResult {
  events: number;
  /** Records that were not JSON objects (skipped). */
  skipped: number;
  topics: TopicCoverage[];
  options: { exactLimit: number; hllPrecision: number; examples: number; redacted: boolean; maxPathsPerTopic: number };
  /** How distinct counts are computed, for readers of the exports. */
  distinctMethod: string;
}

export interface CoverageOptions {
  /** Distinct values counted exactly up to this many per field; beyond, estimated. Default 1000. */
  exactLimit?: number;
  /** HyperLogLog precision (registers = 2^p). Default 12 (about 1.6 % standard error). */
  hllPrecision?: number;
  /** Example values kept per field. Default 3. */
  examples?: number;
  /** Mask personal data in example values (see redact.ts). Default false. */
  redact?: boolean;
  /** Only events whose detail-type is one of these. */
  topics?: readonly string[];
  /** Bound on distinct paths tracked per topic. Default 2000. */
  maxPathsPerTopic?: number;
}

/**
 * A Vega-Lite v5 specification as plain JSON. Declared here rather than taken
 * from vega-lite, whose own declarations do not compile for consumers with
 * `exactOptionalPropertyTypes`; `renderChart` checks a spec by compiling it.
 */
export interface VegaLiteSpec {
  $schema?: string;
  [property: string]: unknown;
}
