import { request, type Dispatcher } from 'undici';
import { UserError } from '../errors.js';
import { redactSecrets } from '../secrets.js';
import type { GenesysConfig } from './config.js';
import { apiErrorFromResponse, GenesysApiError, parseErrorBody, pathOf } from './errors.js';
import { backoffDelay, DEFAULT_RETRY_POLICY, parseRetryAfter, rateLimitDelay, sleepNoticing, type RetryPolicy, type WaitingTicker } from './retry.js';

export interface GenesysClientOptions {
  /** undici dispatcher (Agent, ProxyAgent, MockAgent); the global one when absent. */
  dispatcher?: Dispatcher;
  retry?: Partial<RetryPolicy>;
  /** Time to wait for response headers, and between body chunks. */
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
  /** Called with a human-readable line on each retry (already free of secrets). */
  onRetry?: (message: string) => void;
  /**
   * Called every `waitingNoticeMs` (default 10 s) while a request waits to be
   * retried (429s, 5xx, dropped connections): for output that is not a terminal.
   */
  onWaiting?: (message: string) => void;
  waitingNoticeMs?: number;
  random?: () => number;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  signal?: AbortSignal;
  /**
   * Retry 5xx/connection drops for this call even though it is not GET/PUT/DELETE.
   * Analytics queries and the token grant are POSTs that change nothing, so
   * repeating them is safe.
   */
  idempotent?: boolean;
}

interface CachedToken {
  value: string;
  expiresAt: number;
  /** Renew from here on: 10% of the lifetime (at most a minute) before expiry. */
  renewAt: number;
}

const NOT_GENESYS_HINT =
  'Something between gceb and Genesys Cloud (a proxy, captive portal or a wrong GENESYSCLOUD_API_URL/--api-url) answered instead of the API; check the URL and the proxy.';

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const RETRYABLE_NETWORK = new Set([
  'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_CLOSED', 'EAI_AGAIN',
]);

/**
 * A Genesys Cloud Platform API client: OAuth client-credentials token cached
 * until shortly before expiry (one refresh at a time), renewed once on a 401;
 * 429 honours Retry-After within a budget; 5xx and dropped connections use
 * capped exponential backoff with full jitter for idempotent calls.
 */
export class GenesysClient {
  readonly apiUrl: string;
  readonly loginUrl: string;
  readonly region: string | undefined;
  private readonly clientId: string;
  private readonly clientSecret: string;
  private readonly policy: RetryPolicy;
  private token: CachedToken | undefined;
  private pendingToken: Promise<CachedToken> | undefined;
  /** Number of token grants performed (for diagnostics and tests). */
  tokenRequests = 0;

  constructor(config: GenesysConfig, private readonly options: GenesysClientOptions = {}) {
    this.apiUrl = config.apiUrl.replace(/\/+$/, '');
    this.loginUrl = config.loginUrl.replace(/\/+$/, '');
    this.region = config.region;
    this.clientId = config.clientId;
    this.clientSecret = config.clientSecret;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  }

  get dispatcher(): Dispatcher | undefined {
    return this.options.dispatcher;
  }

