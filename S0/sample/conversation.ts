/**
 * One conversation's detail events in a plausible order: customer.start,
 * IVR flow, queue (acd), agent (user), transcription, attributes, wrap-up,
 * or abandon / voicemail / system disconnect on the way.
 */
import {
  AGENTS, DIVISIONS, QUEUES, DNIS_NUMBERS, EXTERNAL_CONTACT_IDS, EXTERNAL_ORGANIZATION_IDS, FLOWS, LANGUAGE_IDS, QUEUE_LIST,
  ROUTING_PRIORITIES, SKILL_IDS, SUPPORT_EMAIL, VOICEMAIL_QUEUES, WRAPUP_CODE_IDS,
  fakeCustomerEmail, fakeCustomerName, fakePhone, type Flow, type Queue,
} from './directory.js';
import type { Random } from './random.js';
import { conversationDetailTopic, type ScheduledEvent } from './scheduled-event.js';
import { transcriptionEvent } from './transcription.js';

type MediaType = 'VOICE' | 'MESSAGE' | 'CHAT' | 'EMAIL' | 'CALLBACK';
type Body = Record<string, unknown>;

const PROVIDERS: Record<MediaType, string> = {
  VOICE: 'Edge',
  MESSAGE: 'PureCloud Messaging',
  CHAT: 'PureCloud Webchat v2',
  EMAIL: 'PureCloud Email',
  CALLBACK: 'PureCloud Callback',
};

const FLOW_BY_MEDIA: Record<MediaType, Flow> = {
  VOICE: FLOWS.ivr, MESSAGE: FLOWS.message, CHAT: FLOWS.chat, EMAIL: FLOWS.email, CALLBACK: FLOWS.callback,
};

const WRAPUP_NOTES = ['Customer asked for a callback next week', 'Resolved on first contact', 'Escalated to tier 2'];
const TIERS = ['gold', 'silver', 'bronze'];

/** Fields every detail event of one participant session carries. */
interface Session { participantId: string; sessionId: string }

class ConversationBuilder {
  readonly events: ScheduledEvent[] = [];
  readonly conversationId: string;
  readonly mediaType: MediaType;
  readonly direction: 'INBOUND' | 'OUTBOUND';
  private readonly shared: Body;

  constructor(private readonly random: Random) {
    this.conversationId = random.uuid();
    this.mediaType = random.weighted<MediaType>([['VOICE', 46], ['MESSAGE', 16], ['CHAT', 12], ['EMAIL', 10], ['CALLBACK', 8]]);
    this.direction = (this.mediaType === 'VOICE' && random.chance(0.18)) || (this.mediaType === 'EMAIL' && random.chance(0.15))
      ? 'OUTBOUND' : 'INBOUND';
    this.shared = this.sharedFields();
  }

  /** Addresses and contact ids: the same on every event of the conversation, some of them missing. */
  private sharedFields(): Body {
    const r = this.random;
    const fields: Body = {};
    let customer: string | undefined;
    let business: string | undefined;
    switch (this.mediaType) {
      case 'VOICE':
      case 'CALLBACK':
        customer = r.chance(0.06) ? undefined : fakePhone(r);
        business = r.pick(DNIS_NUMBERS);
        if (customer !== undefined) fields.ani = this.direction === 'INBOUND' ? customer : business;
        fields.dnis = this.direction === 'INBOUND' ? business : (customer ?? 'tel:+12025550199');
        break;
      case 'MESSAGE':
        customer = fakePhone(r).slice(4);
        business = '+18005550150';
        fields.ani = customer;
        fields.dnis = business;
        break;
      case 'EMAIL':
        customer = fakeCustomerEmail(r);
        business = SUPPORT_EMAIL;
        break;
      case 'CHAT':
        customer = r.chance(0.7) ? fakeCustomerName(r) : undefined;
        break;
    }
    const inbound = this.direction === 'INBOUND';
    const from = inbound ? customer : business;
    const to = inbound ? business : customer;
    if (from !== undefined) fields.addressFrom = from;
    if (to !== undefined) fields.addressTo = to;
    fields.divisionId = r.weighted([[DIVISIONS[0], 85], [DIVISIONS[1], 15]]);
    if (r.chance(0.55)) {
      const contactId = r.pick(EXTERNAL_CONTACT_IDS);
      fields.externalContactId = contactId;
      fields.conversationExternalContactIds = [contactId];
    } else if (r.chance(0.5)) {
      fields.conversationExternalContactIds = [];
    }
    const organization = r.weighted<'yes' | 'null' | 'no'>([['yes', 20], ['null', 5], ['no', 75]]);
    if (organization === 'yes') {
      const orgId = r.pick(EXTERNAL_ORGANIZATION_IDS);
      fields.externalOrganizationId = orgId;
      fields.conversationExternalOrganizationIds = [orgId];
    } else if (organization === 'null') {
      fields.externalOrganizationId = null;
    }
    return fields;
  }

