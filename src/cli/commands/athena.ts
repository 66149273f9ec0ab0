import { UserError } from '../../errors.js';
import { athenaDdl } from '../../sql/athena-ddl.js';
import { partitionHour } from '../../sql/engines/athena.js';
import { parseFlags } from '../flags.js';
import type { Command } from '../types.js';

const USAGE = `Usage: gceb athena ddl --s3 s3://bucket/prefix/ [--database D] [--table T] [--since DATE]

Prints the CREATE EXTERNAL TABLE statement for an S3 archive of the events
Amazon Data Firehose delivered (EventBridge rule → Firehose → S3): one column
raw with each event's JSON text, partitioned by datehour with partition
projection over Firehose's yyyy/MM/dd/HH/ prefixes, so no crawler or
MSCK REPAIR is needed. Run it once in Athena, then:
  gceb test --engine athena --athena-table T --since 2024-05-01 --until 2024-05-02

Firehose must write one event per line: set its record delimiter (processor
"AppendDelimiterToRecord", or a Lambda that adds "\\n"); concatenated {...}{...}
objects are not rows.

Flags:
  --s3 URI        where Firehose writes (required), e.g. s3://my-archive/genesys/
  --database D    database (default: default)
  --table T       table (default: gceb_events)
  --since DATE    first hour the projection covers (default 2020-01-01)
  -h, --help      this help
`;

export const athenaCommand: Command = {
  name: 'athena',
  summary: 'Amazon Athena helpers: the table DDL for a Firehose archive of events',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, { s3: { type: 'string' }, database: { type: 'string' }, table: { type: 'string' }, since: { type: 'string' } }, 'athena');
    if (positionals[0] !== 'ddl' || positionals.length > 1) {
      throw new UserError(`gceb athena: unknown subcommand ${JSON.stringify(positionals.join(' ') || '')}.`, { hint: 'Run `gceb athena ddl --s3 s3://bucket/prefix/`.' });
    }
    if (!values.s3) throw new UserError('gceb athena ddl: --s3 is required.', { hint: 'e.g. gceb athena ddl --s3 s3://my-archive/genesys/' });
    io.stdout.write(
      athenaDdl({
        s3: values.s3,
        ...(values.database ? { database: values.database } : {}),
        ...(values.table ? { table: values.table } : {}),
        ...(values.since ? { since: partitionHour(values.since, '--since') } : {}),
      }),
    );
    return 0;
  },
};
