/**
 * A loopback S3 (REST-XML, path-style) for the real @aws-sdk/client-s3: ListObjectsV2 with
 * pagination (a small page size forces several pages) and GetObject. Every request is logged.
 * Not reproduced: signatures (not checked), virtual-hosted addressing, ranges, checksums,
 * versioning, region redirects, KMS, throttling (503 SlowDown).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeS3Request {
  method: string;
  bucket: string;
  key?: string;
  query: Record<string, string>;
}

export interface FakeS3 {
  endpoint: string;
  /** AWS_ENDPOINT_URL_S3 plus fake credentials and region. */
  env: Record<string, string>;
  requests: FakeS3Request[];
  put(key: string, body: Buffer | string): void;
  /** Answer requests for keys with this prefix with an S3 error. */
  deny(keyPrefix: string, code?: 'AccessDenied' | 'NoSuchKey'): void;
  close(): Promise<void>;
}

const xmlEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export async function startFakeS3(options: { bucket?: string; pageSize?: number } = {}): Promise<FakeS3> {
  const bucketName = options.bucket ?? 'genesys-archive';
  const pageSize = options.pageSize ?? 1000;
  const objects = new Map<string, { body: Buffer; modified: Date }>();
  const denied: Array<{ prefix: string; code: string }> = [];
  const requests: FakeS3Request[] = [];

  const error = (res: ServerResponse, status: number, code: string, message: string) => {
    res.writeHead(status, { 'content-type': 'application/xml', 'x-amz-request-id': 'fake' });
    res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message><RequestId>fake</RequestId></Error>`);
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const [, bucket = '', ...rest] = url.pathname.split('/');
    const key = rest.length > 0 ? decodeURIComponent(rest.join('/')) : undefined;
    const query = Object.fromEntries(url.searchParams);
    requests.push({ method: req.method ?? 'GET', bucket, ...(key ? { key } : {}), query });
    if (bucket !== bucketName) return error(res, 404, 'NoSuchBucket', 'The specified bucket does not exist');
    if (req.method === 'GET' && !key && query['list-type'] === '2') {
      const prefix = query.prefix ?? '';
      const after = query['continuation-token'] ?? query['start-after'] ?? '';
      const max = Math.min(pageSize, Number(query['max-keys'] ?? 1000));
      const keys = [...objects.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
      const page = keys.slice(0, max);
      const truncated = keys.length > page.length;
      const contents = page
        .map((k) => {
          const o = objects.get(k)!;
          return `<Contents><Key>${xmlEscape(k)}</Key><LastModified>${o.modified.toISOString()}</LastModified><ETag>&quot;fake&quot;</ETag><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
        })
        .join('');
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucketName}</Name><Prefix>${xmlEscape(prefix)}</Prefix>` +
          `<KeyCount>${page.length}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>` +
          `${truncated ? `<NextContinuationToken>${xmlEscape(page[page.length - 1]!)}</NextContinuationToken>` : ''}${contents}</ListBucketResult>`,
      );
      return;
    }
    if (req.method === 'GET' && key) {
      const deny = denied.find((d) => key.startsWith(d.prefix));
      if (deny) return deny.code === 'AccessDenied' ? error(res, 403, 'AccessDenied', 'Access Denied') : error(res, 404, 'NoSuchKey', 'The specified key does not exist.');
      const o = objects.get(key);
      if (!o) return error(res, 404, 'NoSuchKey', 'The specified key does not exist.');
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(o.body.length), etag: '"fake"', 'last-modified': o.modified.toUTCString() });
      res.end(o.body);
      return;
    }
    return error(res, 501, 'NotImplemented', `The fake does not implement ${req.method} ${url.pathname}`);
  };

  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => handle(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    env: { AWS_ENDPOINT_URL_S3: endpoint, AWS_ACCESS_KEY_ID: 'AKIAFAKES3', AWS_SECRET_ACCESS_KEY: 'fake-s3-secret', AWS_REGION: 'us-east-1' },
    requests,
    put: (key, body) => objects.set(key, { body: Buffer.isBuffer(body) ? body : Buffer.from(body), modified: new Date() }),
    deny: (prefix, code = 'AccessDenied') => denied.push({ prefix, code }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
