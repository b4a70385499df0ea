import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { type RetryEvent, USER_AGENT } from '../src/api/client.js';
import { NetworkError, OutcomeUnknownError } from '../src/api/errors.js';
import { TwilioApiError } from '../src/errors.js';
import type { FlowFields } from '../src/model/flexFlow.js';
import { clientFor } from './helpers/flexClient.js';
import { CHAT_SERVICE, liveFlow } from './helpers/fixtures.js';
import { withEmulator } from './helpers/withEmulator.js';

const flow = (name: string): FlowFields => ({ friendly_name: name, chat_service_sid: CHAT_SERVICE, channel_type: 'web', enabled: true });

describe('FlexFlows client against the emulator', () => {
  it('lists every page at PageSize=1000, following next_page_url', async () => {
    const emulator = await withEmulator();
    const names = Array.from({ length: 2_001 }, (_, i) => `flow-${String(i).padStart(4, '0')}`);
    emulator.preload(names.map((name) => ({ friendly_name: name, chat_service_sid: CHAT_SERVICE, channel_type: 'web' })));
    const listed = await clientFor(emulator).list();
    expect({
      distinct: new Set(listed.map((f) => f.sid)).size,
      names: listed.map((f) => f.friendly_name).sort(),
      pages: emulator.stats().by_method,
    }).toEqual({ distinct: 2_001, names, pages: { GET: 3 } });
  });

  it('lists by FriendlyName, fetches, updates and removes', async () => {
    const emulator = await withEmulator();
    const client = clientFor(emulator);
    const created = await client.create(flow('support'));
    await client.create(flow('sales'));
    const byName = await client.list({ friendlyName: 'support' });
    const updated = await client.update(created.sid, {
      enabled: false,
      integration_type: 'external',
      integration: { url: 'https://example.com/hook' },
    });
    const fetched = await client.fetch(created.sid);
    await client.remove(created.sid);
    const remaining = await client.list();
    expect({
      byName: byName.map((f) => f.sid),
      updated: [updated.enabled, updated.integration?.url],
      fetched: fetched.enabled,
      remaining: remaining.map((f) => f.friendly_name),
    }).toEqual({ byName: [created.sid], updated: [false, 'https://example.com/hook'], fetched: false, remaining: ['sales'] });
  });

  it.each([
    { name: 'unknown SID', call: 'fetch', status: 404, twilioCode: 20404 },
    { name: 'bad parameter', call: 'create', status: 400, twilioCode: 20001 },
    { name: 'wrong credentials', call: 'list', status: 401, twilioCode: 20003 },
  ] as const)('maps an error answer to TwilioApiError: $name', async ({ call, status, twilioCode }) => {
    const emulator = await withEmulator();
    const client = clientFor(call === 'list' ? { ...emulator, authToken: 'wrong' } : emulator);
    const attempt =
      call === 'fetch'
        ? client.fetch('FO' + '0'.repeat(32))
        : call === 'create'
          ? client.create({ friendly_name: 'x', channel_type: 'web' })
          : client.list();
    const error = await attempt.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TwilioApiError);
    expect({ status: (error as TwilioApiError).status, twilioCode: (error as TwilioApiError).twilioCode }).toEqual({ status, twilioCode });
    expect((error as TwilioApiError).message).not.toContain('wrong');
  });

  it('retries 429 and 5xx on reads, waiting at least Retry-After after a 429, until the attempt cap', async () => {
    const emulator = await withEmulator({ errorRate: 1, seed: 3, retryAfterSeconds: 1 });
    const events: RetryEvent[] = [];
    const client = clientFor(emulator, { retry: { maxAttempts: 6 }, onRetry: (event) => events.push(event) });
    const error = await client.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TwilioApiError);
    expect(emulator.stats().requests).toBe(6);
    expect(events.map((e) => e.attempt)).toEqual([1, 2, 3, 4, 5]);
    expect(events.map((e) => e.reason).some((reason) => reason === 'HTTP 429')).toBe(true);
    for (const event of events) {
      expect(event.delayMs).toBe(
        event.reason === 'HTTP 429' ? Math.max(1000, 100 * 2 ** (event.attempt - 1)) : 100 * 2 ** (event.attempt - 1),
      );
    }
  });

  it('a create answered 5xx is outcome-unknown and not repeated', async () => {
    const emulator = await withEmulator({ errorRate: 1, seed: 3 });
    const client = clientFor(emulator);
    const error = await client.create(flow('once')).catch((e: unknown) => e);
    const statuses = emulator.stats().by_status;
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    // Only 429s (not processed) were retried; the one 5xx ended it.
    expect(emulator.stats().requests).toBe((statuses['429'] ?? 0) + 1);
  });

  it('a create refused before it was sent is retried, then reported as a network error', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const client = clientFor(
      { url: `http://127.0.0.1:${port}`, accountSid: 'AC' + '0'.repeat(32), authToken: 't' },
      { retry: { maxAttempts: 3 } },
    );
    const error = await client.create(flow('x')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(client.waits).toEqual([100, 200]);
  });

  const HOST_HINT = '; the URL comes from TWILIO_REGION and TWILIO_EDGE, or --api-url or FLEXFLOW_API_URL when set: check it';

  it.each([
    {
      name: 'a refused connection names the host and what decides it',
      server: 'closed' as const,
      message: (host: string) => `GET /v1/FlexFlows?PageSize=1000 to ${host} failed: ECONNREFUSED${HOST_HINT}`,
    },
    {
      name: 'a reset connection names the host, with no hint about the host',
      server: 'resets' as const,
      message: (host: string) => `GET /v1/FlexFlows?PageSize=1000 to ${host} failed: ECONNRESET`,
    },
  ])('$name', async ({ server: behaviour, message }) => {
    const server = createServer((req) => req.socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (behaviour === 'closed') await new Promise<void>((resolve) => server.close(() => resolve()));
    try {
      const client = clientFor(
        { url: `http://${host}`, accountSid: 'AC' + '0'.repeat(32), authToken: 'secret-token' },
        { retry: { maxAttempts: 1 } },
      );
      const error = await client.list().catch((e: unknown) => e);
      expect([error instanceof NetworkError, (error as Error).message]).toEqual([true, message(host)]);
    } finally {
      if (behaviour === 'resets') await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('a refused connection names the source of the URL actually used', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const AC = 'AC' + '0'.repeat(32);
    const connection = { baseUrl: `http://${host}`, username: AC, password: 't', accountSid: AC, urlSource: '--api-url' };
    const client = clientFor({ url: connection.baseUrl, accountSid: AC, authToken: 't' }, { connection, retry: { maxAttempts: 1 } });
    const error = await client.list().catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      `GET /v1/FlexFlows?PageSize=1000 to ${host} failed: ECONNREFUSED; the URL comes from --api-url: check it`,
    );
  });

  it('an unknown host (a mistyped region) is named, with the hint', async () => {
    const client = clientFor(
      { url: 'http://flex-api.nowhere.invalid', accountSid: 'AC' + '0'.repeat(32), authToken: 'secret-token' },
      { retry: { maxAttempts: 1 } },
    );
    const error = await client.list().catch((e: unknown) => e);
    expect((error as Error).message).toBe(`GET /v1/FlexFlows?PageSize=1000 to flex-api.nowhere.invalid failed: ENOTFOUND${HOST_HINT}`);
  });

  it('sends Basic auth, a User-Agent and form-encoded bodies', async () => {
    const seen: { method: string | undefined; headers: Record<string, unknown>; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ method: req.method, headers: req.headers, body });
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(liveFlow(1, 'a b')));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const client = clientFor({ url: `http://127.0.0.1:${port}`, accountSid: 'ACuser', authToken: 'pw' });
      await client.create({ friendly_name: 'a b', enabled: null, integration: { retry_count: 2 } });
      expect(seen.map((r) => [r.method, r.headers['user-agent'], r.headers.authorization, r.headers['content-type'], r.body])).toEqual([
        [
          'POST',
          USER_AGENT,
          `Basic ${Buffer.from('ACuser:pw').toString('base64')}`,
          'application/x-www-form-urlencoded',
          'FriendlyName=a+b&Enabled=&Integration.RetryCount=2',
        ],
      ]);
      expect(USER_AGENT).toMatch(/^flexflow-sync\/\d+\.\d+\.\d+ node\/\d+\.\d+\.\d+$/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
