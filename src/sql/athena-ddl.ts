/**
 * `CREATE EXTERNAL TABLE` for an S3 archive of EventBridge events delivered
 * by Amazon Data Firehose: one row per line (newline-delimited records), the
 * whole event as JSON text in column `raw`, partitioned by `datehour` with
 * partition projection over Firehose's default `yyyy/MM/dd/HH/` prefixes
 * (the layout in Athena's "Amazon Data Firehose example"). Gzip objects are
 * read by their `.gz` extension.
 */
import { UserError } from '../errors.js';

export interface AthenaDdlOptions {
  /** `s3://bucket/prefix/` where Firehose writes its `yyyy/MM/dd/HH/` folders. */
  s3: string;
  database?: string;
  table?: string;
  /** First hour of the projection range, `yyyy/MM/dd/HH`. Default 2020/01/01/00. */
  since?: string;
}

function identifier(name: string, what: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new UserError(`${what} must be letters, digits and _ (Athena), not ${JSON.stringify(name)}.`);
  return `\`${name.toLowerCase()}\``;
}

export function athenaDdl(options: AthenaDdlOptions): string {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(\/.*)?$/.exec(options.s3.trim());
  if (!m) throw new UserError(`--s3 must be an S3 URI such as s3://bucket/prefix/, not ${JSON.stringify(options.s3)}.`);
  const location = `s3://${m[1]}${(m[2] ?? '/').replace(/\/*$/, '/')}`;
  if (/['\\$]/.test(location)) throw new UserError('--s3 must not contain quotes, backslashes or $.');
  const start = options.since ?? '2020/01/01/00';
  const table = `${identifier(options.database ?? 'default', 'The database')}.${identifier(options.table ?? 'gceb_events', 'The table')}`;
  return `CREATE EXTERNAL TABLE IF NOT EXISTS ${table} (
  \`raw\` string COMMENT 'one EventBridge event as JSON text'
)
PARTITIONED BY (\`datehour\` string)
ROW FORMAT DELIMITED
  FIELDS TERMINATED BY '\\001'
  LINES TERMINATED BY '\\n'
STORED AS TEXTFILE
LOCATION '${location}'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.datehour.type' = 'date',
  'projection.datehour.format' = 'yyyy/MM/dd/HH',
  'projection.datehour.range' = '${start},NOW',
  'projection.datehour.interval' = '1',
  'projection.datehour.interval.unit' = 'HOURS',
  'storage.location.template' = '${location}\${datehour}/'
);
`;
}
