// Reading S3: listing the objects under a prefix (ListObjectsV2, paginated) and streaming one object (GetObject).
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { awsClientConfig, resolveServiceEndpoint, type AwsAccessOptions } from './client.js';
import { awsErrorToUserError } from './errors.js';

export interface S3ObjectInfo {
  key: string;
  size: number;
  lastModified?: Date;
}

/** An S3 client: path-style addressing when an endpoint override is set (LocalStack, MinIO, tests). */
export function createS3Client(options: AwsAccessOptions): S3Client {
  const endpoint = resolveServiceEndpoint(options.env, 'S3');
  const config = awsClientConfig(options, 'S3');
  return new S3Client({
    ...config,
    // a bucket's region may differ from the default one: the SDK follows S3's redirect
    region: config.region ?? 'us-east-1',
    followRegionRedirects: true,
    ...(endpoint ? { forcePathStyle: true } : {}),
  });
}

/** Every object under `prefix` (all pages of ListObjectsV2), in key order. */
export async function* listS3Objects(
  client: S3Client,
  bucket: string,
  prefix: string,
  options: { env: NodeJS.ProcessEnv; signal?: AbortSignal; startAfter?: string },
): AsyncGenerator<S3ObjectInfo> {
  let token: string | undefined;
  do {
    let page;
    try {
      page = await client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token, ...(token || !options.startAfter ? {} : { StartAfter: options.startAfter }) }),
        { abortSignal: options.signal },
      );
    } catch (error) {
      throw awsErrorToUserError(error, { service: 'S3', operation: 'ListObjectsV2', action: 's3:ListBucket', resource: `s3://${bucket}/${prefix}` }, options.env);
    }
    for (const item of page.Contents ?? []) {
      if (item.Key === undefined || item.Key.endsWith('/')) continue;
      yield { key: item.Key, size: item.Size ?? 0, ...(item.LastModified ? { lastModified: item.LastModified } : {}) };
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

/** The bytes of one object, as they arrive. */
export async function openS3Object(
  client: S3Client,
  bucket: string,
  key: string,
  options: { env: NodeJS.ProcessEnv; signal?: AbortSignal },
): Promise<AsyncIterable<Uint8Array>> {
  try {
    const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: options.signal });
    const body = res.Body as AsyncIterable<Uint8Array> | undefined;
    return body ?? (async function* () {})();
  } catch (error) {
    throw awsErrorToUserError(error, { service: 'S3', operation: 'GetObject', action: 's3:GetObject', resource: `s3://${bucket}/${key}` }, options.env);
  }
}
