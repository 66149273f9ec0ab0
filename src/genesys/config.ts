import { UserError } from '../errors.js';
import { resolveRegion } from './regions.js';

/** Where and as whom to talk to Genesys Cloud. Holds the secret: never print it. */
export interface GenesysConfig {
  clientId: string;
  clientSecret: string;
  /** `https://api.<domain>` or an override (proxy, test server). */
  apiUrl: string;
  /** `https://login.<domain>` or an override. */
  loginUrl: string;
  /** Region name when known (for messages). */
  region?: string;
}

/** Flags of the same meaning as the environment variables; flags win. */
export interface GenesysConfigFlags {
  clientId?: string;
  clientSecret?: string;
  region?: string;
  apiUrl?: string;
  loginUrl?: string;
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/**
 * Reads GENESYSCLOUD_OAUTHCLIENT_ID / _SECRET / GENESYSCLOUD_REGION and the
 * GENESYSCLOUD_API_URL / GENESYSCLOUD_LOGIN_URL overrides, flags first.
 */
export function genesysConfigFromEnv(env: NodeJS.ProcessEnv, flags: GenesysConfigFlags = {}): GenesysConfig {
  const clientId = flags.clientId ?? env.GENESYSCLOUD_OAUTHCLIENT_ID;
  const clientSecret = flags.clientSecret ?? env.GENESYSCLOUD_OAUTHCLIENT_SECRET;
  const regionInput = flags.region ?? env.GENESYSCLOUD_REGION;
  const apiOverride = flags.apiUrl ?? env.GENESYSCLOUD_API_URL;
  const loginOverride = flags.loginUrl ?? env.GENESYSCLOUD_LOGIN_URL;

  const missing: string[] = [];
  if (!clientId) missing.push('GENESYSCLOUD_OAUTHCLIENT_ID (or --client-id)');
  if (!clientSecret) missing.push('GENESYSCLOUD_OAUTHCLIENT_SECRET');
  if (!regionInput && !(apiOverride && loginOverride)) missing.push('GENESYSCLOUD_REGION (or --genesys-region)');
  if (missing.length > 0) {
    throw new UserError(`Genesys Cloud credentials are incomplete: missing ${missing.join(', ')}.`, {
      hint:
        'Create an OAuth client (grant type: Client Credentials) in Genesys Cloud Admin > OAuth, then\n' +
        '  export GENESYSCLOUD_OAUTHCLIENT_ID=... GENESYSCLOUD_OAUTHCLIENT_SECRET=... GENESYSCLOUD_REGION=us-east-1\n' +
        'The region is a name like eu-west-1 or a domain like mypurecloud.ie.',
    });
  }
  checkUrl(apiOverride, flags.apiUrl !== undefined ? '--api-url' : 'GENESYSCLOUD_API_URL');
  checkUrl(loginOverride, flags.loginUrl !== undefined ? '--login-url' : 'GENESYSCLOUD_LOGIN_URL');
  const region = regionInput ? resolveRegion(regionInput) : undefined;
  return {
    clientId: clientId!,
    clientSecret: clientSecret!,
    apiUrl: trimSlash(apiOverride ?? region!.apiUrl),
    loginUrl: trimSlash(loginOverride ?? region!.loginUrl),
    region: region?.name,
  };
}

/** An override must be an absolute http(s) URL; anything else is the user's typo, not a bug. */
function checkUrl(value: string | undefined, name: string): void {
  if (value === undefined) return;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.host === '') {
    throw new UserError(`${name} '${value}' is not an http(s) URL.`, {
      hint: `Give a full URL such as https://api.mypurecloud.ie (or leave ${name} out and set GENESYSCLOUD_REGION).`,
    });
  }
}
