/**
 * A fake Amazon SQS speaking what @aws-sdk/client-sqs 3.1169 speaks: AWS JSON 1.0
 * (`X-Amz-Target: AmazonSQS.<Operation>`) in query-compatible mode (`x-amzn-query-error`); checked in
 * the client's dist-cjs (AwsJson1_0Protocol, awsQueryCompatible). GetQueueUrl and GetQueueAttributes only.
 *
 *   const sqs = await startFakeSqs({ queues: [{ name: 'calls', policy: {...} }] });
 *   env: { AWS_ENDPOINT_URL_SQS: sqs.url }
 */
import { jsonRpcHandler, startLoopback, FakeAwsError, FAKE_ACCOUNT, FAKE_REGION, type Loopback, type PlantedFault } from './loopback.js';

export interface FakeQueue {
  name: string;
  account?: string;
  /** The queue policy (object or JSON text); absent = no policy. */
  policy?: unknown;
  kmsMasterKeyId?: string;
}

export interface FakeSqs extends Loopback {
  queues: FakeQueue[];
}

const ERRORS: Record<string, { type: string; queryCode: string; status?: number }> = {
  AccessDeniedException: { type: 'com.amazon.coral.service#AccessDeniedException', queryCode: 'AccessDenied', status: 403 },
  QueueDoesNotExist: { type: 'com.amazonaws.sqs#QueueDoesNotExist', queryCode: 'AWS.SimpleQueueService.NonExistentQueue' },
  InvalidAddress: { type: 'com.amazonaws.sqs#InvalidAddress', queryCode: 'InvalidAddress' },
};

export async function startFakeSqs(options: { queues?: FakeQueue[]; faults?: PlantedFault[] } = {}): Promise<FakeSqs> {
  const queues = options.queues ?? [];
  const faults = options.faults ?? [];
  const url = (q: FakeQueue) => `https://sqs.${FAKE_REGION}.amazonaws.com/${q.account ?? FAKE_ACCOUNT}/${q.name}`;
  const missing = () => new FakeAwsError('QueueDoesNotExist', 'The specified queue does not exist.');
  const operations = {
    GetQueueUrl(body: Record<string, unknown>) {
      const q = queues.find((x) => x.name === body.QueueName && (body.QueueOwnerAWSAccountId === undefined || (x.account ?? FAKE_ACCOUNT) === body.QueueOwnerAWSAccountId));
      if (!q) throw missing();
      return { QueueUrl: url(q) };
    },
    GetQueueAttributes(body: Record<string, unknown>) {
      const q = queues.find((x) => url(x) === body.QueueUrl);
      if (!q) throw missing();
      const names = (body.AttributeNames as string[] | undefined) ?? ['All'];
      const all: Record<string, string> = {
        QueueArn: `arn:aws:sqs:${FAKE_REGION}:${q.account ?? FAKE_ACCOUNT}:${q.name}`,
        ...(q.policy !== undefined ? { Policy: typeof q.policy === 'string' ? q.policy : JSON.stringify(q.policy) } : {}),
        ...(q.kmsMasterKeyId ? { KmsMasterKeyId: q.kmsMasterKeyId } : {}),
      };
      return { Attributes: Object.fromEntries(Object.entries(all).filter(([k]) => names.includes('All') || names.includes(k))) };
    },
  };
  const loop = await startLoopback(
    jsonRpcHandler({
      targetPrefix: 'AmazonSQS',
      version: '1.0',
      operations,
      faults,
      errorShape: (code) => ERRORS[code] ?? { type: code, queryCode: code },
      deniedAction: (op) => `sqs:${op}`,
    }),
    faults,
  );
  return { ...loop, queues };
}
