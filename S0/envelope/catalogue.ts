import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One topic template of the catalogue (`v2.users.{id}.presence`). */
export interface TopicEntry {
  template: string;
  /** True when the Amazon EventBridge integration carries this topic. */
  eventBridge?: boolean;
  description?: string;
  /** Where the entry came from: `reference`, `sdk`, `availabletopics`. */
  source?: string;
}

export interface TopicCatalogueFile {
  description?: string;
  updated?: string;
  origin?: string;
  topics: TopicEntry[];
}

export interface TopicTemplateResult {
  template: string;
  /** `catalogue` when a catalogue template fits segment by segment; `guessed` when ids were replaced heuristically. */
  templateSource: 'catalogue' | 'guessed';
}

/** The shipped catalogue file. `GCEB_TOPICS_FILE` (or `loadTopicCatalogue`) points at a refreshed one. */
export const SHIPPED_TOPICS_FILE = fileURLToPath(new URL('./topics.json', import.meta.url));

const ID = '{id}';

/** Topic templates indexed by segment count, so a lookup compares only templates of the right length. */
export class TopicCatalogue {
  private readonly bySegments = new Map<number, string[][]>();
  readonly entries: TopicEntry[];

  constructor(entries: TopicEntry[]) {
    this.entries = entries;
    for (const entry of entries) {
      const segments = entry.template.split('.');
      const list = this.bySegments.get(segments.length) ?? [];
      list.push(segments);
      this.bySegments.set(segments.length, list);
    }
  }

  /**
   * The template a concrete topic belongs to: each `{id}` segment matches any
   * one segment, literal segments must be equal. When several fit, the one
   * with most literal segments wins (`v2.users.{id}.conversations` over a
   * hypothetical `v2.users.{id}.{id}`).
   */
  lookup(topicName: string): string | undefined {
    if (topicName.includes(ID) && this.has(topicName)) return topicName;
    const segments = topicName.split('.');
    let best: string[] | undefined;
    let bestLiterals = -1;
    for (const candidate of this.bySegments.get(segments.length) ?? []) {
      let literals = 0;
      let fits = true;
      for (let i = 0; i < segments.length; i++) {
        if (candidate[i] === ID) continue;
        if (candidate[i] !== segments[i]) {
          fits = false;
          break;
        }
        literals += 1;
      }
      if (fits && literals > bestLiterals) {
        best = candidate;
        bestLiterals = literals;
      }
    }
    return best?.join('.');
  }

  has(template: string): boolean {
    return this.entries.some((e) => e.template === template);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(-[a-z0-9]+)?$/i;
const LONG_ID = /^(?=.*\d)[0-9a-f]{16,}$|^\d{6,}$/i;

/** Fallback for topics missing from the catalogue: UUID-like and long numeric/hex segments become `{id}`. */
export function guessTopicTemplate(topicName: string): string {
  return topicName
    .split('.')
    .map((s) => (UUID.test(s) || LONG_ID.test(s) ? ID : s))
    .join('.');
}

export function parseTopicCatalogue(text: string, where: string): TopicCatalogueFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${where}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const topics = (parsed as { topics?: unknown })?.topics;
  if (!Array.isArray(topics) || !topics.every((t) => t && typeof (t as TopicEntry).template === 'string')) {
    throw new Error(`${where}: expected {"topics": [{"template": "v2.users.{id}.presence"}, ...]}`);
  }
  return parsed as TopicCatalogueFile;
}

export function loadTopicCatalogue(path: string = SHIPPED_TOPICS_FILE): TopicCatalogue {
  return new TopicCatalogue(parseTopicCatalogue(readFileSync(path, 'utf8'), path).topics);
}

let defaultCatalogue: TopicCatalogue | undefined;

/** The catalogue in use: `GCEB_TOPICS_FILE` when set at first use, otherwise the shipped one. */
export function defaultTopicCatalogue(): TopicCatalogue {
  defaultCatalogue ??= loadTopicCatalogue(process.env.GCEB_TOPICS_FILE || SHIPPED_TOPICS_FILE);
  return defaultCatalogue;
}

/** Replaces the catalogue used by `topicTemplate` (for a refreshed catalogue, or tests). */
export function setDefaultTopicCatalogue(catalogue: TopicCatalogue | undefined): void {
  defaultCatalogue = catalogue;
}

/** Concrete topic → template with `{id}` (detail-type), and whether the catalogue knew it. */
export function resolveTopicTemplate(topicName: string, catalogue: TopicCatalogue = defaultTopicCatalogue()): TopicTemplateResult {
  const known = catalogue.lookup(topicName);
  return known ? { template: known, templateSource: 'catalogue' } : { template: guessTopicTemplate(topicName), templateSource: 'guessed' };
}

/** Concrete topic → its template (`v2.users.<uuid>.presence` → `v2.users.{id}.presence`). */
export function topicTemplate(topicName: string, catalogue?: TopicCatalogue): string {
  return resolveTopicTemplate(topicName, catalogue).template;
}