  async get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('GET', path, options);
  }

  async post<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('POST', path, { ...options, body });
  }

  /** A valid access token, from cache or a fresh grant (single-flight). */
  async accessToken(signal?: AbortSignal): Promise<string> {
    if (this.token && Date.now() < this.token.renewAt) return this.token.value;
    if (!this.pendingToken) {
      this.pendingToken = this.grantToken(signal).finally(() => {
        this.pendingToken = undefined;
      });
    }
    this.token = await this.pendingToken;
    return this.token.value;
  }

  private invalidateToken(value: string): void {
    if (this.token?.value === value) this.token = undefined;
  }

  private async grantToken(signal?: AbortSignal): Promise<CachedToken> {
    this.tokenRequests += 1;
    const url = `${this.loginUrl}/oauth/token`;
    const basic = Buffer.from(`${this.clientId}:${this.clientSecret}`).toString('base64');
    const started = Date.now();
    const res = await this.send('POST', url, {
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
      signal,
      retryable: true,
      what: `the token request to ${this.loginUrl}`,
    });
    if (res.status === 400 || res.status === 401 || res.status === 403) {
      const body = parseErrorBody(res.text) as { error?: string; error_description?: string; message?: string };
      const said = body.error_description ?? body.message ?? body.error;
      throw new GenesysApiError(
        this.scrub(`Genesys Cloud rejected the OAuth client credentials for client id ${this.clientId} at ${url} (${res.status}${said ? `: ${said}` : ''})${res.correlationId ? ` (ININ-Correlation-Id ${res.correlationId})` : ''}.`),
        { status: res.status, correlationId: res.correlationId, method: 'POST', url },
        'Check GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET, that the OAuth client uses the Client Credentials grant, and that GENESYSCLOUD_REGION is the org\'s region.',
      );
    }
    if (res.status >= 300) throw this.scrubError(apiErrorFromResponse('POST', url, res.status, res.text, res.correlationId));
    let parsed: { access_token?: unknown; expires_in?: unknown };
    try {
      parsed = JSON.parse(res.text) as typeof parsed;
    } catch {
      parsed = {};
    }
    if (typeof parsed.access_token !== 'string' || parsed.access_token === '') {
      throw new GenesysApiError(`The token endpoint ${url} answered without an access_token.`, { status: res.status, url },
        'Check GENESYSCLOUD_LOGIN_URL / GENESYSCLOUD_REGION: it should point at login.<your region domain>.');
    }
    const lifetime = typeof parsed.expires_in === 'number' && parsed.expires_in > 0 ? parsed.expires_in : 3600;
    const expiresAt = started + lifetime * 1000;
    return { value: parsed.access_token, expiresAt, renewAt: expiresAt - Math.min(60_000, lifetime * 100) };
  }

  /** Calls `<apiUrl><path>` with a bearer token; returns the parsed JSON (or undefined for an empty body). */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const url = this.url(path, options.query);
    const retryable = options.idempotent ?? IDEMPOTENT_METHODS.has(method);
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    let renewed = false;
    for (;;) {
      const token = await this.accessToken(options.signal);
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await this.send(method, url, { headers, body, signal: options.signal, retryable, what: `${method} ${pathOf(url)}` });
      if (res.status === 401 && !renewed) {
        renewed = true;
        this.invalidateToken(token);
        this.options.onRetry?.(`${method} ${pathOf(url)}: 401, renewing the access token once`);
        continue;
      }
      if (res.status >= 300) throw this.scrubError(apiErrorFromResponse(method, url, res.status, res.text, res.correlationId));
      if (res.text.trim() === '') return undefined as T;
      let parsed: unknown;
      try {
        parsed = JSON.parse(res.text);
      } catch {
        throw new GenesysApiError(`Genesys Cloud answered ${method} ${pathOf(url)} with a body that is not JSON.`,
          { status: res.status, correlationId: res.correlationId, url }, NOT_GENESYS_HINT);
      }
      if (parsed === null || typeof parsed !== 'object') {
        const said = typeof parsed === 'string' ? parsed : res.text.trim();
        const shown = said.length > 80 ? `${said.slice(0, 80)}…` : said;
        throw new GenesysApiError(
          this.scrub(`Genesys Cloud answered ${method} ${pathOf(url)} with ${parsed === null ? 'null' : `a JSON ${typeof parsed}`} (${JSON.stringify(shown)}), not the JSON object the API returns.`),
          { status: res.status, correlationId: res.correlationId, url }, NOT_GENESYS_HINT);
      }
      return parsed as T;
    }
  }

  /** Absolute URL for an API path, or a `nextUri` (relative or absolute). */
  url(path: string, query?: RequestOptions['query']): string {
    const u = /^https?:\/\//.test(path) ? new URL(path) : new URL(`${this.apiUrl}${path.startsWith('/') ? '' : '/'}${path}`);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
    return u.toString();
  }

  /** One HTTP exchange with the retry policy applied; returns the final status and body text. */
  private async send(
    method: string,
    url: string,
    req: { headers: Record<string, string>; body?: string; signal?: AbortSignal; retryable: boolean; what: string },
  ): Promise<{ status: number; text: string; correlationId?: string }> {
    let failures = 0;
    let rateLimits = 0;
    let rateLimitedMs = 0;
    let waitingSince: number | undefined;
    let ticker: WaitingTicker | undefined;
    const wait = (ms: number) => {
      if (waitingSince === undefined) {
        waitingSince = Date.now();
        const every = this.options.waitingNoticeMs ?? 10_000;
        ticker = this.options.onWaiting && {
          next: waitingSince + every,
          every,
          emit: () => {
            const why = rateLimits > 0 ? `rate limited (429) ${rateLimits} ${rateLimits === 1 ? 'time' : 'times'}` : `${failures} failed ${failures === 1 ? 'attempt' : 'attempts'}`;
            const budget = rateLimits > 0 ? `; gives up after ${Math.round(this.policy.rateLimitBudgetMs / 1000)} s of waiting` : '';
            this.options.onWaiting!(`still waiting to retry ${req.what}: ${why}, ${Math.round((Date.now() - waitingSince!) / 1000)} s so far${budget}`);
          },
        };
      }
      return sleepNoticing(ms, req.signal, ticker);
    };
    for (;;) {
      let status: number;
      let text: string;
      let correlationId: string | undefined;
      let retryAfter: string | string[] | undefined;
      try {
        const res = await request(url, {
          method: method as Dispatcher.HttpMethod,
          headers: req.headers,
          body: req.body,
          signal: req.signal,
          dispatcher: this.options.dispatcher,
          headersTimeout: this.options.headersTimeoutMs ?? 30_000,
          bodyTimeout: this.options.bodyTimeoutMs ?? 60_000,
        });
        status = res.statusCode;
        text = await res.body.text();
        const corr = res.headers['inin-correlation-id'];
        correlationId = Array.isArray(corr) ? corr[0] : corr;
        retryAfter = res.headers['retry-after'];
      } catch (error) {
        if (req.signal?.aborted) throw error;
        const code = errorCode(error);
        failures += 1;
        if (req.retryable && code && RETRYABLE_NETWORK.has(code) && failures < this.policy.maxAttempts) {
          const delay = backoffDelay(failures - 1, this.policy, this.options.random);
          this.options.onRetry?.(`${req.what}: ${code}, retry ${failures} in ${delay} ms`);
          await wait(delay);
          continue;
        }
        throw this.networkError(error, url, code, req.what);
      }
      if (status === 429) {
        const told = parseRetryAfter(retryAfter);
        const delay = told !== undefined ? Math.min(told, this.policy.maxRetryAfterMs) : rateLimitDelay(rateLimits, this.policy, this.options.random);
        if (rateLimitedMs + delay > this.policy.rateLimitBudgetMs) return { status, text, correlationId };
        rateLimitedMs += delay;
        rateLimits += 1;
        this.options.onRetry?.(`${req.what}: 429 rate limited (${rateLimits}), waiting ${delay} ms (${told !== undefined ? 'Retry-After' : 'backoff'})`);
        await wait(delay);
        continue;
      }
      if (status >= 500 && req.retryable) {
        failures += 1;
        if (failures < this.policy.maxAttempts) {
          const delay = backoffDelay(failures - 1, this.policy, this.options.random);
          this.options.onRetry?.(`${req.what}: ${status}, retry ${failures} in ${delay} ms`);
          await wait(delay);
          continue;
        }
      }
      return { status, text, correlationId };
    }
  }

  private networkError(error: unknown, url: string, code: string | undefined, what: string): UserError {
    const host = hostOf(url);
    const region = this.region ? ` (region ${this.region})` : '';
    const detail = error instanceof Error ? error.message : String(error);
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      return new UserError(`Cannot resolve the Genesys Cloud host ${host}${region} for ${what}.`, {
        hint: 'Check GENESYSCLOUD_REGION (a name like eu-west-1 or a domain like mypurecloud.ie), any --api-url/--login-url override, and your DNS/proxy.',
        cause: error,
      });
    }
    if (code === 'ECONNREFUSED') {
      return new UserError(`Cannot connect to the Genesys Cloud host ${host}${region}: connection refused (${what}).`, {
        hint: 'Check the region and any GENESYSCLOUD_API_URL/GENESYSCLOUD_LOGIN_URL override; a proxy or firewall may be blocking HTTPS.',
        cause: error,
      });
    }
    return new UserError(this.scrub(`Lost the connection to ${host}${region} during ${what} (${code ?? detail}), also on retries.`), {
      hint: 'Check your network or proxy and try again.',
      cause: error,
    });
  }

  private scrub(text: string): string {
    return redactSecrets(text, {}, [this.clientSecret, this.token?.value ?? '']);
  }

  private scrubError<E extends GenesysApiError>(error: E): E {
    error.message = this.scrub(error.message);
    return error;
  }
}

export function createGenesysClient(config: GenesysConfig, options: GenesysClientOptions = {}): GenesysClient {
  return new GenesysClient(config, options);
}

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const errors = (e as { errors?: unknown[] }).errors;
    if (Array.isArray(errors) && errors.length > 0) {
      const inner = errorCode(errors[0]);
      if (inner) return inner;
    }
  }
  return undefined;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
