/**
 * The fake contact centre the generator draws from: queues, agents, flows,
 * skills, wrap-up codes, contacts. Every name, number and address is
 * obviously fictional (555-01xx numbers, example.com). The ids are fixed so
 * that sample rules can name them.
 */
import { Random } from './random.js';

export interface Queue { id: string; name: string }
export interface Agent { id: string; name: string; email: string }
export interface Flow { id: string; name: string; flowType: string; version: string }

/** Organisation and AWS account of the built-in sample. */
export const SAMPLE_ORG_ID = '7c1d2a4e-5b6f-4a3c-9d8e-0f1a2b3c4d5e';
export const SAMPLE_EVENT_SOURCE_SUFFIX = 'gceb-sample';
export const SAMPLE_ACCOUNT = '123456789012';
export const SAMPLE_REGION = 'us-east-1';
/** 2024-05-06T08:00:00.000Z: a Monday morning. */
export const SAMPLE_START = Date.UTC(2024, 4, 6, 8, 0, 0, 0);
/** Chosen so that every sample rule with `expect: match` has at least two witnesses in 600 events. */
export const SAMPLE_SEED = 20240543;

export const QUEUES = {
  support: { id: '5b2c6c9e-1f0a-4d3b-8e7a-2c4d6f8a0b1c', name: 'Support' },
  sales: { id: '8d3e1a2b-4c5d-4e6f-9a0b-1c2d3e4f5a6b', name: 'Sales' },
  billing: { id: 'c1f2e3d4-a5b6-4c7d-8e9f-0a1b2c3d4e5f', name: 'Billing' },
  vip: { id: '2e4f6a8c-0b1d-4f3e-9c5a-7b9d1e3f5a7c', name: 'VIP Care' },
} as const satisfies Record<string, Queue>;

export const QUEUE_LIST: readonly Queue[] = [QUEUES.support, QUEUES.sales, QUEUES.billing, QUEUES.vip];
/** Voicemail is only offered on these queues. */
export const VOICEMAIL_QUEUES: readonly Queue[] = [QUEUES.support, QUEUES.billing];

export const FLOWS = {
  ivr: { id: '0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d', name: 'Main IVR', flowType: 'INBOUNDCALL', version: '12.0' },
  chat: { id: '1b0c9d8e-7f6a-4b5c-9d3e-2f1a0b9c8d7e', name: 'Web Chat Flow', flowType: 'INBOUNDCHAT', version: '4.0' },
  message: { id: '2c1d0e9f-8a7b-4c6d-8e4f-3a2b1c0d9e8f', name: 'Messaging Flow', flowType: 'INBOUNDSHORTMESSAGE', version: '7.0' },
  email: { id: '3d2e1f0a-9b8c-4d7e-9f5a-4b3c2d1e0f9a', name: 'Email Flow', flowType: 'INBOUNDEMAIL', version: '2.0' },
  callback: { id: '4e3f2a1b-0c9d-4e8f-8a6b-5c4d3e2f1a0b', name: 'Callback Flow', flowType: 'INBOUNDCALL', version: '3.0' },
} as const satisfies Record<string, Flow>;

export const DIVISIONS = ['f0e1d2c3-b4a5-4968-8776-5a4b3c2d1e0f', '9e8d7c6b-5a49-4382-9716-0f1e2d3c4b5a'] as const;

export const ROUTING_PRIORITIES = [0, 0, 0, 0, 1000, 5000, 12000] as const;

export const SYSTEM_PRESENCES = ['Available', 'Busy', 'Away', 'Break', 'Meal', 'Meeting', 'Training', 'On Queue'] as const;

export const DNIS_NUMBERS = ['tel:+18005550100', 'tel:+18005550101', 'tel:+18885550102'] as const;
export const SUPPORT_EMAIL = 'support@example.com';

const FIRST = ['Avery', 'Blake', 'Casey', 'Devon', 'Emery', 'Finley', 'Harper', 'Jordan', 'Kai', 'Logan', 'Morgan', 'Quinn'];
const LAST = ['Example', 'Sample', 'Testwell', 'Demo', 'Placeholder', 'Fakeley', 'Mockford', 'Dummyson'];

const directoryRandom = new Random(0x5eed);

export const AGENTS: readonly Agent[] = FIRST.slice(0, 10).map((first, i) => {
  const last = LAST[i % LAST.length]!;
  return { id: directoryRandom.uuid(), name: `${first} ${last}`, email: `${first}.${last}@example.com`.toLowerCase() };
});

export const SKILL_IDS: readonly string[] = Array.from({ length: 6 }, () => directoryRandom.uuid());
export const WRAPUP_CODE_IDS: readonly string[] = Array.from({ length: 6 }, () => directoryRandom.uuid());
export const LANGUAGE_IDS: readonly string[] = Array.from({ length: 2 }, () => directoryRandom.uuid());
export const EXTERNAL_CONTACT_IDS: readonly string[] = Array.from({ length: 40 }, () => directoryRandom.uuid());
export const EXTERNAL_ORGANIZATION_IDS: readonly string[] = Array.from({ length: 8 }, () => directoryRandom.uuid());
export const PRESENCE_DEFINITION_IDS: Readonly<Record<string, string>> = Object.fromEntries(
  SYSTEM_PRESENCES.map((p) => [p, directoryRandom.uuid()]),
);
export const OAUTH_CLIENTS: ReadonlyArray<{ id: string; name: string }> = [
  { id: directoryRandom.uuid(), name: 'Reporting Export (example)' },
  { id: directoryRandom.uuid(), name: 'Old CRM Sync (example)' },
  { id: directoryRandom.uuid(), name: 'EventBridge Setup (example)' },
];

const AREA_CODES = ['202', '312', '317', '415', '512', '617', '720', '919'];

/** `tel:+1<area>55501<nn>`: the 555-0100..0199 block is reserved for fiction. */
export function fakePhone(random: Random): string {
  return `tel:+1${random.pick(AREA_CODES)}55501${String(random.int(0, 99)).padStart(2, '0')}`;
}

export function fakeCustomerEmail(random: Random): string {
  return `${random.pick(FIRST).toLowerCase()}.${random.pick(LAST).toLowerCase()}${random.int(1, 99)}@example.com`;
}

export function fakeCustomerName(random: Random): string {
  return `${random.pick(FIRST)} ${random.pick(LAST)}`;
}
