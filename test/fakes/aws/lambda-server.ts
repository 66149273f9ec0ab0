/**
 * A fake AWS Lambda speaking what @aws-sdk/client-lambda 3.1164 speaks: AWS restJson1 (checked in its
 * dist-cjs: AwsRestJsonProtocol); GetPolicy only: `GET /2015-03-31/functions/{FunctionName}/policy`.
 * Errors carry `x-amzn-errortype` and `{"Type","message"}` as Lambda sends them; a function without a
 * policy answers 404 ResourceNotFoundException, as the real one does.
 *
 *   const lambda = await startFakeLambda({ functions: [{ name: 'on-call', policy: {...} }] });
 *   env: { AWS_ENDPOINT_URL_LAMBDA: lambda.url }
 */
import { startLoopback, takeFault, deniedMessage, FAKE_ACCOUNT, FAKE_REGION, type Loopback, type PlantedFault } from './loopback.js';

export interface FakeFunction {
  name: string;
  /** The resource policy (object or JSON text); absent = none. */
  policy?: unknown;
}

export interface FakeLambda extends Loopback {
  functions: FakeFunction[];
}

export async function startFakeLambda(options: { functions?: FakeFunction[]; faults?: PlantedFault[] } = {}): Promise<FakeLambda> {
  const functions = options.functions ?? [];
  const faults = options.faults ?? [];
  const loop = await startLoopback((req, _raw, res, record) => {
    const send = (status: number, body: unknown, errorType?: string) => {
      const text = JSON.stringify(body);
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
        'x-amzn-requestid': `fake-${Date.now()}`,
        ...(errorType ? { 'x-amzn-errortype': `${errorType}:http://internal.amazon.com/coral/com.amazonaws.awslambda/` } : {}),
      });
      res.end(text);
    };
    const m = /^\/2015-03-31\/functions\/([^/]+)\/policy\/?(?:\?.*)?$/.exec(req.url ?? '');
    if (req.method !== 'GET' || !m) {
      record('Unknown', { url: req.url });
      return send(404, { Type: 'User', message: `Unknown operation ${req.method} ${req.url}` }, 'UnknownOperationException');
    }
    const ref = decodeURIComponent(m[1]!);
    record('GetPolicy', { FunctionName: ref });
    const name = ref.startsWith('arn:') ? ref.split(':')[6] : ref.split(':')[0];
    const fault = takeFault(faults, 'GetPolicy');
    if (fault) {
      const status = /AccessDenied/.test(fault.error) ? 403 : 400;
      const fn = `arn:aws:lambda:${FAKE_REGION}:${FAKE_ACCOUNT}:function:${name}`;
      return send(status, { Type: 'User', message: fault.message ?? (status === 403 ? deniedMessage('lambda:GetPolicy', fn) : fault.error) }, fault.error);
    }
    const fn = functions.find((f) => f.name === name);
    if (!fn) return send(404, { Type: 'User', message: `Function not found: arn:aws:lambda:${FAKE_REGION}:${FAKE_ACCOUNT}:function:${name}` }, 'ResourceNotFoundException');
    if (fn.policy === undefined) return send(404, { Type: 'User', message: 'The resource you requested does not exist.' }, 'ResourceNotFoundException');
    return send(200, { Policy: typeof fn.policy === 'string' ? fn.policy : JSON.stringify(fn.policy), RevisionId: 'fake-revision-1' });
  }, faults);
  return { ...loop, functions };
}
