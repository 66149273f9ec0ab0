/** Events in the exact shape the Genesys partner integration delivers (see shared/reference/genesys-eventbridge.md). */
export function customerStart(): Record<string, any> {
  return {
    version: '0',
    id: 'adbcfa5b-0116-4baa-b66b-a3f5902e95bf',
    'detail-type': 'v2.detail.events.conversation.{id}.customer.start',
    source: 'aws.partner/genesys.com/cloud/32aa07aa-db1b-4987-abd0-9483601ec29d/test-event-bus',
    account: '123456789012',
    time: '2022-04-06T09:30:45Z',
    region: 'us-east-1',
    resources: [],
    detail: {
      topicName: 'v2.detail.events.conversation.2f7bf00a-0fc2-4d6a-9b56-92238191433e.customer.start',
      version: '2',
      eventBody: {
        eventTime: 1649237444949,
        conversationId: '2f7bf00a-0fc2-4d6a-9b56-92238191433e',
        participantId: '9fb2ca78-8389-4758-b76a-9b0300de1fce',
        sessionId: 'c03d300e-fa79-4353-9695-b97a71322785',
        mediaType: 'CHAT',
        provider: 'PureCloud Webchat v2',
        direction: 'INBOUND',
        externalContactId: '12456349-b5c7-4d8f-9eb4-f4df18bce9a9',
        conversationExternalContactIds: ['12456349-b5c7-4d8f-9eb4-f4df18bce9a9'],
        interactingDurationMs: 12000,
      },
      metadata: { CorrelationId: 'fe8a8579-b83f-4f07-b371-2b39398f91a8' },
      timestamp: '2022-04-06T09:30:45.013Z',
    },
  };
}

export function auditOAuthClientDeleted(): Record<string, any> {
  return {
    version: '0',
    id: 'e9938ff0-50e2-45f8-950f-ad02d95fee85',
    'detail-type': 'v2.audits.entitytype.{id}.entityid.{id}',
    source: 'aws.partner/genesys.com/cloud/23faea37-1117-4c0a-88a2-572c46780b03/quickstart-test',
    account: '490606849374',
    time: '2021-05-31T09:49:26Z',
    region: 'us-east-1',
    resources: [],
    detail: {
      topicName: 'v2.audits.entitytype.OAuthClient.entityid.46a10c81-ca63-4bfe-bc9d-3fbf41ee06b5',
      version: '2',
      eventBody: {
        id: '128b506d-0a67-4e8c-a27c-fd3ed9566094',
        userId: 'd7ff136e-8f5a-4878-a0ae-e2138ad0345d',
        username: { id: '' },
        clientId: { id: '46a10c81-ca63-4bfe-bc9d-3fbf41ee06b5' },
        serviceName: 'PeoplePermissions',
        eventTime: '2021-05-31T09:49:25.000Z',
        action: 'Delete',
        entityType: 'OAuthClient',
        entity: { id: '46a10c81-ca63-4bfe-bc9d-3fbf41ee06b5', name: 'My OAuth Client' },
        propertyChanges: [
          { property: 'deleted_on', newValues: ['2021-05-31T09:44:53Z'] },
          { property: 'scopes', oldValues: ['users'] },
        ],
      },
      metadata: { CorrelationId: '8f725aa1-d831-4fb3-a8ea-9ccf7d44db68-archival' },
      timestamp: '2021-05-31T09:49:26.031Z',
    },
  };
}
