/** The parts of an Amazon Resource Name: arn:partition:service:region:account:resource. */
export interface ArnParts {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

export function parseArn(arn: string): ArnParts | undefined {
  const m = /^arn:([\w-]+):([\w-]+):([\w-]*):(\d*):(.+)$/.exec(arn);
  return m ? { partition: m[1]!, service: m[2]!, region: m[3]!, account: m[4]!, resource: m[5]! } : undefined;
}
