import { UserError } from '../../errors.js';
import { parseFlags } from '../flags.js';
import type { Command } from '../types.js';
import { captureNotifications, NdjsonWriteError, queueTopics, userTopics, type Provenance } from '../../genesys/index.js';
import { GENESYS_CONNECTION_USAGE } from './genesys.js';
import { connectForEnvelopes, envelopeCommandFlags, openEnvelopeOutputs, positiveInt, TARGET_USAGE } from './envelope-flags.js';

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
        ...envelopeCommandFlags,
        topics: { type: 'string', multiple: true },
        queues: { type: 'string', multiple: true },
        users: { type: 'string', multiple: true },
        max: { type: 'string' },
        duration: { type: 'string' },
      },
      'capture',
    );
    const topics = [...list(values.topics), ...queueTopics(list(values.queues)), ...userTopics(list(values.users))];
    if (topics.length === 0) throw new UserError('gceb capture: nothing to capture.', { hint: 'Give --topics, --queues or --users. Run `gceb capture --help`.' });
    const max = values.max === undefined ? undefined : positiveInt(values.max, '--max', 'capture');
    const durationMs = values.duration === undefined ? undefined : parseDuration(values.duration, '--duration', 'capture');

    const { client, target } = await connectForEnvelopes(values, io);
    const { toStdout, out, provenance, provenancePath } = openEnvelopeOutputs(values, io, 'live');
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
    } catch (error) {
      if (!(error instanceof NdjsonWriteError)) throw error;
      const other = error.path === provenancePath ? undefined : provenancePath;
      throw new UserError(
        `gceb capture: stopped at a write error after ${out.lines} events. ${error.message}` +
          `${other ? ` The provenance sidecar ${other} keeps ${provenance?.lines ?? 0} lines.` : ''}`,
        { hint: error.hint, cause: error },
      );
    } finally {
      await out.commit();
      await provenance?.commit();
    }
  },
};
