/**
 * The shared plumbing of the loopback AWS fakes in this folder: a 127.0.0.1 server on a random port,
 * every request recorded (operation, body, SigV4 or not), and planted faults per operation.
 * Each service file speaks its own SDK client's wire protocol on top of this.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PlantedFault {
  /** An operation name such as `GetMetricData`, or `*`. */
  operation: string;
  /** The AWS error code, e.g. `AccessDeniedException`. */
  error: string;
  message?: string;
  /** Fail only the first N matching calls; default every call. */
  times?: number;
}

export interface RecordedCall {
  operation: string;
  body: unknown;
  signed: boolean;
}

export interface Loopback {
  url: string;
  calls: RecordedCall[];
  faults: PlantedFault[];
  close(): Promise<void>;
}

export const FAKE_ACCOUNT = '123456789012';
export const FAKE_REGION = 'us-east-1';

/** AWS's AccessDenied text, which names the action the identity lacks. */
export function deniedMessage(action: string, resource: string): string {
  return `User: arn:aws:iam::${FAKE_ACCOUNT}:user/gceb-test is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;
}

/** The first planted fault for `operation` that is still live (counting down `times`). */
export function takeFault(faults: PlantedFault[], operation: string): PlantedFault | undefined {
  for (const f of faults) {
    if (f.operation !== '*' && f.operation !== operation) continue;
    if (f.times !== undefined) {
      if (f.times <= 0) continue;
      f.times -= 1;
    }
    return f;
  }
  return undefined;
}

/** A 127.0.0.1 server on a random port around one async handler; a handler that throws ends its request with a 500. */
export async function listenOnLoopback(handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The request body of an AWS JSON protocol call; `undefined` when it is not a JSON text. */
export async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const text = (await readBody(req)).toString('utf8');
  try {
    return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    return undefined;
  }
}

/** An AWS JSON 1.0/1.1 answer; an error names its type in `x-amzn-errortype`, as the services send it. */
export function sendAwsJson(res: ServerResponse, version: '1.0' | '1.1', status: number, body: unknown, options: { errorType?: string; requestId?: string } = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': `application/x-amz-json-${version}`,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': options.requestId ?? `fake-${Date.now()}`,
    ...(options.errorType ? { 'x-amzn-errortype': options.errorType } : {}),
  });
  res.end(text);
}

export async function startLoopback(
  handle: (req: IncomingMessage, body: Buffer, res: ServerResponse, record: (operation: string, body: unknown) => void) => void | Promise<void>,
  faults: PlantedFault[] = [],
): Promise<Loopback> {
  const calls: RecordedCall[] = [];
  const server = await listenOnLoopback(async (req, res) => {
    const body = await readBody(req);
    const signed = String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256');
    await handle(req, body, res, (operation, recorded) => calls.push({ operation, body: recorded, signed }));
  });
  return { ...server, calls, faults };
}

/** An AWS JSON 1.0/1.1 server (`X-Amz-Target: <prefix>.<Operation>`). `queryCompatible` adds `x-amzn-query-error`, as CloudWatch and SQS send it. */
export function jsonRpcHandler(options: {
  targetPrefix: string;
  version: '1.0' | '1.1';
  operations: Record<string, (body: Record<string, unknown>) => unknown>;
  faults: PlantedFault[];
  /** AWS JSON error `__type` and query code for a planted error code. */
  errorShape?: (code: string) => { type: string; queryCode?: string; status?: number };
  deniedAction: (operation: string) => string;
}) {
  return (req: IncomingMessage, raw: Buffer, res: ServerResponse, record: (operation: string, body: unknown) => void) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith(`${options.targetPrefix}.`) ? target.slice(options.targetPrefix.length + 1) : '';
    let body: Record<string, unknown> = {};
    try {
      body = raw.length === 0 ? {} : (JSON.parse(raw.toString('utf8')) as Record<string, unknown>);
    } catch {
      body = {};
    }
    record(operation, body);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      const text = JSON.stringify(payload);
      res.writeHead(status, {
        'content-type': `application/x-amz-json-${options.version}`,
        'content-length': Buffer.byteLength(text),
        'x-amzn-requestid': `fake-${Date.now()}`,
        ...headers,
      });
      res.end(text);
    };
    const fail = (code: string, message: string) => {
      const shape = options.errorShape?.(code) ?? { type: code };
      send(shape.status ?? 400, { __type: shape.type, message }, shape.queryCode ? { 'x-amzn-query-error': `${shape.queryCode};Sender` } : {});
    };
    const handler = options.operations[operation];
    if (req.method !== 'POST' || !handler) return fail('UnknownOperationException', `Unknown operation ${target}`);
    const fault = takeFault(options.faults, operation);
    if (fault) return fail(fault.error, fault.message ?? (/AccessDenied/.test(fault.error) ? deniedMessage(options.deniedAction(operation), '*') : `${fault.error} planted by the fake`));
    try {
      send(200, handler(body));
    } catch (error) {
      if (error instanceof FakeAwsError) return fail(error.code, error.message);
      throw error;
    }
  };
}

export class FakeAwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
