import { UserError } from '../errors.js';
import type { GenesysClient } from './client.js';
import { discoverEventBridgeIntegrations, fetchOrgId, type EventBridgeIntegration } from './integrations.js';
import type { EnvelopeTarget } from './rebuild.js';

export interface TargetOverrides {
  orgId?: string;
  eventSourceSuffix?: string;
  account?: string;
  region?: string;
  /** Integration id or name when the org has several. */
  integration?: string;
}

/**
 * Where events would be delivered: from the flags when all four are given,
 * otherwise from the org's EventBridge integration (flags still override single fields).
 */
export async function resolveEnvelopeTarget(
  client: GenesysClient,
  overrides: TargetOverrides,
  signal?: AbortSignal,
): Promise<{ target: EnvelopeTarget; integration?: EventBridgeIntegration }> {
  const { orgId, eventSourceSuffix, account, region } = overrides;
  if (orgId && eventSourceSuffix && account && region && !overrides.integration) {
    return { target: { orgId, eventSourceSuffix, account, region } };
  }
  const integrations = await discoverEventBridgeIntegrations(client, { signal });
  let chosen: EventBridgeIntegration | undefined;
  if (overrides.integration) {
    chosen = integrations.find((i) => i.id === overrides.integration || i.name === overrides.integration);
    if (!chosen) {
      throw new UserError(`No Amazon EventBridge integration named or with id '${overrides.integration}'.`, {
        hint: integrations.length > 0 ? `The org has: ${integrations.map((i) => `'${i.name}' (${i.id})`).join(', ')}.` : 'The org has no Amazon EventBridge Source integration.',
      });
    }
  } else {
    const enabled = integrations.filter((i) => i.intendedState === 'ENABLED');
    const pool = enabled.length > 0 ? enabled : integrations;
    if (pool.length > 1) {
      throw new UserError(`The org has ${pool.length} Amazon EventBridge integrations; choose one with --integration.`, {
        hint: `Integrations: ${pool.map((i) => `'${i.name}' (${i.id})`).join(', ')}.`,
      });
    }
    chosen = pool[0];
  }
  if (chosen) {
    return {
      integration: chosen,
      target: {
        orgId: orgId ?? chosen.orgId,
        eventSourceSuffix: eventSourceSuffix ?? chosen.eventSourceSuffix,
        account: account ?? chosen.awsAccountId,
        region: region ?? chosen.awsAccountRegion,
      },
    };
  }
  const missing = [
    eventSourceSuffix ? undefined : '--suffix',
    account ? undefined : '--account',
    region ? undefined : '--aws-region',
  ].filter((x): x is string => x !== undefined);
  if (missing.length > 0) {
    throw new UserError(`The org has no Amazon EventBridge Source integration to take the event source from; give ${missing.join(', ')}.`, {
      hint: 'Example: --suffix my-events --account 123456789012 --aws-region us-east-1 (the values you would enter in the integration).',
    });
  }
  return { target: { orgId: orgId ?? (await fetchOrgId(client, signal)), eventSourceSuffix: eventSourceSuffix!, account: account!, region: region! } };
}
