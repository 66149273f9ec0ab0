import { GENESYS_PARTNER_PREFIX, withEventBridge } from '../aws/discovery.js';
import { resolveAwsRegion } from '../aws/client.js';
import { UserError } from '../errors.js';
import { collectEvents } from '../events/collect.js';
import { createGenesysClient } from '../genesys/client.js';
import { genesysConfigFromEnv, type GenesysConfigFlags } from '../genesys/config.js';
import { discoverEventBridgeIntegrations, type EventBridgeIntegration } from '../genesys/integrations.js';
import { SAMPLE_EVENTS_FILE } from '../sample/paths.js';
import { gatherEvidence } from './gather-evidence.js';
import { doctorWindow } from './window.js';
import type { DoctorEvidence, DoctorAwsFacts, DoctorFacts, DoctorRule, DoctorEventFacts, DoctorGenesysFacts, DoctorUnavailable } from './types.js';

export interface DoctorOptions {
  env: NodeJS.ProcessEnv;
  cwd?: string;
  signal?: AbortSignal;
  /** AWS region; else AWS_REGION / AWS_DEFAULT_REGION, else the integrations' region, else the profile's. */
  awsRegion?: string;
  awsProfile?: string;
  genesys?: GenesysConfigFlags;
  /** Events to test the rules against: `sample` (default), files, folders, `-`. */
  events?: string | string[];
  /** Buses besides the partner buses and `default` to inspect for misplaced Genesys rules. */
  extraBuses?: string[];
  skipGenesys?: boolean;
  skipAws?: boolean;
  skipEvents?: boolean;
  /** Skip AWS's own records (metrics, bus logs, target policies). */
  skipEvidence?: boolean;
  /** The evidence window: a duration back from now (`24h`, default) or an ISO start. */
  since?: string;
  /** "Now" for the window (tests). */
  now?: Date;
  /** The CloudWatch Logs group holding the partner buses' logs (default /aws/vendedlogs/events/event-bus/<bus>). */
  busLogGroup?: string;
  /** Reports each step on the way (for a progress line on stderr). */
  onStep?: (step: string) => void;
}

const AWS_CREDENTIALS_FIX =
  'Set AWS_PROFILE (then `aws sso login` if it uses SSO) or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, and AWS_REGION (or --aws-region).';

function unavailable(error: unknown): { message: string; fix: string } {
  if (error instanceof UserError) return { message: error.message, fix: error.hint ?? '' };
  return { message: error instanceof Error ? error.message : String(error), fix: 'Run with GCEB_DEBUG=1 for details.' };
}

async function gatherGenesys(options: DoctorOptions): Promise<DoctorGenesysFacts | DoctorUnavailable> {
  if (options.skipGenesys) return { status: 'skipped', reason: 'turned off with --no-genesys.', fix: '' };
  let config;
  try {
    config = genesysConfigFromEnv(options.env, options.genesys ?? {});
  } catch (error) {
    const u = unavailable(error);
    return { status: 'skipped', reason: `no Genesys Cloud credentials (${u.message})`, fix: u.fix };
  }
  try {
    options.onStep?.('Genesys Cloud: reading the EventBridge integrations');
    const client = createGenesysClient(config);
    const integrations = await discoverEventBridgeIntegrations(client, { signal: options.signal });
    return { status: 'ok', integrations };
  } catch (error) {
    if (options.signal?.aborted) throw new UserError('Interrupted.', { exitCode: 130 });
    return { status: 'failed', ...unavailable(error) };
  }
}

function chooseAwsRegion(options: DoctorOptions, integrations: EventBridgeIntegration[]): string | undefined {
  const explicit = resolveAwsRegion({ env: options.env, region: options.awsRegion });
  if (explicit) return explicit;
  const regions = [...new Set(integrations.map((i) => i.awsAccountRegion).filter(Boolean))];
  return regions.length === 1 ? regions[0] : undefined;
}

