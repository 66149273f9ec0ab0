/**
 * A loopback Amazon Athena for tests, speaking the real SDK client's protocol
 * (AWS JSON 1.1: POST /, `x-amz-target: AmazonAthena.<Operation>`): the query
 * life cycle StartQueryExecution → GetQueryExecution (QUEUED, RUNNING, then
 * SUCCEEDED or FAILED) → GetQueryResults in pages (the header row first, as
 * Athena sends it), StopQueryExecution. What a query returns is the test's
 * `execute` function.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeResult {
  columns: Array<{ name: string; type: string }>;
  rows: Array<Array<string | null>>;
  bytesScanned?: number;
}

export interface FakeAthenaOptions {
  execute: (sql: string, request: Record<string, unknown>) => Promise<FakeResult>;
  /** GetQueryExecution calls answered RUNNING before the state settles. Default 2. */
  runningPolls?: number;
  /** Rows per GetQueryResults page (Athena's maximum is 1000). Default 1000. */
  pageSize?: number;
}

interface Execution {
  id: string;
  sql: string;
  request: Record<string, unknown>;
  polls: number;
  state: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  result?: FakeResult;
  error?: string;
}

export interface FakeAthena {
  endpoint: string;
  /** Every request's operation name, in order. */
  calls: string[];
  executions: Execution[];
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export async function startFakeAthena(options: FakeAthenaOptions): Promise<FakeAthena> {
  const executions = new Map<string, Execution>();
  const calls: string[] = [];
  const pageSize = options.pageSize ?? 1000;
  const runningPolls = options.runningPolls ?? 2;
  let seq = 0;
  const server: Server = createServer(async (req, res) => {
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `req-${++seq}` });
      res.end(JSON.stringify(payload));
    };
    const fail = (type: string, message: string) => send(400, { __type: type, Message: message });
    try {
      const target = String(req.headers['x-amz-target'] ?? '');
      const op = target.replace(/^AmazonAthena\./, '');
      calls.push(op);
      const input = await body(req);
      switch (op) {
        case 'StartQueryExecution': {
          if (typeof input.QueryString !== 'string' || input.QueryString === '') return fail('InvalidRequestException', 'QueryString is required');
          const id = `q-${executions.size + 1}`;
          const execution: Execution = { id, sql: input.QueryString, request: input, polls: 0, state: 'QUEUED' };
          executions.set(id, execution);
          options.execute(input.QueryString, input).then(
            (result) => (execution.result = result),
            (error: unknown) => (execution.error = (error as Error).message),
          );
          return send(200, { QueryExecutionId: id });
        }
        case 'GetQueryExecution': {
          const e = executions.get(String(input.QueryExecutionId));
          if (!e) return fail('InvalidRequestException', `QueryExecution ${String(input.QueryExecutionId)} was not found`);
          e.polls++;
          if (e.state !== 'CANCELLED') {
            if (e.polls <= runningPolls || (e.result === undefined && e.error === undefined)) e.state = e.polls === 1 ? 'QUEUED' : 'RUNNING';
            else e.state = e.error !== undefined ? 'FAILED' : 'SUCCEEDED';
          }
          return send(200, {
            QueryExecution: {
              QueryExecutionId: e.id,
              Query: e.sql,
              StatementType: 'DML',
              ResultConfiguration: { OutputLocation: `${(e.request.ResultConfiguration as { OutputLocation?: string } | undefined)?.OutputLocation ?? 's3://fake-results/'}${e.id}.csv` },
              QueryExecutionContext: e.request.QueryExecutionContext,
              WorkGroup: e.request.WorkGroup ?? 'primary',
              Status: { State: e.state, ...(e.state === 'FAILED' ? { StateChangeReason: e.error, AthenaError: { ErrorCategory: 2, ErrorType: 1306, ErrorMessage: e.error } } : {}) },
              Statistics: e.state === 'SUCCEEDED' ? { DataScannedInBytes: e.result?.bytesScanned ?? 0, EngineExecutionTimeInMillis: 5, TotalExecutionTimeInMillis: 7 } : {},
            },
          });
        }
        case 'GetQueryResults': {
          const e = executions.get(String(input.QueryExecutionId));
          if (!e) return fail('InvalidRequestException', 'QueryExecution was not found');
          if (e.state !== 'SUCCEEDED' || !e.result) return fail('InvalidRequestException', `Query has not yet finished. Current state: ${e.state}`);
          const all = [e.result.columns.map((c) => c.name), ...e.result.rows];
          const start = input.NextToken ? Number(input.NextToken) : 0;
          const size = Math.min(Number(input.MaxResults ?? pageSize), pageSize);
          const page = all.slice(start, start + size);
          const next = start + size < all.length ? String(start + size) : undefined;
          return send(200, {
            ResultSet: {
              Rows: page.map((r) => ({ Data: r.map((v) => (v === null ? {} : { VarCharValue: v })) })),
              ResultSetMetadata: { ColumnInfo: e.result.columns.map((c) => ({ CatalogName: 'hive', SchemaName: '', TableName: '', Name: c.name, Label: c.name, Type: c.type, Precision: 0, Scale: 0, Nullable: 'UNKNOWN', CaseSensitive: false })) },
            },
            ...(next ? { NextToken: next } : {}),
            UpdateCount: 0,
          });
        }
        case 'StopQueryExecution': {
          const e = executions.get(String(input.QueryExecutionId));
          if (e) e.state = 'CANCELLED';
          return send(200, {});
        }
        default:
          return fail('UnknownOperationException', `Unknown operation ${target}`);
      }
    } catch (error) {
      send(500, { __type: 'InternalServerException', Message: (error as Error).message });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    get executions() {
      return [...executions.values()];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
