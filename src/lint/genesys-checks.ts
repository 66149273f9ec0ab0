/** Traps of rules meant for Genesys Cloud events, found from the pattern alone: the envelope Genesys really sends. */
import { isExact } from '../explain/conditions.js';
import { BODY_FIELDS, DETAIL_KEYS, PARTNER_PREFIX } from '../explain/advice-genesys.js';
import { hasConcreteIds, looksLikeTopic, templateOfTopic } from '../explain/topic-template.js';
import { defaultTopicCatalogue, type TopicCatalogue } from '../envelope/catalogue.js';
import { writtenLeaves, writtenKeys } from './leaves.js';
import { at, type LintRule } from './rule.js';
import { BUS_PROPERTIES } from '../rules/iac/types.js';
import type { LintFinding } from './types.js';

/** Top-level fields of every EventBridge event. */
export const ENVELOPE_KEYS = new Set(['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail']);
const PARTNER_FORM = /^aws\.partner\/genesys\.com(\.test)?\/cloud\/[^/]+\/[^/]+$/;
const PARTNER_STEM = 'aws.partner/genesys.com/cloud/';
/** Upper-case enums of detail events (reference §1). */
const ENUMS: Record<string, readonly string[]> = {
  mediaType: ['VOICE', 'CHAT', 'EMAIL', 'CALLBACK', 'COBROWSE', 'VIDEO', 'SCREENSHARE', 'MESSAGE', 'INTERNALMESSAGE', 'SCREENMONITORING', 'UNKNOWN'],
  direction: ['INBOUND', 'OUTBOUND', 'UNKNOWN'],
};
const NUMBER_TEXT = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/** Is this rule written for Genesys events: its pattern or bus names Genesys, or its detail-type is a `v2.` topic? */
export function meantForGenesys(rule: LintRule): boolean {
  if (rule.eventBusName?.startsWith(PARTNER_PREFIX)) return true;
  const text = JSON.stringify(rule.pattern) ?? '';
  return /genesys/i.test(text) || /"v2\.[a-z]/.test(text);
}

function sourceFindings(rule: LintRule): LintFinding[] {
  const out: LintFinding[] = [];
  for (const leaf of writtenLeaves(rule.pattern).filter((l) => l.path === 'source')) {
    leaf.conditions.forEach((c, i) => {
      const written = `${leaf.written}[${i}]`;
      let bad: string | undefined;
      let fix: unknown = { prefix: PARTNER_PREFIX };
      if (typeof c === 'string' && !PARTNER_FORM.test(c)) {
        bad = JSON.stringify(c);
        if (c.startsWith(PARTNER_STEM)) fix = { prefix: c.endsWith('/') ? c : `${c}/` };
      }
      const prefix = typeof c === 'object' && c !== null ? (c as Record<string, unknown>).prefix : undefined;
      if (typeof prefix === 'string' && !(PARTNER_STEM.startsWith(prefix) || prefix.startsWith(PARTNER_STEM) || prefix.startsWith('aws.partner/genesys.com.test/cloud/') || prefix === PARTNER_PREFIX)) {
        bad = `{"prefix": ${JSON.stringify(prefix)}}`;
      }
      if (bad === undefined) return;
      out.push({
        code: 'genesys-source',
        severity: 'error',
        rule: rule.name,
        path: written,
        ...at(rule, written),
        message: `source ${bad} is not the partner form: Genesys events come from aws.partner/genesys.com/cloud/<orgId>/<eventSourceSuffix>.`,
        fix: { path: 'source', expected: [fix] },
      });
    });
  }
  return out;
}

function detailTypeFindings(rule: LintRule, catalogue: TopicCatalogue): LintFinding[] {
  const out: LintFinding[] = [];
  for (const leaf of writtenLeaves(rule.pattern).filter((l) => l.path === 'detail-type')) {
    leaf.conditions.forEach((c, i) => {
      if (typeof c !== 'string') return;
      const written = `${leaf.written}[${i}]`;
      const where = { rule: rule.name, path: written, ...at(rule, written) };
      if (hasConcreteIds(c)) {
        const template = templateOfTopic(c);
        out.push({ code: 'genesys-concrete-topic', severity: 'error', ...where, message: `detail-type ${JSON.stringify(c)} is a concrete topic with ids; Genesys puts the template there: ${JSON.stringify(template)} (match the ids on detail.topicName).`, fix: { path: 'detail-type', expected: [template] } });
      } else if (!looksLikeTopic(c)) {
        out.push({ code: 'genesys-detail-type', severity: 'error', ...where, message: `detail-type ${JSON.stringify(c)} never arrives: Genesys sets detail-type to the topic template, such as "v2.detail.events.conversation.{id}.customer.start".` });
      } else if (!catalogue.has(c)) {
        const near = catalogue.lookup(c);
        out.push({ code: 'genesys-unknown-topic', severity: 'warning', ...where, message: `detail-type ${JSON.stringify(c)} is no topic template of the catalogue${near ? ` (closest: ${JSON.stringify(near)})` : ''}; check the spelling and {id} slots, or refresh with \`gceb genesys topics --refresh\`.` });
      }
    });
  }
  return out;
}

