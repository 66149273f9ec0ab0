/** Environment variables whose values must never be printed, logged or exported. */
export const SECRET_ENV_VARS = [
  'GENESYSCLOUD_OAUTHCLIENT_SECRET',
  'GENESYSCLOUD_ACCESS_TOKEN',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
] as const;

const MASK = '***';

/**
 * Replaces every known secret value (from the environment and `extra`) and
 * anything shaped like a bearer token or Basic credential in `text`.
 */
export function redactSecrets(text: string, env: NodeJS.ProcessEnv = {}, extra: readonly string[] = []): string {
  let out = text;
  const values = [...SECRET_ENV_VARS.map((name) => env[name]), ...extra].filter(
    (v): v is string => typeof v === 'string' && v.length >= 4,
  );
  for (const value of values) out = out.split(value).join(MASK);
  return out
    .replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, `$1${MASK}`)
    .replace(/(Basic\s+)[A-Za-z0-9+/=]{8,}/gi, `$1${MASK}`)
    .replace(/("?(?:access_token|client_secret|clientSecret|SecretAccessKey|SessionToken)"?\s*[:=]\s*"?)[^"\s&,}]+/gi, `$1${MASK}`);
}
