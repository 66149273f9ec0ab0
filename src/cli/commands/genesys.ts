import { UserError } from '../../errors.js';
import { GENESYS_REGION_FLAG, parseFlags } from '../flags.js';
import type { CliIO, Command } from '../types.js';
import {
  createGenesysClient,
  discoverEventBridgeIntegrations,
  genesysConfigFromEnv,
  GENESYS_REGIONS,
  refreshTopicCatalogue,
  staleCatalogueNote,
  type GenesysClient,
} from '../../genesys/index.js';
import { defaultTopicCatalogue, parseTopicCatalogue, SHIPPED_TOPICS_FILE, setDefaultTopicCatalogue, TopicCatalogue } from '../../envelope/catalogue.js';
import { writeFileAtomic } from '../../report/atomic.js';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

/** Connection flags shared by `genesys`, `capture` and `fetch`. */
export const genesysConnectionFlags = {
  ...GENESYS_REGION_FLAG,
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  'api-url': { type: 'string' },
  'login-url': { type: 'string' },
} as const;

export const GENESYS_CONNECTION_USAGE = `Connection (environment variables preferred):
  --genesys-region R     GENESYSCLOUD_REGION, e.g. eu-west-1 or mypurecloud.ie
  --client-id ID         GENESYSCLOUD_OAUTHCLIENT_ID (OAuth client, Client Credentials grant)
  --client-secret S      GENESYSCLOUD_OAUTHCLIENT_SECRET (discouraged on the command line: it lands in shell history)
  --api-url URL          GENESYSCLOUD_API_URL override (proxy, tests)
  --login-url URL        GENESYSCLOUD_LOGIN_URL override`;

type ConnectionValues = { 'genesys-region'?: string; 'client-id'?: string; 'client-secret'?: string; 'api-url'?: string; 'login-url'?: string };

/** A client from flags + environment; retries are reported on stderr when it is a terminal. */
export function clientFromFlags(values: ConnectionValues, io: CliIO): GenesysClient {
  const config = genesysConfigFromEnv(io.env, {
    region: values['genesys-region'],
    clientId: values['client-id'],
    clientSecret: values['client-secret'],
    apiUrl: values['api-url'],
    loginUrl: values['login-url'],
  });
  return createGenesysClient(config, {
    onRetry: io.stderr.isTTY ? (message) => io.stderr.write(`gceb: ${message}\n`) : undefined,
    onWaiting: io.stderr.isTTY ? undefined : (message) => io.stderr.write(`gceb: ${message}\n`),
  });
}

const usage = `Usage: gceb genesys <subcommand> [flags]

Subcommands:
  integration            Show the org's Amazon EventBridge integrations: state, event source (= partner bus), topics
  topics                 List the topic catalogue used to turn topics into detail-types
  topics --refresh       Update the catalogue from GET /api/v2/notifications/availabletopics (written atomically)
  regions                List Genesys Cloud regions and their domains

Flags:
  --format text|json     Output format (default text)
  --out FILE             With topics --refresh: where to write the catalogue (default: GCEB_TOPICS_FILE or the shipped file)
${GENESYS_CONNECTION_USAGE}

Examples:
  GENESYSCLOUD_REGION=eu-west-1 gceb genesys integration
  gceb genesys integration --format json > integration.json
  gceb genesys topics --refresh --out ./topics.json && export GCEB_TOPICS_FILE=./topics.json
`;

export const genesysCommand: Command = {
  name: 'genesys',
  summary: 'Genesys Cloud: show the EventBridge integration, topics, regions',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseFlags(
      argv,
      { ...genesysConnectionFlags, format: { type: 'string', default: 'text' }, refresh: { type: 'boolean' }, out: { type: 'string' } },
      'genesys',
    );
    const format = values.format;
    if (format !== 'text' && format !== 'json') throw new UserError(`gceb genesys: --format must be text or json, not '${format}'.`);
    const sub = positionals[0];
    if (sub === 'regions') {
      if (format === 'json') io.stdout.write(`${JSON.stringify(GENESYS_REGIONS, null, 2)}\n`);
      else for (const r of GENESYS_REGIONS) io.stdout.write(`${r.name.padEnd(15)} ${r.domain}${r.note ? `  (${r.note})` : ''}\n`);
      return 0;
    }
    if (sub === 'integration' || sub === 'integrations') {
      const client = clientFromFlags(values, io);
      const found = await discoverEventBridgeIntegrations(client, { signal: io.signal });
      if (format === 'json') {
        io.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
      } else if (found.length === 0) {
        io.stdout.write('No Amazon EventBridge Source integration in this org.\nAdd one in Admin > Integrations (type "Amazon EventBridge Source").\n');
      } else {
        for (const i of found) {
          const healthy = i.intendedState === 'ENABLED' && i.reportedState === 'ACTIVE';
          io.stdout.write(
            [
              `${i.name} (${i.id})`,
              `  state:          ${i.intendedState} / ${i.reportedState}${healthy ? '' : '   <- not delivering events unless ENABLED / ACTIVE'}`,
              `  event source:   ${i.eventSource}`,
              `  partner bus:    ${i.eventSource}   (rules must live on this bus, not on default)`,
              `  AWS account:    ${i.awsAccountId}  region ${i.awsAccountRegion}`,
              `  topics (${i.eventFilter.length}):${i.eventFilter.map((t) => `\n    ${t}`).join('')}`,
              '',
            ].join('\n'),
          );
        }
      }
      return 0;
    }
    if (sub === 'topics') {
      if (values.refresh) {
        const client = clientFromFlags(values, io);
        const out = resolve(io.cwd, values.out ?? (io.env.GCEB_TOPICS_FILE || SHIPPED_TOPICS_FILE));
        let existingText: string;
        try {
          existingText = await readFile(out, 'utf8');
        } catch {
          existingText = await readFile(SHIPPED_TOPICS_FILE, 'utf8');
        }
        let existing;
        try {
          existing = parseTopicCatalogue(existingText, out);
        } catch (error) {
          throw new UserError(`Cannot read the topic catalogue: ${(error as Error).message}`, { hint: 'Use --out to write a fresh file elsewhere.' });
        }
        const { catalogue, added } = await refreshTopicCatalogue(client, existing, { signal: io.signal });
        await writeFileAtomic(out, `${JSON.stringify(catalogue, null, 1)}\n`);
        setDefaultTopicCatalogue(new TopicCatalogue(catalogue.topics));
        io.stderr.write(`gceb: wrote ${catalogue.topics.length} topics (${added.length} new) to ${out}\n`);
        if (format === 'json') io.stdout.write(`${JSON.stringify({ file: out, topics: catalogue.topics.length, added }, null, 2)}\n`);
        else for (const t of added) io.stdout.write(`+ ${t}\n`);
        return 0;
      }
      const catalogue = defaultTopicCatalogue();
      const stale = staleCatalogueNote(io.env);
      if (stale) io.stderr.write(`gceb: note: ${stale}\n`);
      if (format === 'json') io.stdout.write(`${JSON.stringify(catalogue.entries, null, 2)}\n`);
      else for (const t of catalogue.entries) io.stdout.write(`${t.template}${t.eventBridge ? '   [EventBridge]' : ''}\n`);
      return 0;
    }
    throw new UserError(sub ? `gceb genesys: unknown subcommand '${sub}'.` : 'gceb genesys: which subcommand?', {
      hint: 'Subcommands: integration, topics, regions. Run `gceb genesys --help`.',
    });
  },
};
