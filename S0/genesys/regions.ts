import { UserError } from '../errors.js';

/** Genesys Cloud regions: AWS-style name ↔ domain (API `api.<domain>`, login `login.<domain>`). */
export const GENESYS_REGIONS: ReadonlyArray<{ name: string; domain: string; note?: string }> = [
  { name: 'us-east-1', domain: 'mypurecloud.com' },
  { name: 'us-east-2', domain: 'use2.us-gov-pure.cloud', note: 'FedRAMP' },
  { name: 'us-west-2', domain: 'usw2.pure.cloud' },
  { name: 'ca-central-1', domain: 'cac1.pure.cloud' },
  { name: 'sa-east-1', domain: 'sae1.pure.cloud' },
  { name: 'mx-central-1', domain: 'mxc1.pure.cloud' },
  { name: 'eu-west-1', domain: 'mypurecloud.ie' },
  { name: 'eu-west-2', domain: 'euw2.pure.cloud' },
  { name: 'eu-central-1', domain: 'mypurecloud.de' },
  { name: 'eu-central-2', domain: 'euc2.pure.cloud' },
  { name: 'me-central-1', domain: 'mec1.pure.cloud' },
  { name: 'ap-south-1', domain: 'aps1.pure.cloud' },
  { name: 'ap-southeast-1', domain: 'apse1.pure.cloud' },
  { name: 'ap-southeast-2', domain: 'mypurecloud.com.au' },
  { name: 'ap-northeast-1', domain: 'mypurecloud.jp' },
  { name: 'ap-northeast-2', domain: 'apne2.pure.cloud' },
  { name: 'ap-northeast-3', domain: 'apne3.pure.cloud' },
];

export interface GenesysRegion {
  name: string;
  domain: string;
  apiUrl: string;
  loginUrl: string;
}

/**
 * Accepts a region name (`eu-west-1`), a domain (`mypurecloud.ie`) or a host
 * under it (`api.mypurecloud.ie`, `https://login.mypurecloud.ie/`).
 */
export function resolveRegion(nameOrDomain: string): GenesysRegion {
  const key = nameOrDomain
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/[/:].*$/, '')
    .replace(/^(api|login|apps|streaming)\./, '');
  const found = GENESYS_REGIONS.find((r) => r.name === key || r.domain === key);
  if (!found) {
    throw new UserError(`Unknown Genesys Cloud region '${nameOrDomain}'.`, {
      hint: `Use a region name or its domain: ${GENESYS_REGIONS.map((r) => `${r.name} (${r.domain})`).join(', ')}.`,
    });
  }
  return {
    name: found.name,
    domain: found.domain,
    apiUrl: `https://api.${found.domain}`,
    loginUrl: `https://login.${found.domain}`,
  };
}