  session(): Session {
    return { participantId: this.random.uuid(), sessionId: this.random.uuid() };
  }

  emit(kind: string, at: number, session: Session, extra: Body): void {
    const eventBody: Body = {
      eventTime: at,
      conversationId: this.conversationId,
      participantId: session.participantId,
      sessionId: session.sessionId,
      mediaType: this.mediaType,
      provider: PROVIDERS[this.mediaType],
      direction: this.direction,
      ...this.shared,
      ...extra,
    };
    this.events.push({ at, ...conversationDetailTopic(this.conversationId, kind), eventBody });
  }

  flow(): Flow {
    return FLOW_BY_MEDIA[this.mediaType];
  }
}

export interface ConversationOptions { organizationId: string }

/** All events of one conversation that starts at `start`, in time order. */
export function conversationEvents(random: Random, start: number, options: ConversationOptions): ScheduledEvent[] {
  const c = new ConversationBuilder(random);
  if (c.direction === 'OUTBOUND') outbound(c, random, start, options);
  else inbound(c, random, start, options);
  return c.events.sort((a, b) => a.at - b.at);
}

function inbound(c: ConversationBuilder, r: Random, start: number, options: ConversationOptions): void {
  const customer = c.session();
  let t = start;
  c.emit('customer.start', t, customer, {});
  const customerEnd = (at: number, disconnectType: string, interactingDurationMs: number): void =>
    c.emit('customer.end', at, customer, { disconnectType, interactingDurationMs });

  const queue = r.weighted<Queue>([[QUEUES.support, 40], [QUEUES.sales, 25], [QUEUES.billing, 20], [QUEUES.vip, 15]]);
  const usesFlow = c.mediaType === 'EMAIL' ? r.chance(0.6) : r.chance(0.92);
  if (usesFlow) {
    const ivr = c.session();
    const flow = c.flow();
    t += r.int(40, 400);
    c.emit('flow.start', t, ivr, { flowType: flow.flowType, flowId: flow.id, flowVersion: flow.version });
    if (r.chance(0.4)) {
      c.emit('attributes', t + r.int(500, 4000), customer, {
        attributes: { 'IVR.Language': r.pick(['en-US', 'es-US']), 'Customer.Tier': r.pick(TIERS), 'IVR.Intent': r.pick(['billing', 'orders', 'account']) },
      });
    }
    const inFlowMs = r.int(6000, 90000);
    t += inFlowMs;
    if (r.chance(0.06)) {
      c.emit('flow.end', t, ivr, { flowType: flow.flowType, flowId: flow.id, flowVersion: flow.version, exitReason: 'DISCONNECT', disconnectType: 'CLIENT', connectedDurationMs: inFlowMs });
      customerEnd(t + r.int(0, 300), 'CLIENT', t - start);
      return;
    }
    c.emit('flow.end', t, ivr, {
      flowType: flow.flowType, flowId: flow.id, flowVersion: flow.version, exitReason: 'TRANSFER', transferType: 'ACD',
      transferTargetName: queue.name, transferTargetAddress: queue.id, disconnectType: 'TRANSFER', connectedDurationMs: inFlowMs,
    });
  }

  const acd = c.session();
  t += r.int(100, 900);
  const acdStart: Body = { queueId: queue.id, routingPriority: r.pick(ROUTING_PRIORITIES) };
  const skills = r.int(0, 3);
  if (skills > 0 || r.chance(0.5)) {
    const ids = new Set<string>();
    for (let i = 0; i < skills; i++) ids.add(r.pick(SKILL_IDS));
    acdStart.requestedRoutingSkillIds = [...ids];
  }
  if (r.chance(0.2)) acdStart.requestedLanguageId = r.pick(LANGUAGE_IDS);
  if (r.chance(0.1)) acdStart.skillExpressionApplied = false;
  c.emit('acd.start', t, acd, acdStart);
  const waitMs = Math.round(r.exponential(40000)) + 2000;
  t += waitMs;
  const acdEnd = (outcome: string, extra: Body = {}): void =>
    c.emit('acd.end', t, acd, {
      queueId: queue.id, acdOutcome: outcome, connectedDurationMs: waitMs, requestedRoutings: ['STANDARD'], usedRouting: 'STANDARD',
      ...(usesFlow ? { flowType: c.flow().flowType } : {}), ...extra,
    });

  const voicemailQueue = VOICEMAIL_QUEUES.find((q) => q.id === queue.id);
  const canVoicemail = (c.mediaType === 'VOICE' || c.mediaType === 'CALLBACK') && voicemailQueue !== undefined;
  const outcome = r.weighted<'answered' | 'abandon' | 'voicemail' | 'disconnect'>([
    ['answered', 70], ['abandon', 12], ['voicemail', canVoicemail ? 20 : 0], ['disconnect', 5],
  ]);
  if (outcome === 'abandon') {
    acdEnd('ABANDON', { disconnectType: 'CLIENT' });
    customerEnd(t + r.int(0, 200), 'CLIENT', t - start);
    return;
  }
  if (outcome === 'disconnect') {
    const why = r.pick(['SYSTEM', 'ERROR', 'TIMEOUT']);
    acdEnd('DISCONNECT', { disconnectType: why });
    customerEnd(t + r.int(0, 200), why, t - start);
    return;
  }
  if (outcome === 'voicemail') {
    acdEnd('FLOWOUT', { disconnectType: 'TRANSFER' });
    const voicemail = c.session();
    t += r.int(200, 1500);
    c.emit('voicemail.start', t, voicemail, { queueId: queue.id });
    const voicemailDurationMs = r.int(8000, 95000);
    t += voicemailDurationMs;
    c.emit('voicemail.end', t, voicemail, { queueId: queue.id, voicemailDurationMs, disconnectType: 'CLIENT' });
    customerEnd(t + r.int(0, 200), 'CLIENT', t - start);
    return;
  }

  const agent = r.pick(AGENTS);
  acdEnd('ANSWERED', { answeredUserId: agent.id });
  answered(c, r, t, { customer, queue, agentId: agent.id, conversationStart: start, organizationId: options.organizationId });
}

