import { createHash } from 'node:crypto';
import type { GenesysEventBridgeEvent } from '../envelope/build.js';
import { toEventBridgeEvent } from '../envelope/notification.js';
import type { AnalyticsConversation, AnalyticsParticipant, AnalyticsSegment, AnalyticsSession } from './analytics.js';

export interface EnvelopeTarget {
  orgId: string;
  eventSourceSuffix: string;
  account: string;
  region: string;
}

/** Why an event exists: recorded beside it (sidecar file), never inside it. */
export interface Provenance {
  /** The EventBridge event id this record describes. */
  id: string;
  origin: 'rebuilt' | 'captured';
  templateSource: 'catalogue' | 'guessed';
  /** For rebuilt events: what in the analytics conversation it was rebuilt from. */
  from?: string;
  conversationId?: string;
  participantId?: string;
  sessionId?: string;
}

export interface RebuiltEvent {
  event: GenesysEventBridgeEvent;
  provenance: Provenance;
}

const upper = (v: string | undefined) => (v === undefined ? undefined : v.toUpperCase());
const ms = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));

/** A stable UUID-shaped id from parts, so rebuilding the same conversation twice yields the same event ids. */
function stableUuid(...parts: string[]): string {
  const h = createHash('sha1').update(parts.join('|')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function definedOnly(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

interface Draft {
  suffix: string;
  at: string;
  body: Record<string, unknown>;
  participant: AnalyticsParticipant;
  session: AnalyticsSession;
  from: string;
}

/**
 * Rebuilds the `v2.detail.events.conversation.{id}.*` events a conversation
 * would have produced, from its analytics details:
 * customer/external participant session → customer.start/end; ivr/flow session → flow.start/end;
 * acd segments → acd.start/end; agent/user session → user.start/end, its wrapup segment → acw;
 * voicemail segments → voicemail.start/end. Enum values are upper-cased as detail events carry them.
 * Events are ordered by time. Fields analytics does not hold (e.g. routingPriority) are left out.
 */
export function rebuildDetailEvents(conversation: AnalyticsConversation, target: EnvelopeTarget): RebuiltEvent[] {
  const drafts: Draft[] = [];
  const participants = conversation.participants ?? [];
  const agents = participants.filter((p) => p.purpose === 'agent' || p.purpose === 'user');
  for (const participant of participants) {
    for (const session of participant.sessions ?? []) {
      const segments = [...(session.segments ?? [])].sort((a, b) => ms(a.segmentStart)! - ms(b.segmentStart)!);
      if (segments.length === 0) continue;
      const first = segments[0]!;
      const last = segments[segments.length - 1]!;
      const push = (suffix: string, at: string | undefined, body: Record<string, unknown>, from: string) => {
        if (at !== undefined) drafts.push({ suffix, at, body, participant, session, from });
      };
      const purpose = participant.purpose ?? '';
      if (purpose === 'customer' || purpose === 'external') {
        push('customer.start', first.segmentStart, {}, `${purpose} session start`);
        push('customer.end', last.segmentEnd, {
          disconnectType: upper(last.disconnectType),
          interactingDurationMs: span(segments.filter((s) => s.segmentType === 'interact' || s.segmentType === 'system')),
        }, `${purpose} session end`);
      } else if (purpose === 'ivr' || session.flow) {
        const flow = session.flow ?? {};
        const flowFields = { flowId: flow.flowId, flowName: flow.flowName, flowVersion: flow.flowVersion, flowType: upper(flow.flowType) };
        push('flow.start', first.segmentStart, flowFields, 'flow session start');
        push('flow.end', last.segmentEnd, { ...flowFields, exitReason: upper(flow.exitReason), transferType: upper(flow.transferType), disconnectType: upper(last.disconnectType) }, 'flow session end');
      } else if (purpose === 'acd') {
        for (const seg of segments.filter((s) => s.queueId !== undefined && s.segmentType !== 'voicemail')) {
          push('acd.start', seg.segmentStart, { queueId: seg.queueId }, 'acd segment start');
          const answeredBy = agents.find((a) => (a.sessions ?? []).some((s) => (s.segments ?? []).some((x) => x.segmentType === 'interact' && x.queueId === seg.queueId)));
          push('acd.end', seg.segmentEnd, {
            queueId: seg.queueId,
            acdOutcome: answeredBy ? 'ANSWERED' : seg.disconnectType === 'peer' || seg.disconnectType === 'endpoint' ? 'ABANDON' : 'UNKNOWN',
            answeredUserId: answeredBy?.userId,
            connectedDurationMs: duration(seg),
            disconnectType: upper(seg.disconnectType),
          }, 'acd segment end');
        }
      } else if (purpose === 'agent' || purpose === 'user') {
        const queueId = segments.find((s) => s.queueId)?.queueId;
        const talk = segments.filter((s) => s.segmentType !== 'wrapup');
        const lastTalk = talk[talk.length - 1];
        if (talk.length > 0) {
          push('user.start', talk[0]!.segmentStart, { userId: participant.userId, queueId }, 'agent session start');
          push('user.end', lastTalk!.segmentEnd, {
            userId: participant.userId,
            queueId,
            disconnectType: upper(lastTalk!.disconnectType),
            alertingDurationMs: span(segments.filter((s) => s.segmentType === 'alert')),
            connectedDurationMs: span(segments.filter((s) => s.segmentType === 'interact' || s.segmentType === 'hold')),
            heldDurationMs: span(segments.filter((s) => s.segmentType === 'hold')),
          }, 'agent session end');
        }
        for (const wrap of segments.filter((s) => s.segmentType === 'wrapup')) {
          push('acw', wrap.segmentEnd, {
            userId: participant.userId, queueId: wrap.queueId ?? queueId, wrapupCode: wrap.wrapUpCode, wrapupNotes: wrap.wrapUpNote, wrapupDurationMs: duration(wrap),
          }, 'agent wrapup segment');
        }
      }
      for (const vm of segments.filter((s) => s.segmentType === 'voicemail')) {
        const ids = { queueId: vm.queueId, userId: participant.userId };
        push('voicemail.start', vm.segmentStart, ids, 'voicemail segment start');
        push('voicemail.end', vm.segmentEnd, { ...ids, voicemailDurationMs: duration(vm) }, 'voicemail segment end');
      }
    }
  }
  drafts.sort((a, b) => ms(a.at)! - ms(b.at)!);
  return drafts.map((d) => finish(conversation, d, target));
}

function duration(seg: AnalyticsSegment): number | undefined {
  return seg.segmentEnd === undefined ? undefined : ms(seg.segmentEnd)! - ms(seg.segmentStart)!;
}

function span(segments: AnalyticsSegment[]): number | undefined {
  if (segments.length === 0) return undefined;
  return segments.reduce((sum, s) => sum + (duration(s) ?? 0), 0);
}

function finish(conversation: AnalyticsConversation, d: Draft, target: EnvelopeTarget): RebuiltEvent {
  const { participant, session } = d;
  const topicName = `v2.detail.events.conversation.${conversation.conversationId}.${d.suffix}`;
  const key = [conversation.conversationId, participant.participantId, session.sessionId, d.suffix, d.at];
  const id = stableUuid('event', ...key);
  const eventBody = definedOnly({
    eventTime: ms(d.at),
    conversationId: conversation.conversationId,
    participantId: participant.participantId,
    sessionId: session.sessionId,
    mediaType: upper(session.mediaType),
    provider: session.provider,
    direction: upper(session.direction),
    ani: session.ani,
    dnis: session.dnis,
    addressFrom: session.addressFrom,
    addressTo: session.addressTo,
    divisionId: conversation.divisionIds?.[0],
    externalContactId: participant.externalContactId,
    externalOrganizationId: participant.externalOrganizationId,
    ...definedOnly(d.body),
  });
  const event = toEventBridgeEvent(
    { topicName, version: '2', eventBody, metadata: { CorrelationId: stableUuid('correlation', ...key) } },
    { ...target, time: d.at, id },
  );
  return {
    event,
    provenance: {
      id,
      origin: 'rebuilt',
      templateSource: 'catalogue',
      from: `analytics details: ${d.from}`,
      conversationId: conversation.conversationId,
      participantId: participant.participantId,
      sessionId: session.sessionId,
    },
  };
}
