import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAuthorized, type Credential } from './auth.js';
import { decideFault, type ErrorStatus, type FaultDecision, type FaultSettings } from './faults.js';
import { handleLookupRequest, type LookupContext } from './lookups/routes.js';
import { handleApiRequest, type ApiContext, type ApiResult } from './routes.js';
import type { RateLimiter } from './rateLimits.js';
import type { SeededRng } from './rng.js';
import type { StatsRecorder } from './stats.js';
import { TWILIO_CODES, statusError, twilioError } from './twilioError.js';

export interface ServerContext {
  readonly api: ApiContext;
  /** The resources flow files may name (Studio flows, services, workspaces, workflows). */
  readonly lookups: LookupContext;
  readonly credentials: readonly Credential[];
  readonly faults: FaultSettings;
  readonly maxConcurrent: number;
  /** Sent as `Retry-After` with every 429; undefined: no header. */
  readonly retryAfterSeconds: number | undefined;
  /** Twilio's per-endpoint rate limits; undefined when they are off. */
  readonly rateLimiter: RateLimiter | undefined;
  readonly stats: StatsRecorder;
  /** Read on each request: reset() replaces it with a fresh one from the seed. */
  faultRng(): SeededRng;
  /** Called after a request changed the state; the answer waits until it resolves (the change is durable). */
  changed(): Promise<void> | undefined;
  /** The /_emulator control paths; undefined when the path is not one. */
  control(method: string, path: string): ApiResult | undefined;
}

const MAX_BODY_BYTES = 1024 * 1024;
/** Status recorded for a request whose client went away before an answer (nginx's convention). */
const CLIENT_CLOSED = 499;

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function delay(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}

function send(res: ServerResponse, result: ApiResult, extraHeaders: Record<string, string> = {}): void {
  if (res.destroyed) return;
  if (result.body === undefined) {
    res.writeHead(result.status, extraHeaders).end();
    return;
  }
  const json = JSON.stringify(result.body);
  res
    .writeHead(result.status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(json)),
      ...extraHeaders,
    })
    .end(json);
}

function retryAfterHeader(status: number, retryAfterSeconds: number | undefined): Record<string, string> {
  return status === 429 && retryAfterSeconds !== undefined ? { 'Retry-After': String(retryAfterSeconds) } : {};
}

function sendStatus(res: ServerResponse, status: ErrorStatus, retryAfterSeconds: number | undefined): void {
  send(res, { status, body: statusError(status), committed: false }, retryAfterHeader(status, retryAfterSeconds));
}

const unauthorized: ApiResult = { status: 401, body: twilioError(401, TWILIO_CODES.authentication, 'Authenticate'), committed: false };

/** The HTTP side of the emulator: control paths, then concurrency cap, faults, auth and the API. */
export function createRequestListener(ctx: ServerContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void serve(ctx, req, res).catch(() => res.destroy());
  };
}

async function serve(ctx: ServerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const control = ctx.control(method, url.pathname);
  if (control) {
    req.resume();
    send(res, control);
    return;
  }

  const inFlight = ctx.stats.begin(method);
  const decision: FaultDecision = decideFault(ctx.faultRng(), ctx.faults);
  let outcome: number | 'reset' = CLIENT_CLOSED;
  res.on('close', () => ctx.stats.end(outcome));
  const finish = (result: ApiResult, headers?: Record<string, string>): void => {
    outcome = result.status;
    send(res, result, headers);
  };
  const strike = (): void => {
    const fault = decision.fault;
    if (fault === null) return;
    if (fault.kind === 'reset') {
      outcome = 'reset';
      req.socket.destroy();
    } else {
      outcome = fault.status;
      sendStatus(res, fault.status, ctx.retryAfterSeconds);
    }
  };

  if (ctx.maxConcurrent > 0 && inFlight > ctx.maxConcurrent) {
    req.resume();
    outcome = 429;
    sendStatus(res, 429, ctx.retryAfterSeconds);
    return;
  }
  const body = await readBody(req);
  await delay(decision.delayMs);
  if (res.destroyed) return;
  if (decision.fault && !decision.afterCommit) return strike();
  if (!isAuthorized(req.headers.authorization, ctx.credentials)) {
    return finish(unauthorized, { 'WWW-Authenticate': 'Basic realm="Twilio API"' });
  }
  // Per account, so only once the caller is known; a refused request was not processed.
  if (ctx.rateLimiter && !ctx.rateLimiter.admit(method, url.pathname)) {
    return finish({ status: 429, body: statusError(429), committed: false }, retryAfterHeader(429, ctx.retryAfterSeconds));
  }
  if (body === undefined) {
    return finish({ status: 413, body: twilioError(413, TWILIO_CODES.badParameter, 'Request body too large'), committed: false });
  }
  const request = { method, path: url.pathname, query: url.searchParams, body };
  const result = handleLookupRequest(ctx.lookups, request) ?? handleApiRequest(ctx.api, request);
  if (result.committed) await ctx.changed();
  if (decision.fault) return strike();
  finish(result);
}
