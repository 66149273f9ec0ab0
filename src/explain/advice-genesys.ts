import type { Advice, Advisor, BareFailure } from './advice.js';
import { isExact, listOf, show, unique } from './conditions.js';
import { valuesAt } from './event-paths.js';
import { hasConcreteIds, looksLikeTopic, templateFits, templateOfTopic, templateToWildcard } from './topic-template.js';

/** Advice that knows what the Genesys Cloud partner integration really sends. */

export const PARTNER_PREFIX = 'aws.partner/genesys.com';
/** The keys Genesys puts directly under `detail`; payload fields live under `detail.eventBody`. */
export const DETAIL_KEYS = new Set(['topicName', 'version', 'eventBody', 'metadata', 'timestamp']);

function firstString(values: unknown[] | undefined): string | undefined {
  return values?.find((v): v is string => typeof v === 'string');
}

function exactStrings(failure: BareFailure): string[] {
  return failure.expected.filter((c): c is string => typeof c === 'string');
}

/** `detail.eventType`: Genesys has no such field; the kind of event is the `detail-type` template. */
export const eventTypeField: Advisor = (failure, { event }) => {
  if (failure.path !== 'detail.eventType' || failure.code !== 'missing-field') return undefined;
  const detailType = firstString(valuesAt(event, 'detail-type'));
  const example = detailType ? ` (this event: ${show(detailType)})` : '';
  const hint = `Genesys never sends detail.eventType: the kind of event is the topic template in detail-type${example}.`;
  if (!detailType) return { hint };
  const wanted = exactStrings(failure);
  const tail = wanted.find((w) => detailType.toLowerCase().endsWith(`.${w.toLowerCase()}`));
  if (tail !== undefined) {
    const suffix = detailType.slice(detailType.length - tail.length - 1);
    return { hint: `${hint} Match its end with {"suffix": ${show(suffix)}} on detail-type.`, fix: { path: 'detail-type', expected: [{ suffix }] } };
  }
  return { hint: `${hint} Match detail-type instead.`, fix: { path: 'detail-type', expected: [detailType] } };
};

/** `detail.orgId` / `detail.organizationId`: the org id is only in `source`. */
export const orgIdField: Advisor = (failure, { event }) => {
  if (failure.code !== 'missing-field' || !['detail.orgId', 'detail.organizationId'].includes(failure.path)) return undefined;
  const source = firstString(valuesAt(event, 'source'));
  const orgs = exactStrings(failure);
  const hint =
    `Genesys never sends ${failure.path}: the org id is part of source, aws.partner/genesys.com/cloud/<orgId>/<suffix>` +
    (source ? ` (this event: ${show(source)})` : '') +
    '; match it with a prefix on source.';
  if (orgs.length === 0) return { hint };
  return { hint, fix: { path: 'source', expected: orgs.map((org) => ({ prefix: `${PARTNER_PREFIX}/cloud/${org}/` })) } };
};

/** Fields of Genesys event bodies (detail events, audits, presence, transcription). */
export const BODY_FIELDS = new Set([
  'eventTime', 'conversationId', 'participantId', 'sessionId', 'mediaType', 'direction', 'provider', 'ani', 'dnis',
  'addressFrom', 'addressTo', 'divisionId', 'externalContactId', 'externalOrganizationId', 'queueId', 'userId',
  'disconnectType', 'interactingDurationMs', 'routingPriority', 'acdOutcome', 'answeredUserId', 'flowType', 'flowId',
  'flowVersion', 'wrapupCode', 'wrapupNotes', 'attributes', 'organizationId', 'entityType', 'entity', 'action',
  'serviceName', 'propertyChanges', 'transcripts', 'communicationId', 'presenceDefinition', 'routingStatus',
]);

/** `detail.conversationId` and friends: the payload is under `detail.eventBody`. */
export const payloadUnderEventBody: Advisor = (failure) => {
  if (failure.code !== 'missing-field' || !failure.path.startsWith('detail.')) return undefined;
  const rest = failure.path.slice('detail.'.length);
  const first = rest.split('.')[0]!;
  if (DETAIL_KEYS.has(first) || !BODY_FIELDS.has(first)) return undefined;
  const corrected = `detail.eventBody.${rest}`;
  return {
    hint: `Genesys puts the event's payload under detail.eventBody, never directly under detail: use ${corrected}.`,
    fix: { path: corrected, expected: failure.expected },
  };
};

