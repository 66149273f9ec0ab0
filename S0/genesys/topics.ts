import type { TopicCatalogueFile, TopicEntry } from '../envelope/catalogue.js';
import type { GenesysClient } from './client.js';

interface AvailableTopic {
  id: string;
  description?: string;
  transports?: string[];
}

/**
 * Merges `GET /api/v2/notifications/availabletopics` into a catalogue: entries
 * already known keep their facts, new templates are added; `eventBridge` is set
 * from `transports` when Genesys lists `EventBridge` explicitly.
 */
export async function refreshTopicCatalogue(
  client: GenesysClient,
  existing: TopicCatalogueFile,
  options: { signal?: AbortSignal; now?: Date } = {},
): Promise<{ catalogue: TopicCatalogueFile; added: string[] }> {
  const res = await client.get<{ entities?: AvailableTopic[] }>('/api/v2/notifications/availabletopics', {
    query: { expand: 'transports' },
    signal: options.signal,
  });
  const byTemplate = new Map<string, TopicEntry>(existing.topics.map((t) => [t.template, { ...t }]));
  const added: string[] = [];
  for (const topic of res?.entities ?? []) {
    if (typeof topic.id !== 'string' || !topic.id.startsWith('v2.')) continue;
    const viaEventBridge = topic.transports?.includes('EventBridge') ? true : undefined;
    const entry = byTemplate.get(topic.id);
    if (entry) {
      if (viaEventBridge) entry.eventBridge = true;
      if (!entry.description && topic.description) entry.description = topic.description;
      continue;
    }
    added.push(topic.id);
    byTemplate.set(topic.id, { template: topic.id, ...(viaEventBridge ? { eventBridge: true } : {}), ...(topic.description ? { description: topic.description } : {}), source: 'availabletopics' });
  }
  const topics = [...byTemplate.values()].sort((a, b) => a.template.localeCompare(b.template));
  return {
    catalogue: { ...existing, updated: (options.now ?? new Date()).toISOString().slice(0, 10), origin: 'availabletopics', topics },
    added,
  };
}
