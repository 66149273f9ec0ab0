import { logsInput, type LogsInput } from './logs-source.js';
import type { RemoteInputOptions } from './remote.js';
import { s3Inputs, type S3ObjectInput } from './s3-source.js';

export type RemoteEventInput = S3ObjectInput | LogsInput;

/** The inputs an `s3://...` or `logs:...` spec stands for (S3: one per object, listed now). */
export async function remoteInputs(spec: string, options: RemoteInputOptions & { signal?: AbortSignal }): Promise<RemoteEventInput[]> {
  if (spec.startsWith('s3://')) return s3Inputs(spec, options);
  return [logsInput(spec, options)];
}
