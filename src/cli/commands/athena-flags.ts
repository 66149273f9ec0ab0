/** The Athena runner from `--engine athena` flags (client built like the other AWS clients: everything from io.env). */
import { AthenaClient } from '@aws-sdk/client-athena';
import { resolveAwsRegion } from '../../aws/client.js';
import { UserError } from '../../errors.js';
import { AthenaRunner, partitionHour } from '../../sql/engines/athena.js';
import type { CliIO } from '../types.js';
import type { EngineValues } from './engine-flags.js';

export const DEFAULT_ATHENA_TABLE = 'gceb_events';

export function athenaClientFrom(env: NodeJS.ProcessEnv, region?: string): AthenaClient {
  const resolvedRegion = resolveAwsRegion({ env, ...(region ? { region } : {}) });
  const endpoint = (env.AWS_ENDPOINT_URL_ATHENA ?? env.AWS_ENDPOINT_URL)?.trim() || undefined;
  const profile = env.AWS_PROFILE || undefined;
  const staticKeys =
    env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) }
      : undefined;
  return new AthenaClient({
    ...(resolvedRegion ? { region: resolvedRegion } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(staticKeys ? { credentials: staticKeys } : profile ? { profile } : {}),
    maxAttempts: 3,
  });
}

export async function athenaRunnerFrom(values: EngineValues & { 'aws-region'?: string; region?: string }, io: CliIO, command: string): Promise<AthenaRunner> {
  if (!values.since || !values.until) {
    throw new UserError(`gceb ${command}: --engine athena needs --since and --until (partition bounds).`, {
      hint: 'An archive holds months of events and Athena bills by data scanned: give the hours to read, e.g. --since 2024-05-01 --until 2024-05-02.',
    });
  }
  const since = partitionHour(values.since, '--since');
  const until = partitionHour(values.until, '--until');
  if (!(since < until)) throw new UserError(`gceb ${command}: --since (${since}) must be before --until (${until}).`);
  const region = values['aws-region'] ?? values.region;
  return new AthenaRunner({
    client: athenaClientFrom(io.env, region),
    database: values['athena-database'] ?? 'default',
    table: values['athena-table'] ?? DEFAULT_ATHENA_TABLE,
    ...(values['athena-catalog'] ? { catalog: values['athena-catalog'] } : {}),
    ...(values.workgroup ? { workgroup: values.workgroup } : {}),
    ...(values['output-location'] ? { outputLocation: values['output-location'] } : {}),
    since,
    until,
    ...(io.env.GCEB_ATHENA_POLL_MS ? { pollMs: Number(io.env.GCEB_ATHENA_POLL_MS) } : {}),
    onQuery: (kind, r) => {
      if (io.stderr.isTTY) io.stderr.write(`athena: ${kind}: query ${r.queryExecutionId}, ${(r.bytesScanned / 1e6).toFixed(1)} MB scanned\n`);
    },
  });
}
