import { partnerEventSource } from '../envelope/build.js';
import { GenesysApiError } from './errors.js';
import type { GenesysClient } from './client.js';
import { collect, paginate } from './paging.js';

export const EVENTBRIDGE_INTEGRATION_TYPE = 'amazon-eventbridge-source';

/** One Amazon EventBridge Source integration, with everything needed to predict its events. */
export interface EventBridgeIntegration {
  id: string;
  name: string;
  /** ENABLED | DISABLED | DELETED */
  intendedState: string;
  /** ACTIVE, ACTIVATING, INACTIVE, DEACTIVATING, ERROR (or UNKNOWN when absent). */
  reportedState: string;
  eventSourceSuffix: string;
  awsAccountId: string;
  awsAccountRegion: string;
  /** Topic templates the integration forwards (with `{id}`). */
  eventFilter: string[];
  orgId: string;
  /** `aws.partner/genesys.com/cloud/<org>/<suffix>`: the event source and the partner bus name. */
  eventSource: string;
}

interface IntegrationSummary {
  id: string;
  name?: string;
  integrationType?: { id?: string };
  intendedState?: string;
  reportedState?: { code?: string };
}

interface IntegrationConfig {
  properties?: Record<string, unknown>;
}

export async function fetchOrgId(client: GenesysClient, signal?: AbortSignal): Promise<string> {
  const org = await client.get<{ id?: string }>('/api/v2/organizations/me', { signal });
  if (typeof org?.id !== 'string' || org.id === '') {
    throw new GenesysApiError('GET /api/v2/organizations/me answered without an organisation id.', { url: '/api/v2/organizations/me' },
      'Check GENESYSCLOUD_API_URL/--api-url: the answer did not come from the Genesys Cloud API.');
  }
  return org.id;
}

/** Lists the org's Amazon EventBridge Source integrations with state and configuration. */
export async function discoverEventBridgeIntegrations(
  client: GenesysClient,
  options: { signal?: AbortSignal } = {},
): Promise<EventBridgeIntegration[]> {
  const { signal } = options;
  const orgId = await fetchOrgId(client, signal);
  const all = await collect(paginate<IntegrationSummary>(client, '/api/v2/integrations', { pageSize: 100, signal }));
  const ours = all.filter((i) => i.integrationType?.id === EVENTBRIDGE_INTEGRATION_TYPE);
  const result: EventBridgeIntegration[] = [];
  for (const summary of ours) {
    const id = encodeURIComponent(summary.id);
    const detail = await client.get<IntegrationSummary>(`/api/v2/integrations/${id}`, { signal });
    const config = await client.get<IntegrationConfig>(`/api/v2/integrations/${id}/config/current`, { signal });
    const p = config?.properties ?? {};
    const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
    const eventFilter = Array.isArray(p.eventFilter)
      ? p.eventFilter.map(str)
      : typeof p.eventFilter === 'string' && p.eventFilter !== ''
        ? p.eventFilter.split(',').map((s) => s.trim())
        : [];
    const suffix = str(p.eventSourceSuffix);
    result.push({
      id: summary.id,
      name: detail?.name ?? summary.name ?? '',
      intendedState: detail?.intendedState ?? summary.intendedState ?? 'UNKNOWN',
      reportedState: detail?.reportedState?.code ?? summary.reportedState?.code ?? 'UNKNOWN',
      eventSourceSuffix: suffix,
      awsAccountId: str(p.awsAccountId),
      awsAccountRegion: str(p.awsAccountRegion),
      eventFilter,
      orgId,
      eventSource: partnerEventSource(orgId, suffix),
    });
  }
  return result;
}
