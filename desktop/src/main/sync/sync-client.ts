import type {
  DeviceReportRequest,
  EnrollRequest,
  EnrollResponse,
  ErrorBody,
  HealthResponse,
  OpResult,
  PullResponse,
  PushRequest,
  PushResponse,
} from '@seri/shared';

/**
 * Why a request to the backend did not give an answer to use. The worker decides from the
 * kind what happens to the queue: nothing is ever dropped for a failure of the network.
 */
export type SyncFailureKind =
  /** DNS, refused or reset connection: the terminal is offline or the server is down. */
  | 'network'
  /** No answer within the time limit. */
  | 'timeout'
  /** Our own stop signal cut the request (main is quitting). */
  | 'aborted'
  /** 5xx and unexpected statuses (404…): retry later. */
  | 'server'
  /** 429: the server asks to slow down. */
  | 'rate-limited'
  /** 401/403: the device token is unknown or revoked. */
  | 'unauthorized'
  /** 426: this terminal's protocol is too old; keep the queue and wait for the update. */
  | 'update-required'
  /** 400/409/413/422: the server refused this request as a whole, for what it contains. */
  | 'refused'
  /** A 2xx whose body is not what the protocol says. */
  | 'bad-response';

const TRANSIENT: ReadonlySet<SyncFailureKind> = new Set(['network', 'timeout', 'aborted', 'server', 'rate-limited', 'unauthorized', 'bad-response']);

export class SyncHttpError extends Error {
  constructor(
    readonly kind: SyncFailureKind,
    message: string,
    /** HTTP status, or null when no answer came back. */
    readonly status: number | null = null,
    readonly details: readonly string[] = [],
    /** From a Retry-After header, when the server sent one. */
    readonly retryAfterMs: number | null = null,
    /** The server's own message (ErrorBody.message), shown where it helps a person. */
    readonly serverMessage: string | null = null,
  ) {
    super(message);
    this.name = 'SyncHttpError';
  }

  /** Worth retrying later with the same ops. */
  get transient(): boolean {
    return TRANSIENT.has(this.kind);
  }

  /** The server was reached and answered (even with an error). */
  get reachedServer(): boolean {
    return this.status !== null;
  }
}

