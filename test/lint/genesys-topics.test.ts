import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeGenesys, type FakeGenesys } from '../fakes/genesys-server.js';
import { runCli } from '../helpers/run-cli.js';
import { schemaAt } from '../../src/lint/index.js';

const ORG = '32aa07aa-db1b-4987-abd0-9483601ec29d';
const BUS = `aws.partner/genesys.com/cloud/${ORG}/prod-events`;
const CUSTOMER_START = 'v2.detail.events.conversation.{id}.customer.start';

/** Shaped like availabletopics?expand=schema: JSON schema with $ref definitions. */
const customerStartSchema = {
  id: 'urn:jsonschema:com:inin:events:CustomerStartEvent',
  type: 'object',
  properties: {
    eventTime: { type: 'integer' },
    conversationId: { type: 'string' },
    mediaType: { $ref: '#/definitions/MediaType' },
    direction: { type: 'string', enum: ['INBOUND', 'OUTBOUND', 'UNKNOWN'] },
  },
  definitions: { MediaType: { type: 'string', enum: ['VOICE', 'CHAT', 'EMAIL', 'CALLBACK', 'MESSAGE'] } },
};

let genesys: FakeGenesys;
let dir: string;
const template = [
  'Resources:',
  '  Calls:',
  '    Type: AWS::Events::Rule',
  '    Properties:',
  `      EventBusName: ${BUS}`,
  '      Targets: [{Id: t, Arn: arn:aws:sqs:us-east-1:123456789012:q}]',
  '      EventPattern:',
  `        detail-type: ["${CUSTOMER_START}"]`,
  '        detail:',
  '          eventBody:',
  '            queueName: [Sales]',
  '            eventTime: ["1714982400000"]',
  '            direction: [Inbound]',
  '            mediaType: [{prefix: VO}]',
  '  Queues:',
  '    Type: AWS::Events::Rule',
  '    Properties:',
  `      EventBusName: ${BUS}`,
  '      Targets: [{Id: t, Arn: arn:aws:sqs:us-east-1:123456789012:q}]',
  '      EventPattern:',
  '        detail-type: ["v2.routing.queues.{id}.conversations"]',
  '  Socket:',
  '    Type: AWS::Events::Rule',
  '    Properties:',
  `      EventBusName: ${BUS}`,
  '      Targets: [{Id: t, Arn: arn:aws:sqs:us-east-1:123456789012:q}]',
  '      EventPattern:',
  '        detail-type: ["v2.users.{id}.presence"]',
  '',
].join('\n');

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gceb-lint-genesys-'));
  await writeFile(join(dir, 'template.yaml'), template);
  genesys = await startFakeGenesys({
    orgId: ORG,
    availableTopics: [
      { id: CUSTOMER_START, transports: ['EventBridge'], schema: customerStartSchema },
      { id: 'v2.users.{id}.presence', transports: ['WebSocket'], schema: { type: 'object', properties: { presenceDefinition: { type: 'object' } } } },
      { id: 'v2.routing.queues.{id}.conversations', transports: ['All'] },
    ] as Array<{ id: string; transports?: string[] }>,
  });
});
after(async () => {
  await genesys.close();
  await rm(dir, { recursive: true, force: true });
});

function codes(stdout: string): string[] {
  return stdout.split('\n').filter((l) => /^template\.yaml:\d+: error genesys-(topic|path|schema)/.test(l)).map((l) => l.replace(/ \[.*$/, '').replace(/: error /, ' '));
}

describe('gceb lint --genesys: topics against the integration and the topic schemas', () => {
  it('fetches live, writes the cache without secrets, and finds each contradiction at its line', async () => {
    const run = await runCli(['lint', '--rules', 'template.yaml', '--genesys', '--topics-cache', 'topics-cache.json'], { cwd: dir, env: genesys.env });
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(codes(run.stdout), [
      'template.yaml:11 genesys-path-not-in-schema',
      'template.yaml:12 genesys-schema-type',
      'template.yaml:13 genesys-schema-type',
      'template.yaml:21 genesys-topic-not-in-filter',
      'template.yaml:28 genesys-topic-not-eventbridge',
    ]);
    assert.match(run.stdout, /"1714982400000" is a string but the schema says integer/);
    assert.match(run.stdout, /"Inbound" is not one of the schema's values \["INBOUND","OUTBOUND","UNKNOWN"\]/);
    // prefix "VO" on a string enum field can match: not flagged.
    assert.ok(!/mediaType/.test(codes(run.stdout).join('\n')));
    const cache = await readFile(join(dir, 'topics-cache.json'), 'utf8');
    assert.ok(!cache.includes(genesys.clientSecret) && !run.stdout.includes(genesys.clientSecret));
    assert.ok(genesys.requests.some((r) => r.path === '/api/v2/notifications/availabletopics' && r.query.expand === 'schema,transports'));
  });

  it('offline from the cache: same findings, no credentials needed', async () => {
    const before = genesys.requests.length;
    const run = await runCli(['lint', '--rules', 'template.yaml', '--topics-cache', 'topics-cache.json'], { cwd: dir, env: {} });
    assert.equal(run.code, 1);
    assert.equal(codes(run.stdout).length, 5);
    assert.equal(genesys.requests.length, before);
  });

  it('a missing or foreign cache file is a usage error', async () => {
    assert.equal((await runCli(['lint', '--rules', 'template.yaml', '--topics-cache', 'nope.json'], { cwd: dir })).code, 2);
    await writeFile(join(dir, 'other.json'), '{"topics": []}');
    const run = await runCli(['lint', '--rules', 'template.yaml', '--topics-cache', 'other.json'], { cwd: dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /not a gceb Genesys topics cache/);
  });

  it('schemaAt follows $ref and looks through arrays', () => {
    const schema = { type: 'object', properties: { list: { type: 'array', items: { $ref: '#/definitions/Item' } } }, definitions: { Item: { type: 'object', properties: { n: { type: 'number' } } } } };
    assert.deepEqual(schemaAt(schema, ['list', 'n']), { type: 'number' });
    assert.equal(schemaAt(schema, ['list', 'missing']), undefined);
    assert.equal(schemaAt(schema, ['__proto__']), undefined);
  });
});
