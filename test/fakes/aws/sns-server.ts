/**
 * A fake Amazon SNS speaking what @aws-sdk/client-sns 3.1169 speaks: the AWS Query protocol (checked in
 * its dist-cjs: AwsQueryProtocol): a form-encoded POST `Action=GetTopicAttributes&Version=2010-03-31&TopicArn=...`,
 * answered in XML; errors as `<ErrorResponse><Error><Type/><Code/><Message/></Error>` (AuthorizationError, NotFound).
 *
 *   const sns = await startFakeSns({ topics: [{ arn, policy }] });
 *   env: { AWS_ENDPOINT_URL_SNS: sns.url }
 */
import { startLoopback, takeFault, deniedMessage, type Loopback, type PlantedFault } from './loopback.js';

export interface FakeTopic {
  arn: string;
  policy?: unknown;
  kmsMasterKeyId?: string;
}

export interface FakeSns extends Loopback {
  topics: FakeTopic[];
}

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export async function startFakeSns(options: { topics?: FakeTopic[]; faults?: PlantedFault[] } = {}): Promise<FakeSns> {
  const topics = options.topics ?? [];
  const faults = options.faults ?? [];
  const loop = await startLoopback((req, raw, res, record) => {
    const form = new URLSearchParams(raw.toString('utf8'));
    const action = form.get('Action') ?? '';
    record(action, Object.fromEntries(form));
    const send = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body), 'x-amzn-requestid': 'fake-sns' });
      res.end(body);
    };
    const fail = (status: number, code: string, message: string) =>
      send(
        status,
        `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>${xml(code)}</Code><Message>${xml(message)}</Message></Error><RequestId>fake-sns</RequestId></ErrorResponse>`,
      );
    if (req.method !== 'POST' || action !== 'GetTopicAttributes') return fail(400, 'InvalidAction', `Unknown action ${action}`);
    const arn = form.get('TopicArn') ?? '';
    const fault = takeFault(faults, action);
    if (fault) return fail(/Authorization|AccessDenied/.test(fault.error) ? 403 : 400, fault.error, fault.message ?? deniedMessage('sns:GetTopicAttributes', arn));
    const topic = topics.find((t) => t.arn === arn);
    if (!topic) return fail(404, 'NotFound', 'Topic does not exist');
    const attributes: Record<string, string> = {
      TopicArn: topic.arn,
      ...(topic.policy !== undefined ? { Policy: typeof topic.policy === 'string' ? topic.policy : JSON.stringify(topic.policy) } : {}),
      ...(topic.kmsMasterKeyId ? { KmsMasterKeyId: topic.kmsMasterKeyId } : {}),
    };
    const entries = Object.entries(attributes).map(([k, v]) => `<entry><key>${xml(k)}</key><value>${xml(v)}</value></entry>`).join('');
    return send(
      200,
      `<GetTopicAttributesResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><GetTopicAttributesResult><Attributes>${entries}</Attributes></GetTopicAttributesResult><ResponseMetadata><RequestId>fake-sns</RequestId></ResponseMetadata></GetTopicAttributesResponse>`,
    );
  }, faults);
  return { ...loop, topics };
}