interface AnsweredContext { customer: Session; queue: Queue | undefined; agentId: string; conversationStart: number; organizationId: string }

/** Agent leg: user.start, talk (transcripts, attributes), user.end, customer.end, acw. */
function answered(c: ConversationBuilder, r: Random, connectedAt: number, ctx: AnsweredContext): void {
  const agentSession = c.session();
  const queueField = ctx.queue === undefined ? {} : { queueId: ctx.queue.id };
  const alertingDurationMs = r.int(1500, 12000);
  let t = connectedAt + alertingDurationMs;
  c.emit('user.start', t, agentSession, { userId: ctx.agentId, ...queueField });
  const talkMs = Math.round(r.exponential(240000)) + 20000;
  if (c.mediaType === 'VOICE' && r.chance(0.5)) {
    const count = r.int(1, 4);
    for (let i = 1; i <= count; i++) {
      const at = t + Math.round((talkMs * i) / (count + 1));
      c.events.push(transcriptionEvent(r, {
        organizationId: ctx.organizationId, conversationId: c.conversationId, communicationId: agentSession.sessionId, sessionStartTimeMs: t,
      }, at));
    }
  }
  if (r.chance(0.25)) {
    c.emit('attributes', t + Math.round(talkMs / 2), ctx.customer, { attributes: { 'Agent.CaseNumber': `CASE-${r.int(10000, 99999)}`, 'Customer.Tier': r.pick(TIERS) } });
  }
  const heldDurationMs = r.chance(0.3) ? r.int(5000, 60000) : 0;
  t += talkMs;
  const customerHungUp = r.chance(0.6);
  c.emit('user.end', t, agentSession, {
    userId: ctx.agentId, ...queueField, disconnectType: customerHungUp ? 'PEER' : 'CLIENT',
    alertingDurationMs, interactingDurationMs: talkMs - heldDurationMs, heldDurationMs, connectedDurationMs: talkMs,
  });
  c.emit('customer.end', t + r.int(0, 300), ctx.customer, {
    disconnectType: customerHungUp ? 'CLIENT' : 'PEER', interactingDurationMs: t - ctx.conversationStart,
  });
  const wrapupDurationMs = r.int(4000, 90000);
  const acw: Body = { userId: ctx.agentId, ...queueField, wrapupCode: r.pick(WRAPUP_CODE_IDS), wrapupDurationMs };
  const notes = r.weighted<'text' | 'null' | 'none'>([['text', 30], ['null', 20], ['none', 50]]);
  if (notes === 'text') acw.wrapupNotes = r.pick(WRAPUP_NOTES);
  else if (notes === 'null') acw.wrapupNotes = null;
  c.emit('acw', t + wrapupDurationMs, agentSession, acw);
}

function outbound(c: ConversationBuilder, r: Random, start: number, options: ConversationOptions): void {
  const agent = r.pick(AGENTS);
  const customer = c.session();
  const queue = r.chance(0.5) ? r.pick(QUEUE_LIST) : undefined;
  const dialMs = r.int(3000, 25000);
  c.emit('customer.start', start + dialMs, customer, {});
  answered(c, r, start, { customer, queue, agentId: agent.id, conversationStart: start + dialMs, organizationId: options.organizationId });
}