/** `source` written as `genesys.cloud` or with another org / suffix. */
export const partnerSource: Advisor = (failure, { event }) => {
  if (failure.path !== 'source' || failure.code === 'missing-field') return undefined;
  const source = firstString(valuesAt(event, 'source'));
  const wanted = exactStrings(failure);
  if (!source || wanted.length === 0) return undefined;
  const partnerWanted = wanted.filter((w) => w.startsWith(PARTNER_PREFIX));
  if (partnerWanted.length === 0) {
    return {
      hint:
        `Genesys events come from the partner source aws.partner/genesys.com/cloud/<orgId>/<suffix> (this event: ${show(source)}), ` +
        `never ${listOf(wanted)}: use {"prefix": "${PARTNER_PREFIX}"} or the exact source.`,
      fix: { path: 'source', expected: [{ prefix: PARTNER_PREFIX }] },
    };
  }
  const [, , , org, suffix] = source.split('/');
  const differs = partnerWanted
    .map((w) => {
      const [, , , wOrg, wSuffix] = w.split('/');
      if (wOrg !== org) return `org id ${show(wOrg)} (event: ${show(org)})`;
      if (wSuffix !== suffix) return `event source suffix ${show(wSuffix)} (event: ${show(suffix)})`;
      return undefined;
    })
    .filter((d): d is string => d !== undefined);
  if (differs.length === 0) return undefined;
  return {
    hint: `The pattern's partner source differs from this event's in its ${differs[0]}: check the integration's org and eventSourceSuffix, or use the event's exact source.`,
    fix: { path: 'source', expected: [source] },
  };
};

function eventTemplateFor(event: unknown, topic: string): string {
  const detailType = firstString(valuesAt(event, 'detail-type'));
  if (detailType && detailType.includes('{id}') && templateFits(detailType, topic)) return detailType;
  return templateOfTopic(topic);
}

/** A concrete topic (real ids) in `detail-type`, or a made-up name such as `ConversationEvent`. */
export const detailTypeTemplate: Advisor = (failure, { event }) => {
  if (failure.path !== 'detail-type' || failure.code === 'missing-field') return undefined;
  const detailType = firstString(valuesAt(event, 'detail-type'));
  const wanted = exactStrings(failure);
  const concrete = wanted.filter(hasConcreteIds);
  if (concrete.length > 0) {
    const templates = unique(concrete.map((topic) => eventTemplateFor(event, topic)));
    const expected = unique(failure.expected.map((c) => (typeof c === 'string' && hasConcreteIds(c) ? eventTemplateFor(event, c) : c)));
    return {
      hint:
        `detail-type holds the topic template with {id}, not the concrete topic: use ${listOf(templates)}` +
        ` (or match the concrete topic on detail.topicName).`,
      fix: { path: 'detail-type', expected },
    };
  }
  if (!detailType || !looksLikeTopic(detailType)) return undefined;
  const invented = wanted.filter((w) => !looksLikeTopic(w));
  if (invented.length === 0 || invented.length !== failure.expected.filter(isExact).length) return undefined;
  const conversationWide = invented.some((w) => /conversation/i.test(w)) && detailType.startsWith('v2.detail.events.conversation.');
  const expected: unknown[] = conversationWide ? [{ prefix: 'v2.detail.events.conversation.' }] : [detailType];
  return {
    hint:
      `Genesys never sends detail-type ${listOf(invented)}: detail-type is the topic template (this event: ${show(detailType)})` +
      (conversationWide ? '; for every conversation event use {"prefix": "v2.detail.events.conversation."}.' : '.'),
    fix: { path: 'detail-type', expected },
  };
};

/** An `{id}` template used against `detail.topicName`, which holds the real ids. */
export const templateOnTopicName: Advisor = (failure, { event }) => {
  if (failure.path !== 'detail.topicName' || failure.code === 'missing-field') return undefined;
  const templates = exactStrings(failure).filter((w) => w.includes('{id}'));
  if (templates.length === 0) return undefined;
  const topicName = firstString(valuesAt(event, 'detail.topicName'));
  const wildcards = templates.map((t) => ({ wildcard: templateToWildcard(t) }));
  return {
    hint:
      `detail.topicName holds the concrete topic with real ids${topicName ? ` (this event: ${show(topicName)})` : ''}, never {id}: ` +
      `match the template on detail-type, or use ${show(wildcards[0])} on detail.topicName.`,
    fix: { path: 'detail-type', expected: templates },
  };
};

/** "interaction" is Genesys UI wording; events carry the conversation id. */
export const interactionField: Advisor = (failure) => {
  if (failure.code !== 'missing-field' || !/(^|\.)interaction(Id)?(\.|$)/i.test(failure.path)) return undefined;
  return {
    hint: `Genesys events have no ${failure.path}: an interaction is a conversation, and its id is detail.eventBody.conversationId.`,
    fix: { path: 'detail.eventBody.conversationId', expected: failure.expected },
  };
};

export const genesysFieldAdvisors: Advisor[] = [eventTypeField, orgIdField, interactionField];
export const genesysValueAdvisors: Advisor[] = [partnerSource, detailTypeTemplate, templateOnTopicName];

export type { Advice };
