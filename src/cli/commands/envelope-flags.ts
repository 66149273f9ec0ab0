import { resolve } from 'node:path';
import { UserError } from '../../errors.js';
import type { CliIO } from '../types.js';
import {
  openNdjsonFile,
  resolveEnvelopeTarget,
  staleCatalogueNote,
  streamNdjson,
  type EnvelopeTarget,
  type GenesysClient,
  type NdjsonSink,
  type TargetOverrides,
} from '../../genesys/index.js';
import { clientFromFlags, genesysConnectionFlags } from './genesys.js';

/** Flags that say where the envelope claims the events were delivered. */
export const targetFlags = {
  'org-id': { type: 'string' },
  suffix: { type: 'string' },
  account: { type: 'string' },
  'aws-region': { type: 'string' },
  integration: { type: 'string' },
} as const;

/** The flags of a command that writes envelopes from Genesys Cloud (`capture`, `fetch`): connection, target, output. */
export const envelopeCommandFlags = {
  ...genesysConnectionFlags,
  ...targetFlags,
  out: { type: 'string', default: '-' },
  provenance: { type: 'string' },
} as const;

export const TARGET_USAGE = `Envelope (default: from the org's Amazon EventBridge integration):
  --integration ID|NAME  Which integration, when the org has several
  --org-id ID            Genesys org id in source (default: GET /api/v2/organizations/me)
  --suffix NAME          Event source suffix
  --account ID           AWS account id
  --aws-region REGION    AWS region of the partner event bus`;

type TargetValues = { 'org-id'?: string; suffix?: string; account?: string; 'aws-region'?: string; integration?: string };

export function targetOverrides(values: TargetValues): TargetOverrides {
  return { orgId: values['org-id'], eventSourceSuffix: values.suffix, account: values.account, region: values['aws-region'], integration: values.integration };
}

/** The Genesys client from the connection flags, and the envelope target from the target flags (or the org's integration). */
export async function connectForEnvelopes(
  values: Parameters<typeof clientFromFlags>[0] & TargetValues,
  io: CliIO,
): Promise<{ client: GenesysClient; target: EnvelopeTarget }> {
  const client = clientFromFlags(values, io);
  const { target } = await resolveEnvelopeTarget(client, targetOverrides(values), io.signal);
  const stale = staleCatalogueNote(io.env);
  if (stale) io.stderr.write(`gceb: note: ${stale}\n`);
  return { client, target };
}

export interface EnvelopeOutputs {
  toStdout: boolean;
  out: NdjsonSink;
  /** The provenance sidecar: `--provenance`, else `<out>.provenance.ndjson` for a file, none for stdout. */
  provenance?: NdjsonSink;
  provenancePath?: string;
}

/** Opens `--out` (`-` = stdout) and its provenance sidecar, relative to the working directory. */
export function openEnvelopeOutputs(values: { out: string; provenance?: string }, io: CliIO, mode: 'live' | 'atomic'): EnvelopeOutputs {
  const toStdout = values.out === '-';
  const out = toStdout ? streamNdjson(io.stdout) : openNdjsonFile(resolve(io.cwd, values.out), mode);
  const provenancePath = values.provenance ?? (toStdout ? undefined : `${values.out}.provenance.ndjson`);
  const provenance = provenancePath ? openNdjsonFile(resolve(io.cwd, provenancePath), mode) : undefined;
  return { toStdout, out, provenance, provenancePath };
}

export function positiveInt(text: string, flag: string, command: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new UserError(`gceb ${command}: ${flag} must be a positive whole number, not '${text}'.`);
  return n;
}
