import { join } from 'node:path';

export interface FakeAwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * The environment for a CLI run against a fake EventBridge (`fakeEnv` = `eb.env`) with the given
 * credentials, in region us-east-1, that never reads the host's AWS config or credentials files
 * (they point at missing files in `dir`) nor the instance metadata service.
 */
export function isolatedAwsEnv(fakeEnv: Record<string, string>, dir: string, credentials: FakeAwsCredentials): Record<string, string> {
  return {
    ...fakeEnv,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...(credentials.sessionToken === undefined ? {} : { AWS_SESSION_TOKEN: credentials.sessionToken }),
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(dir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-aws-credentials'),
    NO_COLOR: '1',
  };
}