export interface SyncClientOptions {
  fetch?: typeof fetch;
  /** Per request; a push of a full batch over a slow shop link still fits in it. */
  timeoutMs?: number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** Joins a path to the server URL, keeping any path prefix (`https://h/seri` + `api/health`). */
export function apiUrl(serverUrl: string, path: string, query?: Record<string, string>): string {
  const base = serverUrl.endsWith('/') ? serverUrl : `${serverUrl}/`;
  const url = new URL(path.replace(/^\/+/, ''), base);
  for (const [key, value] of Object.entries(query ?? {})) url.searchParams.set(key, value);
  return url.toString();
}

function parseRetryAfter(header: string | null): number | null {
  if (header === null) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : null;
}

function errorMessage(body: unknown, fallback: string): { message: string; details: string[] } {
  if (body && typeof body === 'object') {
    const { message, details } = body as Partial<ErrorBody> & { message?: unknown };
    const detailList = Array.isArray(details) ? details.filter((d): d is string => typeof d === 'string') : [];
    if (typeof message === 'string' && message.length > 0) return { message, details: detailList };
    // Nest's default validation error puts the list in `message`.
    if (Array.isArray(message)) {
      const list = message.filter((m): m is string => typeof m === 'string');
      if (list.length > 0) return { message: list.join('; '), details: list };
    }
  }
  return { message: fallback, details: [] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isOpResult(value: unknown): value is OpResult {
  if (!isObject(value) || typeof value.opId !== 'string') return false;
  if (value.status === 'applied' || value.status === 'duplicate') return true;
  return value.status === 'rejected' && typeof value.code === 'string' && typeof value.reason === 'string';
}

/**
 * HTTP to the backend's sync API with the global fetch. Every failure comes out as a
 * SyncHttpError with its kind; the caller never has to look at a raw fetch error.
 */
export class SyncClient {
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;

  constructor(options: SyncClientOptions = {}) {
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  }

  async health(serverUrl: string, signal?: AbortSignal): Promise<HealthResponse> {
    const body = await this.request(apiUrl(serverUrl, 'api/health'), { method: 'GET' }, signal);
    if (!isObject(body) || typeof body.protocolVersion !== 'number' || typeof body.minProtocolVersion !== 'number') {
      throw new SyncHttpError('bad-response', 'Réponse du serveur illisible (santé)', 200);
    }
    return body as unknown as HealthResponse;
  }

  async enroll(serverUrl: string, request: EnrollRequest, signal?: AbortSignal): Promise<EnrollResponse> {
    const body = await this.request(apiUrl(serverUrl, 'api/devices/enroll'), jsonInit('POST', request), signal);
    if (
      !isObject(body) ||
      typeof body.deviceId !== 'string' ||
      typeof body.deviceToken !== 'string' ||
      typeof body.terminalCode !== 'string' ||
      !isObject(body.shop) ||
      typeof body.shop.id !== 'string'
    ) {
      throw new SyncHttpError('bad-response', 'Réponse du serveur illisible (enrôlement)', 201);
    }
    return body as unknown as EnrollResponse;
  }

  /** `ops`: each op's JSON as the queue stored it, written into the body as it is (a `PushRequest` on the wire). */
  async push(serverUrl: string, token: string, request: SerializedPush, signal?: AbortSignal): Promise<PushResponse> {
    const text = `{"protocolVersion":${JSON.stringify(request.protocolVersion)},"ops":[${request.ops.join(',')}]}`;
    const body = await this.request(apiUrl(serverUrl, 'api/sync/push'), jsonTextInit('POST', text, token), signal);
    if (!isObject(body) || !Array.isArray(body.results) || !body.results.every(isOpResult)) {
      throw new SyncHttpError('bad-response', 'Réponse du serveur illisible (envoi)', 200);
    }
    return body as unknown as PushResponse;
  }

  /** Tells the server how far behind this terminal is (cursor, queue), for the managers' device list. */
  async report(serverUrl: string, token: string, report: DeviceReportRequest, signal?: AbortSignal): Promise<void> {
    await this.request(apiUrl(serverUrl, 'api/devices/report'), jsonInit('POST', report, token), signal);
  }

  /** `scope`: a fresh terminal's bootstrap passes (PULL_SCOPES); `until` goes with `history`. */
  async pull(serverUrl: string, token: string, cursor: string, limit: number, signal?: AbortSignal, scope?: { scope: 'state' } | { scope: 'history'; until: string }): Promise<PullResponse> {
    const url = apiUrl(serverUrl, 'api/sync/pull', { cursor, limit: String(limit), ...(scope ?? {}) });
    const body = await this.request(url, { method: 'GET', headers: authHeaders(token) }, signal);
    if (
      !isObject(body) ||
      !Array.isArray(body.changes) ||
      typeof body.cursor !== 'string' ||
      typeof body.hasMore !== 'boolean' ||
      (body.credentials !== undefined && !Array.isArray(body.credentials))
    ) {
      throw new SyncHttpError('bad-response', 'Réponse du serveur illisible (réception)', 200);
    }
    return { ...(body as unknown as PullResponse), credentials: (body.credentials as PullResponse['credentials'] | undefined) ?? [] };
  }

  private async request(url: string, init: RequestInit, signal?: AbortSignal): Promise<unknown> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    let response: Response;
    try {
      response = await this.fetchImpl(url, { ...init, signal: signal ? AbortSignal.any([timeout, signal]) : timeout });
    } catch (error) {
      throw classifyFetchError(error, timeout, signal);
    }
    let body: unknown;
    try {
      body = parseJson(await response.text());
    } catch (error) {
      // An error page that is not JSON still says enough through its status.
      if (!response.ok) throw httpError(response, null);
      if (error instanceof SyntaxError) throw new SyncHttpError('bad-response', 'Réponse du serveur illisible', response.status);
      throw classifyFetchError(error, timeout, signal);
    }
    if (response.ok) return body;
    throw httpError(response, body);
  }
}

/** A push whose ops are already JSON texts (see `push`). */
export interface SerializedPush {
  protocolVersion: PushRequest['protocolVersion'];
  ops: readonly string[];
}

function parseJson(text: string): unknown {
  return text.length > 0 ? (JSON.parse(text) as unknown) : null;
}

function jsonInit(method: string, body: unknown, token?: string): RequestInit {
  return jsonTextInit(method, JSON.stringify(body), token);
}

/** A JSON body already written as text. */
function jsonTextInit(method: string, text: string, token?: string): RequestInit {
  return {
    method,
    headers: { 'content-type': 'application/json', ...(token === undefined ? {} : authHeaders(token)) },
    body: text,
  };
}

function authHeaders(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

function classifyFetchError(error: unknown, timeout: AbortSignal, signal: AbortSignal | undefined): SyncHttpError {
  if (signal?.aborted) return new SyncHttpError('aborted', 'Synchronisation interrompue');
  if (timeout.aborted || (error instanceof Error && error.name === 'TimeoutError')) {
    return new SyncHttpError('timeout', 'Le serveur ne répond pas (délai dépassé)');
  }
  return new SyncHttpError('network', 'Serveur injoignable');
}

function httpError(response: Response, body: unknown): SyncHttpError {
  const status = response.status;
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  const { message, details } = errorMessage(body, `HTTP ${status}`);
  const error = (kind: SyncFailureKind, text: string, retry: number | null = null): SyncHttpError =>
    new SyncHttpError(kind, text, status, details, retry, message);
  switch (status) {
    case 400:
    case 409:
    case 413:
    case 422:
      // 409: an opId of the batch was already used for another op; refused whole, nothing written.
      return error('refused', message);
    case 401:
    case 403:
      return error('unauthorized', 'Terminal non autorisé');
    case 426:
      return error('update-required', `Mise à jour requise : ${message}`);
    case 429:
      return error('rate-limited', 'Serveur surchargé, nouvel essai plus tard (HTTP 429)', retryAfterMs);
    default:
      // 404, 5xx…: a misrouted or failing server; the ops wait for it to come back.
      return error('server', status >= 500 ? `Erreur du serveur (HTTP ${status})` : `Réponse inattendue du serveur (HTTP ${status})`, retryAfterMs);
  }
}