function fieldFindings(rule: LintRule): LintFinding[] {
  const out: LintFinding[] = [];
  for (const key of writtenKeys(rule.pattern)) {
    const where = { rule: rule.name, path: key.written, ...at(rule, key.written) };
    if (key.parent === '' && !ENVELOPE_KEYS.has(key.key) && !isEnvelopeVariant(key.key)) {
      out.push({ code: 'genesys-unknown-field', severity: 'error', ...where, message: `EventBridge events have no top-level field ${JSON.stringify(key.key)}; Genesys payload fields are under detail.eventBody.` });
    } else if (key.parent === 'detail' && !DETAIL_KEYS.has(key.key) && !isDetailVariant(key.key)) {
      const suggestion = BODY_FIELDS.has(key.key) ? ` Use detail.eventBody.${key.key}.` : '';
      out.push({ code: 'genesys-outside-event-body', severity: 'error', ...where, message: `Genesys never sends detail.${key.key}: under detail there are only topicName, version, eventBody, metadata and timestamp.${suggestion}` });
    }
  }
  return out;
}

function valueFindings(rule: LintRule): LintFinding[] {
  const out: LintFinding[] = [];
  for (const leaf of writtenLeaves(rule.pattern)) {
    if (!leaf.path.startsWith('detail.eventBody.')) continue;
    const field = leaf.path.split('.').pop()!;
    leaf.conditions.forEach((c, i) => {
      const written = `${leaf.written}[${i}]`;
      const where = { rule: rule.name, path: written, ...at(rule, written) };
      const allowed = ENUMS[field];
      if (allowed && typeof c === 'string' && c !== c.toUpperCase() && allowed.includes(c.toUpperCase())) {
        out.push({
          code: 'genesys-lower-case-enum',
          severity: 'error',
          ...where,
          message: `${field} ${JSON.stringify(c)} never matches: detail events carry upper-case enums (${JSON.stringify(c.toUpperCase())}); the lower case is the analytics API's.`,
          fix: { path: leaf.path, expected: leaf.conditions.map((x) => (typeof x === 'string' && allowed.includes(x.toUpperCase()) ? x.toUpperCase() : x)) },
        });
      } else if (typeof c === 'string' && NUMBER_TEXT.test(c) && isExact(c)) {
        out.push({
          code: 'genesys-quoted-number',
          severity: 'warning',
          ...where,
          message: `${JSON.stringify(c)} is a string: if Genesys sends ${leaf.path} as a number it never matches (["${c}"] does not match ${c}); write ${c} or {"numeric": ["=", ${c}]}.`,
          fix: { path: leaf.path, expected: leaf.conditions.map((x) => (typeof x === 'string' && NUMBER_TEXT.test(x) ? Number(x) : x)) },
        });
      }
    });
  }
  return out;
}

const squash = (key: string) => key.toLowerCase().replace(/[-_\s]/g, '');
const ENVELOPE_SQUASHED = new Map([...ENVELOPE_KEYS].map((k) => [squash(k), k]));
const DETAIL_SQUASHED = new Map([...DETAIL_KEYS].map((k) => [squash(k), k]));

/** `detailType`, `DetailType`, `detail_type`...: a spelling of an envelope key that is not the key. */
export function envelopeKeyFor(key: string): string | undefined {
  const real = ENVELOPE_SQUASHED.get(squash(key));
  return real !== undefined && real !== key ? real : undefined;
}
export function detailKeyFor(key: string): string | undefined {
  const real = DETAIL_SQUASHED.get(squash(key));
  return real !== undefined && real !== key ? real : undefined;
}
const isEnvelopeVariant = (key: string) => envelopeKeyFor(key) !== undefined;
const isDetailVariant = (key: string) => detailKeyFor(key) !== undefined;

/** Every Genesys trap of one rule (only for rules meant for Genesys events). */
export function genesysChecks(rule: LintRule, catalogue: TopicCatalogue = defaultTopicCatalogue()): LintFinding[] {
  if (rule.pattern === undefined || rule.dialect || !meantForGenesys(rule)) return [];
  const findings = [...sourceFindings(rule), ...detailTypeFindings(rule, catalogue), ...fieldFindings(rule), ...valueFindings(rule)];
  const busUnknown = rule.unresolved.some((u) => BUS_PROPERTIES.has(u.at));
  // Pattern files say nothing about the bus; templates and AWS do.
  const busKnown = rule.located || rule.eventBusName !== undefined;
  if (busKnown && !busUnknown && (rule.eventBusName === undefined || rule.eventBusName === 'default')) {
    findings.push({ code: 'genesys-default-bus', severity: 'warning', rule: rule.name, ...at(rule), message: `the rule is on the ${rule.eventBusName === undefined ? 'default bus (no event bus named)' : 'default bus'}; Genesys events arrive only on the partner event bus aws.partner/genesys.com/cloud/<orgId>/<suffix>.` });
  }
  return findings;
}
