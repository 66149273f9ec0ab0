// Deterministic analytics conversations and integrations for the fake Genesys Cloud.

/** Small deterministic UUID from a label (not random: tests can predict ids). */
export function fakeUuid(n: number, kind = 0): string {
  const hex = (n * 2654435761 + kind * 40503).toString(16).padStart(12, '0').slice(-12);
  return `${(kind + 0xa0000000).toString(16).slice(-8)}-${hex.slice(0, 4)}-4${hex.slice(4, 7)}-8${hex.slice(7, 10)}-${hex}`;
}

export const FAKE_QUEUE_ID = '7a1c2b3d-0000-4000-8000-00000000a001';
export const FAKE_USER_ID = '5e0d1c2b-0000-4000-8000-00000000b001';
export const FAKE_FLOW_ID = '3f2e1d0c-0000-4000-8000-00000000c001';

/** An analytics conversation (shape of /api/v2/analytics/conversations/details/query results). */
export function fakeConversation(n: number, start: Date): Record<string, unknown> {
  const t = (offsetSec: number) => new Date(start.getTime() + offsetSec * 1000).toISOString();
  const conversationId = fakeUuid(n, 1);
  const ani = `tel:+1555010${String(n % 1000).padStart(4, '0')}`;
  const dnis = 'tel:+18005550100';
  const session = (kind: number, extra: Record<string, unknown>) => ({
    sessionId: fakeUuid(n, kind),
    mediaType: 'voice',
    direction: 'inbound',
    ani,
    dnis,
    ...extra,
  });
  return {
    conversationId,
    conversationStart: t(0),
    conversationEnd: t(300),
    originatingDirection: 'inbound',
    divisionIds: ['0b1c2d3e-0000-4000-8000-00000000d001'],
    participants: [
      {
        participantId: fakeUuid(n, 10),
        purpose: 'customer',
        sessions: [session(20, { provider: 'Edge', segments: [{ segmentType: 'system', segmentStart: t(0), segmentEnd: t(300), disconnectType: 'endpoint' }] })],
      },
      {
        participantId: fakeUuid(n, 11),
        purpose: 'ivr',
        participantName: 'Main IVR',
        sessions: [
          session(21, {
            flow: { flowId: FAKE_FLOW_ID, flowName: 'Main IVR', flowVersion: '12.0', flowType: 'INBOUNDCALL', exitReason: 'TRANSFER' },
            segments: [{ segmentType: 'interact', segmentStart: t(0), segmentEnd: t(40), disconnectType: 'transfer' }],
          }),
        ],
      },
      {
        participantId: fakeUuid(n, 12),
        purpose: 'acd',
        participantName: 'Support',
        sessions: [session(22, { segments: [{ segmentType: 'interact', segmentStart: t(40), segmentEnd: t(70), queueId: FAKE_QUEUE_ID, disconnectType: 'transfer' }] })],
      },
      {
        participantId: fakeUuid(n, 13),
        purpose: 'agent',
        userId: FAKE_USER_ID,
        sessions: [
          session(23, {
            segments: [
              { segmentType: 'alert', segmentStart: t(60), segmentEnd: t(70), queueId: FAKE_QUEUE_ID },
              { segmentType: 'interact', segmentStart: t(70), segmentEnd: t(280), queueId: FAKE_QUEUE_ID, disconnectType: 'client' },
              { segmentType: 'wrapup', segmentStart: t(280), segmentEnd: t(300), queueId: FAKE_QUEUE_ID, wrapUpCode: 'a1b2c3d4-0000-4000-8000-00000000e001', wrapUpNote: 'resolved' },
            ],
          }),
        ],
      },
    ],
  };
}

export function fakeConversations(count: number, from = new Date('2024-05-01T08:00:00.000Z'), spacingMs = 3_600_000) {
  return Array.from({ length: count }, (_, i) => fakeConversation(i + 1, new Date(from.getTime() + i * spacingMs)));
}

export interface FakeIntegration {
  id: string;
  name: string;
  integrationType: { id: string };
  intendedState: string;
  reportedState: { code: string };
  properties: Record<string, unknown>;
}

export function fakeIntegrations(): FakeIntegration[] {
  return [
    {
      id: '9d8c7b6a-0000-4000-8000-0000000f0001',
      name: 'EventBridge to prod',
      integrationType: { id: 'amazon-eventbridge-source' },
      intendedState: 'ENABLED',
      reportedState: { code: 'ACTIVE' },
      properties: {
        eventSourceSuffix: 'prod-events',
        awsAccountId: '123456789012',
        awsAccountRegion: 'us-east-1',
        eventFilter: ['v2.detail.events.conversation.{id}.customer.start', 'v2.users.{id}.presence'],
      },
    },
    {
      id: '9d8c7b6a-0000-4000-8000-0000000f0002',
      name: 'Data actions',
      integrationType: { id: 'purecloud-data-actions' },
      intendedState: 'ENABLED',
      reportedState: { code: 'ACTIVE' },
      properties: {},
    },
  ];
}