async function gatherAws(options: DoctorOptions, integrations: EventBridgeIntegration[]): Promise<DoctorAwsFacts | DoctorUnavailable> {
  if (options.skipAws) return { status: 'skipped', reason: 'turned off with --no-aws.', fix: '' };
  const region = chooseAwsRegion(options, integrations);
  try {
    return await withEventBridge({ env: options.env, region, profile: options.awsProfile }, async (eb) => {
      options.onStep?.('EventBridge: partner event sources');
      const sources = await eb.listEventSources(GENESYS_PARTNER_PREFIX, options.signal);
      options.onStep?.('EventBridge: partner event buses');
      const buses = await eb.listEventBuses(GENESYS_PARTNER_PREFIX, options.signal);
      const busesInspected = [...new Set([...buses.map((b) => b.name), 'default', ...(options.extraBuses ?? [])])];
      const rules: DoctorRule[] = [];
      for (const bus of busesInspected) {
        options.onStep?.(`EventBridge: rules on ${bus}`);
        for (const rule of await eb.listRules(bus, { signal: options.signal })) {
          const onPartnerBus = bus.startsWith(`${GENESYS_PARTNER_PREFIX}/`);
          const targets = onPartnerBus ? await eb.listTargets(rule.name, bus, options.signal) : undefined;
          rules.push({ ...rule, ...(targets ? { targets } : {}) });
        }
      }
      return { status: 'ok' as const, region: eb.region ?? region, sources, buses, rules, busesInspected };
    });
  } catch (error) {
    if (options.signal?.aborted) throw new UserError('Interrupted.', { exitCode: 130 });
    const u = unavailable(error);
    if (/^No AWS credentials found/.test(u.message)) return { status: 'skipped', reason: 'no AWS credentials.', fix: AWS_CREDENTIALS_FIX };
    if (/^No AWS region set/.test(u.message)) return { status: 'skipped', reason: 'no AWS region.', fix: u.fix };
    return { status: 'failed', ...u };
  }
}

async function gatherEvents(options: DoctorOptions): Promise<DoctorEventFacts | DoctorUnavailable> {
  if (options.skipEvents) return { status: 'skipped', reason: 'turned off with --no-events.', fix: '' };
  const input = options.events ?? 'sample';
  const label = Array.isArray(input) ? input.join(', ') : input;
  try {
    options.onStep?.(`Reading events from ${label}`);
    const { records, problems } = await collectEvents(input, { cwd: options.cwd, signal: options.signal });
    const isSample = (Array.isArray(input) ? input : [input]).every((i) => i === 'sample' || i === SAMPLE_EVENTS_FILE);
    return { status: 'ok', input: label, events: records.map((r) => r.event), problems, rebrand: isSample };
  } catch (error) {
    if (options.signal?.aborted) throw new UserError('Interrupted.', { exitCode: 130 });
    return { status: 'failed', ...unavailable(error) };
  }
}

async function gatherAwsEvidence(options: DoctorOptions, aws: DoctorAwsFacts | DoctorUnavailable): Promise<DoctorEvidence | DoctorUnavailable> {
  if (aws.status !== 'ok') return { status: 'skipped', reason: 'EventBridge could not be read.', fix: '' };
  try {
    return await gatherEvidence(aws, {
      access: { env: options.env, region: aws.region, profile: options.awsProfile },
      window: doctorWindow(options.since, options.now),
      busLogGroup: options.busLogGroup,
      signal: options.signal,
      onStep: options.onStep,
    });
  } catch (error) {
    if (options.signal?.aborted) throw new UserError('Interrupted.', { exitCode: 130 });
    return { status: 'failed', ...unavailable(error) };
  }
}

/** The I/O half of the doctor: asks Genesys Cloud, EventBridge, CloudWatch and the event files; never throws for their failures. */
export async function gatherDoctorFacts(options: DoctorOptions): Promise<DoctorFacts> {
  const genesys = await gatherGenesys(options);
  const integrations = genesys.status === 'ok' ? genesys.integrations : [];
  const [aws, events] = await Promise.all([gatherAws(options, integrations), gatherEvents(options)]);
  const evidence = options.skipAws || options.skipEvidence ? undefined : await gatherAwsEvidence(options, aws);
  return { genesys, aws, events, ...(evidence ? { evidence } : {}) };
}
