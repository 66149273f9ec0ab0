import type { Random } from './random.js';
import { isoTime, type ScheduledEvent } from './scheduled-event.js';

const CUSTOMER_LINES = [
  'hi I am calling about my last invoice',
  'my order has not arrived yet',
  'I would like to change my delivery address',
  'can you help me reset my password',
  'the app keeps logging me out',
  'I want to upgrade my plan',
];
const AGENT_LINES = [
  'thank you for calling how can I help you today',
  'let me look into that for you',
  'I can see your account here',
  'is there anything else I can help you with',
  'I have updated that for you now',
];

export interface TranscriptionContext {
  organizationId: string;
  conversationId: string;
  communicationId: string;
  sessionStartTimeMs: number;
}

/** `v2.conversations.{id}.transcription`: one or two final utterances. */
export function transcriptionEvent(random: Random, context: TranscriptionContext, at: number): ScheduledEvent {
  const offsetBase = at - context.sessionStartTimeMs;
  const transcripts: Array<Record<string, unknown>> = [];
  const utterances = random.int(1, 2);
  let offsetMs = Math.max(0, offsetBase - 6000);
  for (let i = 0; i < utterances; i++) {
    const external = random.chance(0.55);
    const text = random.pick(external ? CUSTOMER_LINES : AGENT_LINES);
    const words: Array<Record<string, unknown>> = [];
    let wordOffset = offsetMs;
    for (const word of text.split(' ')) {
      const durationMs = random.int(120, 520);
      words.push({ confidence: random.int(70, 99) / 100, offsetMs: wordOffset, durationMs, word });
      wordOffset += durationMs + random.int(20, 120);
    }
    transcripts.push({
      utteranceId: random.uuid(),
      isFinal: true,
      channel: external ? 'EXTERNAL' : 'INTERNAL',
      alternatives: [
        { confidence: random.int(80, 98) / 100, offsetMs, durationMs: wordOffset - offsetMs, transcript: text, words },
      ],
      engineProvider: 'GENESYS',
      engineId: 'voice-transcription',
      dialect: 'en-US',
    });
    offsetMs = wordOffset + random.int(200, 900);
  }
  return {
    at,
    template: 'v2.conversations.{id}.transcription',
    topicName: `v2.conversations.${context.conversationId}.transcription`,
    eventBody: {
      eventTime: isoTime(at),
      organizationId: context.organizationId,
      conversationId: context.conversationId,
      communicationId: context.communicationId,
      sessionStartTimeMs: context.sessionStartTimeMs,
      transcriptionStartTimeMs: context.sessionStartTimeMs,
      transcripts,
      status: { offsetMs: offsetBase, status: 'SESSION_ONGOING' },
    },
  };
}
