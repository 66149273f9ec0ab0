/**
 * Genesys topics: the concrete topic (`detail.topicName`, real ids) versus the
 * template (`detail-type`, `{id}` in every id slot). Templates come from the
 * envelope's topic catalogue; only topics it does not know are guessed.
 */
import { topicTemplate } from '../envelope/catalogue.js';

/** Does this look like a Genesys topic at all (`v2.` and dot-separated)? */
export function looksLikeTopic(text: string): boolean {
  return /^v2\.[A-Za-z0-9{}._-]+$/.test(text);
}

/** Does `topic` carry concrete ids where a template has `{id}`? */
export function hasConcreteIds(topic: string): boolean {
  return looksLikeTopic(topic) && !topic.includes('{id}') && templateOfTopic(topic) !== topic;
}

/** The template of a concrete topic: the catalogue's template when one fits, otherwise ids guessed as `{id}`. */
export function templateOfTopic(topic: string): string {
  return topicTemplate(topic);
}

/** Does the concrete `topic` fit `template` (same literal segments, anything non-empty in each `{id}`)? */
export function templateFits(template: string, topic: string): boolean {
  const t = template.split('.');
  const c = topic.split('.');
  if (t.length !== c.length) return false;
  return t.every((segment, i) => (segment === '{id}' ? c[i] !== '' : segment === c[i]));
}

/** The `{id}` template as an EventBridge wildcard for `detail.topicName`. */
export function templateToWildcard(template: string): string {
  return template.replace(/\\/g, '\\\\').replace(/\*/g, '\\*').replace(/\{id\}/g, '*');
}
