import { readFileSync } from 'node:fs';
import { parseTopicCatalogue, SHIPPED_TOPICS_FILE, type TopicCatalogueFile, type TopicEntry } from '../envelope/catalogue.js';
import type { GenesysClient } from './client.js';

interface AvailableTopic {
  id: string;
  description?: string;
  transports?: string[];
}

/**
 * Merges `GET /api/v2/notifications/availabletopics` into a catalogue: entries
 * already known keep their facts, new templates are added; `eventBridge` is set
 * from `transports` when Genesys lists `EventBridge` or `All` (every transport).
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
    const viaEventBridge = topic.transports?.some((t) => t === 'EventBridge' || t === 'All') ? true : undefined;
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

/** The shipped or refreshed catalogue is considered old after this many days. */
export const CATALOGUE_MAX_AGE_DAYS = 180;

/**
 * One sentence when the catalogue in use (GCEB_TOPICS_FILE or the shipped file)
 * was last updated more than 180 days ago, else undefined. An unreadable file
 * says nothing here: loading it reports the problem.
 */
export function staleCatalogueNote(env: NodeJS.ProcessEnv, now: Date = new Date()): string | undefined {
  const path = env.GCEB_TOPICS_FILE || SHIPPED_TOPICS_FILE;
  let updated: string | undefined;
  try {
    updated = parseTopicCatalogue(readFileSync(path, 'utf8'), path).updated;
  } catch {
    return undefined;
  }
  const at = updated === undefined ? Number.NaN : Date.parse(updated);
  if (Number.isNaN(at)) return undefined;
  const days = Math.floor((now.getTime() - at) / 86_400_000);
  if (days <= CATALOGUE_MAX_AGE_DAYS) return undefined;
  return `the topic catalogue ${env.GCEB_TOPICS_FILE ? path : '(shipped)'} was last updated ${updated} (${days} days ago); topics Genesys added since get a guessed detail-type. Refresh it with \`gceb genesys topics --refresh --out topics.json\` and set GCEB_TOPICS_FILE.`;
}
