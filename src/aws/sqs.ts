/** SQS: a queue's access policy and encryption (GetQueueUrl + GetQueueAttributes). */

import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { parseArn } from './arn.js';
import { awsClientConfig, type AwsAccessOptions } from './client.js';

export function createSqsClient(options: AwsAccessOptions): SQSClient {
  return new SQSClient(awsClientConfig(options, 'SQS'));
}

export interface QueueAccess {
  /** The queue policy (JSON text); undefined when the queue has none. */
  policy?: string;
  /** The KMS key for SSE-KMS; `alias/aws/sqs` cannot be used by EventBridge. */
  kmsMasterKeyId?: string;
}

export async function readQueueAccess(client: SQSClient, queueArn: string, signal?: AbortSignal): Promise<QueueAccess> {
  const arn = parseArn(queueArn);
  if (!arn) throw new Error(`'${queueArn}' is not a queue ARN`);
  const { QueueUrl } = await client.send(
    new GetQueueUrlCommand({ QueueName: arn.resource, ...(arn.account ? { QueueOwnerAWSAccountId: arn.account } : {}) }),
    { abortSignal: signal },
  );
  const out = await client.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['Policy', 'KmsMasterKeyId'] }), { abortSignal: signal });
  return {
    ...(out.Attributes?.Policy ? { policy: out.Attributes.Policy } : {}),
    ...(out.Attributes?.KmsMasterKeyId ? { kmsMasterKeyId: out.Attributes.KmsMasterKeyId } : {}),
  };
}
