/** SNS: a topic's access policy and encryption (GetTopicAttributes). */

import { GetTopicAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { awsClientConfig, type AwsAccessOptions } from './client.js';

export function createSnsClient(options: AwsAccessOptions): SNSClient {
  return new SNSClient(awsClientConfig(options, 'SNS'));
}

export interface TopicAccess {
  policy?: string;
  kmsMasterKeyId?: string;
}

export async function readTopicAccess(client: SNSClient, topicArn: string, signal?: AbortSignal): Promise<TopicAccess> {
  const out = await client.send(new GetTopicAttributesCommand({ TopicArn: topicArn }), { abortSignal: signal });
  return {
    ...(out.Attributes?.Policy ? { policy: out.Attributes.Policy } : {}),
    ...(out.Attributes?.KmsMasterKeyId ? { kmsMasterKeyId: out.Attributes.KmsMasterKeyId } : {}),
  };
}
