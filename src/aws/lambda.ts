/** Lambda: a function's resource-based policy (GetPolicy), which must let events.amazonaws.com invoke it. */

import { GetPolicyCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { awsClientConfig, type AwsAccessOptions } from './client.js';
import { awsErrorCode } from './errors.js';

export function createLambdaClient(options: AwsAccessOptions): LambdaClient {
  return new LambdaClient(awsClientConfig(options, 'LAMBDA'));
}

/** The policy document (JSON text), or `undefined` when the function has no resource policy at all. */
export async function readLambdaPolicy(client: LambdaClient, functionArn: string, signal?: AbortSignal): Promise<string | undefined> {
  try {
    const out = await client.send(new GetPolicyCommand({ FunctionName: functionArn }), { abortSignal: signal });
    return out.Policy;
  } catch (error) {
    // Lambda answers ResourceNotFoundException both for a missing function and for a function without a policy.
    if (awsErrorCode(error) === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}
