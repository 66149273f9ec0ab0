import { UserError } from '../errors.js';

/** A failed Genesys Cloud call, with what Genesys support needs (status, correlation id). */
export class GenesysApiError extends UserError {
  override name = 'GenesysApiError';
  constructor(
    message: string,
    readonly details: { status?: number; correlationId?: string; code?: string; method?: string; url?: string },
    hint?: string,
  ) {
    super(message, { hint });
  }
  get status(): number | undefined {
    return this.details.status;
  }
}

export interface GenesysErrorBody {
  message?: string;
  code?: string;
  status?: number;
  messageParams?: Record<string, unknown>;
  contextId?: string;
}

export function parseErrorBody(text: string): GenesysErrorBody {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') return parsed as GenesysErrorBody;
  } catch {
    // not JSON: fall through
  }
  return { message: text.trim().slice(0, 300) || undefined };
}

/** Permission names such as `analytics:conversationDetail:view` mentioned in an error. */
export function permissionsIn(body: GenesysErrorBody): string[] {
  const texts = [body.message ?? '', JSON.stringify(body.messageParams ?? {})];
  const found = new Set<string>();
  for (const text of texts) {
    for (const m of text.matchAll(/\b[a-zA-Z]+:[a-zA-Z*]+:[a-zA-Z*]+\b/g)) found.add(m[0]);
  }
  return [...found];
}

/** Turns an HTTP failure into an error that says what went wrong and what to do. */
export function apiErrorFromResponse(
  method: string,
  url: string,
  status: number,
  bodyText: string,
  correlationId: string | undefined,
): GenesysApiError {
  const body = parseErrorBody(bodyText);
  const where = `${method} ${pathOf(url)}`;
  const said = body.message ? `: ${body.message}` : '';
  const corr = correlationId ? ` (ININ-Correlation-Id ${correlationId})` : '';
  const details = { status, correlationId, code: body.code, method, url };
  if (status === 403) {
    const perms = permissionsIn(body);
    const need = perms.length > 0 ? `the permission ${perms.join(', ')}` : 'the permission this call needs';
    return new GenesysApiError(`Genesys Cloud refused ${where} with 403 Forbidden${said}${corr}.`, details,
      `Give the OAuth client's role ${need} (Admin > Roles/Permissions), and make sure the role is granted on the right division.`);
  }
  if (status === 401) {
    return new GenesysApiError(`Genesys Cloud rejected the access token for ${where} (401)${said}${corr}.`, details,
      'Check that the OAuth client exists and is active, and that GENESYSCLOUD_REGION matches the org\'s region.');
  }
  if (status === 404) {
    return new GenesysApiError(`Genesys Cloud has no such resource: ${where} returned 404${said}${corr}.`, details,
      'Check the id in the request, and that the region points at the org that owns it.');
  }
  if (status === 400 || status === 422) {
    return new GenesysApiError(`Genesys Cloud rejected the request ${where} (${status})${said}${corr}.`, details,
      'Fix the request values named above (interval, filters, ids) and try again.');
  }
  if (status === 429) {
    return new GenesysApiError(`Genesys Cloud kept rate-limiting ${where} (429)${corr}; gave up after the retry budget.`, details,
      'Wait a minute and retry, or reduce concurrency; other apps using the same OAuth client share its rate limit.');
  }
  if (status >= 500) {
    return new GenesysApiError(`Genesys Cloud failed ${where} with ${status}${said}${corr}, also on retries.`, details,
      'This is on Genesys Cloud\'s side: retry later, and quote the correlation id to Genesys support if it persists.');
  }
  return new GenesysApiError(`Genesys Cloud answered ${where} with ${status}${said}${corr}.`, details);
}

export function pathOf(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url;
  }
}
