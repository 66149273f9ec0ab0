import { resolve } from 'node:path';
import { UserError } from '../../errors.js';
import { parseFlags } from '../flags.js';
import type { Command } from '../types.js';
import {
  captureNotifications,
  openNdjsonFile,
  queueTopics,
  resolveEnvelopeTarget,
  streamNdjson,
  userTopics,
  type NdjsonSink,
  type Provenance,
  type TargetOverrides,
} from '../../genesys/index.js';
import { clientFromFlags, genesysConnectionFlags, GENESYS_CONNECTION_USAGE } from './genesys.js';

/** Flags that say where the envelope claims the events were delivered (shared with `fetch`). */
export const targetFlags = {
  'org-id': { type: 'string' },
  suffix: { type: 'string' },
  account: { type: 'string' },
  'aws-region': { type: 'string' },
  integration: { type: 'string' },
} as const;

export const TARGET_USAGE = `Envelope (default: from the org's Amazon EventBridge integration):
  --integration ID|NAME  Which integration, when the org has several
  --org-id ID            Genesys org id in source (default: GET /api/v2/organizations/me)
  --suffix NAME          Event source suffix
  --account ID           AWS account id
  --aws-region REGION    AWS region of the partner event bus`;

export function targetOverrides(values: { 'org-id'?: string; suffix?: string; account?: string; 'aws-region'?: string; integration?: string }): TargetOverrides {
  return { orgId: values['org-id'], eventSourceSuffix: values.suffix, account: values.account, region: values['aws-region'], integration: values.integration };
}

export function positiveInt(text: string, flag: string, command: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new UserError(`gceb ${command}: ${flag} must be a positive whole number, not '${text}'.`);
  return n;
}

/** `90`, `90s`, `10m`, `1.5h`, `500ms` → milliseconds (a bare number is seconds). */
export function parseDuration(text: string, flag: string, command: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new UserError(`gceb ${command}: ${flag} '${text}' is not a duration.`, { hint: 'Examples: 30s, 10m, 2h.' });
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Math.round(Number(m[1]) * unit);
}

const list = (values: string[] | undefined) => (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);

const usage = `Usage: gceb capture (--topics T... | --queues ID... | --users ID...) [flags]

Subscribes to Genesys Cloud notification topics over a WebSocket and writes each event, as it arrives,
as the EventBridge envelope the partner integration would deliver (one NDJSON line each).
Stops after --max events, after --duration, or on Ctrl-C; a line is always written whole.

Topics:
  --topics T[,T...]      Concrete topics, e.g. v2.users.<userId>.presence (repeatable)
  --queues ID[,ID...]    Queues: v2.routing.queues.<id>.conversations
  --users ID[,ID...]     Users: v2.users.<id>.presence, .routingStatus, .activity, .conversations

Flags:
  --out FILE|-           Output NDJSON (default - = stdout)
  --provenance FILE      Sidecar with {id, origin: "captured", templateSource} per event
                         (default <out>.provenance.ndjson; none for stdout unless given)
  --max N                Stop after N events
  --duration D           Stop after D (30s, 10m, 2h)
${TARGET_USAGE}
${GENESYS_CONNECTION_USAGE}

Notes: WebSocket topics need concrete ids ({id} is for EventBridge only); 1,000 topics per channel.
Genesys does not replay events sent while the socket was down; gceb reconnects quickly and drops
duplicates (same CorrelationId and topic) seen around reconnects and channel renewals.

Example:
  gceb capture --users 5e0d1c2b-... --duration 10m --out presence.ndjson
`;

export const captureCommand: Command = {
  name: 'capture',
  summary: 'Capture live Genesys Cloud events as EventBridge envelopes (NDJSON)',
  usage,
  async run(argv, io) {
    const { values } = parseFlags(
      argv,
      {
        ...genesysConnectionFlags,
        ...targetFlags,
        topics: { type: 'string', multiple: true },
        queues: { type: 'string', multiple: true },
        users: { type: 'string', multiple: true },
        out: { type: 'string', default: '-' },
        provenance: { type: 'string' },
        max: { type: 'string' },
        duration: { type: 'string' },
      },
      'capture',
    );
    const topics = [...list(values.topics), ...queueTopics(list(values.queues)), ...userTopics(list(values.users))];
    if (topics.length === 0) throw new UserError('gceb capture: nothing to capture.', { hint: 'Give --topics, --queues or --users. Run `gceb capture --help`.' });
    const max = values.max === undefined ? undefined : positiveInt(values.max, '--max', 'capture');
    const durationMs = values.duration === undefined ? undefined : parseDuration(values.duration, '--duration', 'capture');

    const client = clientFromFlags(values, io);
    const { target } = await resolveEnvelopeTarget(client, targetOverrides(values), io.signal);
    const toStdout = values.out === '-';
    const out: NdjsonSink = toStdout ? streamNdjson(io.stdout) : openNdjsonFile(resolve(io.cwd, values.out), 'live');
    const provenancePath = values.provenance ?? (toStdout ? undefined : `${values.out}.provenance.ndjson`);
    const provenance = provenancePath ? openNdjsonFile(resolve(io.cwd, provenancePath), 'live') : undefined;
    const status = io.stderr.isTTY ? (m: string) => io.stderr.write(`gceb: ${m}\n`) : undefined;
    status?.(`capturing ${topics.length} topics${durationMs ? ` for ${values.duration}` : ''}${max ? ` (max ${max} events)` : ''}; Ctrl-C to stop`);
    try {
      const summary = await captureNotifications(client, {
        topics,
        target,
        max,
        durationMs,
        signal: io.signal,
        onStatus: status,
        onEvent: ({ event, templateSource }) => {
          out.writeLine(event);
          const record: Provenance = { id: event.id, origin: 'captured', templateSource };
          provenance?.writeLine(record);
        },
      });
      io.stderr.write(
        `gceb: captured ${summary.events} events (stopped by ${summary.stoppedBy}); ${summary.duplicates} duplicates dropped, ` +
          `${summary.reconnects} reconnects, ${summary.renewals} channel renewals${summary.guessed ? `, ${summary.guessed} with a guessed detail-type (topic not in the catalogue)` : ''}` +
          `${toStdout ? '' : ` -> ${values.out}`}\n`,
      );
      return 0;
    } finally {
      await out.commit();
      await provenance?.commit();
    }
  },
};
