import { UserError } from '../../errors.js';
import { parseFlags } from '../flags.js';
import type { Command } from '../types.js';
import { fetchRebuiltEvents, NdjsonWriteError, splitInterval, type FetchSummary } from '../../genesys/index.js';
import { GENESYS_CONNECTION_USAGE } from './genesys.js';
import { connectForEnvelopes, envelopeCommandFlags, openEnvelopeOutputs, positiveInt, TARGET_USAGE } from './envelope-flags.js';

const usage = `Usage: gceb fetch --interval START/END [flags]

Rebuilds the detail events (v2.detail.events.conversation.{id}.*) that past conversations would have
produced, from POST /api/v2/analytics/conversations/details/query, as EventBridge envelopes (NDJSON).
Genesys has no API that returns past notification events: these are REBUILT, not captured. Which
events are rebuilt is recorded beside them in <out>.provenance.ndjson (one line per event id),
never inside the events. Rebuilt: customer.start/end, flow.start/end, acd.start/end, user.start/end,
acw, voicemail.start/end. Not rebuilt: attributes, contact, wrapup, outbound, flow.outcome.

Flags:
  --interval START/END   ISO-8601 interval (required); longer than 31 days is split
  --media TYPE           Only conversations with this media type (voice, chat, email, message, callback, ...)
  --max N                Stop after N conversations
  --out FILE|-           Output NDJSON (default - = stdout); a file is written atomically
  --provenance FILE      Provenance sidecar (default <out>.provenance.ndjson; none for stdout unless given)
  --async                Use an analytics job (also chosen automatically above 100,000 results)
${TARGET_USAGE}
${GENESYS_CONNECTION_USAGE}

Example:
  gceb fetch --interval 2024-05-01T00:00:00Z/2024-05-02T00:00:00Z --media voice --out may1.ndjson
`;

export const fetchCommand: Command = {
  name: 'fetch',
  summary: 'Rebuild detail events from Genesys Cloud analytics conversation details',
  usage,
  async run(argv, io) {
    const { values } = parseFlags(
      argv,
      {
        ...envelopeCommandFlags,
        interval: { type: 'string' },
        media: { type: 'string' },
        max: { type: 'string' },
        async: { type: 'boolean' },
      },
      'fetch',
    );
    if (!values.interval) throw new UserError('gceb fetch: --interval is required.', { hint: 'Example: --interval 2024-05-01T00:00:00Z/2024-05-02T00:00:00Z' });
    splitInterval(values.interval);
    const max = values.max === undefined ? undefined : positiveInt(values.max, '--max', 'fetch');
    const { client, target } = await connectForEnvelopes(values, io);
    const { toStdout, out, provenance, provenancePath } = openEnvelopeOutputs(values, io, 'atomic');
    const summary: FetchSummary = { conversations: 0, events: 0 };
    const progress = io.stderr.isTTY ? (m: string) => io.stderr.write(`\r\x1b[Kgceb: ${m}`) : undefined;
    try {
      for await (const { event, provenance: p } of fetchRebuiltEvents(client, {
        interval: values.interval,
        media: values.media,
        max,
        async: values.async ? true : 'auto',
        signal: io.signal,
        onProgress: progress,
        target,
        summary,
      })) {
        out.writeLine(event);
        provenance?.writeLine(p);
      }
    } catch (error) {
      if (error instanceof NdjsonWriteError) {
        // keep what was written: the failed file is already cut back; the other one keeps its whole lines too
        const kept = [out, provenance].filter((s) => s !== undefined);
        const where = await Promise.all(kept.map((s) => s.abort({ keepPartial: true }).catch(() => s.keptIn)));
        const lines = kept.map((s, i) => `${where[i] ?? '?'} (${s.lines} lines)`).join(', ');
        throw new UserError(`gceb fetch: stopped at a write error after ${out.lines} events. ${error.message}`, {
          hint: `${toStdout ? '' : `${values.out} was left as it was; `}kept: ${lines}. ${error.hint ?? ''}`.trim(),
          cause: error,
        });
      }
      await out.abort();
      await provenance?.abort();
      if (io.signal?.aborted) {
        io.stderr.write(`\ngceb: interrupted; nothing written${toStdout ? '' : ` to ${values.out}`}.\n`);
        return 130;
      }
      throw error;
    }
    await out.commit();
    await provenance?.commit();
    if (progress) io.stderr.write('\r\x1b[K');
    io.stderr.write(
      `gceb: rebuilt ${summary.events} events from ${summary.conversations} conversations (${values.interval})` +
        `${toStdout ? '' : ` -> ${values.out}`}${provenancePath ? `; provenance -> ${provenancePath}` : ''}\n`,
    );
    return 0;
  },
};
