/**
 * The lookup reader against servers that lie, page forever, flood or try to steer the credentials:
 * a small node:http server on 127.0.0.1 written for each case.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createCollectionReader, type CollectionSpec } from '../src/api/listCollection.js';
import { LOOKUP_TARGETS } from '../src/model/lookupTargets.js';
import { createLookupLister } from '../src/resolve/lister.js';
import { createNameResolver } from '../src/resolve/resolve.js';
import { fakeClock } from './helpers/fakeClock.js';

const TOKEN = 'lookup-hostile-token-0123';
const ACCOUNT = `AC${'0'.repeat(32)}`;
const fw = (n: number) => `FW${n.toString(16).padStart(32, '0')}`;
const is = (n: number) => `IS${n.toString(16).padStart(32, '0')}`;

interface Server {
  readonly url: string;
  /** The path and query of every request that reached it. */
  readonly requests: string[];
  /** The Authorization headers it saw. */
  readonly auths: string[];
}

type Handler = (request: IncomingMessage, response: ServerResponse, server: Server) => void;

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function server(handler: Handler): Promise<Server> {
  const state = { url: '', requests: [] as string[], auths: [] as string[] };
  const http = createServer((request, response) => {
    state.requests.push(request.url ?? '');
    state.auths.push(request.headers.authorization ?? '');
    request.resume();
    request.on('end', () => handler(request, response, state));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  servers.push({ close: () => http.close() });
  return Object.assign(state, { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` });
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function page(key: string, items: unknown[], next: string | null): unknown {
  return { [key]: items, meta: { page: 0, page_size: 1000, next_page_url: next, key } };
}

const STUDIO: CollectionSpec = {
  collection: '/v2/Flows',
  listKey: 'flows',
  sidPrefix: 'FW',
  pageSize: 2,
  maxPerAccount: 5,
  nounPlural: 'Studio flows',
};

function reader(waits: number[] = []) {
  const { now, sleep } = fakeClock(waits);
  return createCollectionReader({
    connection: { username: ACCOUNT, password: TOKEN, credentialSource: 'the auth token of account AC000000… (TWILIO_AUTH_TOKEN)' },
    now,
    sleep,
    random: () => 0.5,
    retry: { maxAttempts: 3 },
    timeoutMs: 5_000,
  });
}

async function failure(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Error);
  const message = (error as Error).message;
  expect(message).not.toContain(TOKEN);
  return message;
}

describe('listing a collection from a hostile server', () => {
  it('walks next_page_url on the base URL and keeps each SID and name', async () => {
    const api = await server((request, response, self) => {
      if (request.url === '/v2/Flows?PageSize=2')
        json(
          response,
          200,
          page(
            'flows',
            [
              { sid: fw(1), friendly_name: 'A', extra: 1 },
              { sid: fw(2), friendly_name: null },
            ],
            `${self.url}/v2/Flows?PageSize=2&PageToken=PA2`,
          ),
        );
      else json(response, 200, page('flows', [{ sid: fw(3), friendly_name: 'C' }], null));
    });
    expect(await reader().list(api.url, STUDIO)).toEqual([
      { sid: fw(1), friendly_name: 'A' },
      { sid: fw(2), friendly_name: null },
      { sid: fw(3), friendly_name: 'C' },
    ]);
    expect(api.requests).toEqual(['/v2/Flows?PageSize=2', '/v2/Flows?PageSize=2&PageToken=PA2']);
    expect(new Set(api.auths)).toEqual(new Set([`Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64')}`]));
  });

  it.each<[string, (url: string) => unknown, RegExp]>([
    ['not JSON', () => '<html>maintenance</html>', /^GET \/v2\/Flows\?PageSize=2: the answer is not JSON;/],
    ['an empty array', () => [], /the answer is not a page of Studio flows \(FW SIDs under "flows", and meta.next_page_url\)/],
    ['SIDs of another kind', () => page('flows', [{ sid: is(1), friendly_name: 'A' }], null), /not a page of Studio flows/],
    ['a name that is not text', () => page('flows', [{ sid: fw(1), friendly_name: 7 }], null), /not a page of Studio flows/],
    ['items under another key', () => page('services', [], null), /not a page of Studio flows/],
    [
      'the same SID twice',
      () =>
        page(
          'flows',
          [
            { sid: fw(1), friendly_name: 'A' },
            { sid: fw(1), friendly_name: 'B' },
          ],
          null,
        ),
      /page 1 lists FW0{31}1 again/,
    ],
    ['an empty page that goes on', (url) => page('flows', [], `${url}/v2/Flows?PageToken=x`), /page 1 is empty but names a next page/],
    [
      'a next page off the collection',
      (url) => page('flows', [{ sid: fw(1), friendly_name: 'A' }], `${url}/v1/FlexFlows?PageToken=x`),
      /meta.next_page_url is not an absolute URL of \/v2\/Flows/,
    ],
    [
      'a next page that is not a URL',
      () => page('flows', [{ sid: fw(1), friendly_name: 'A' }], '/v2/Flows?PageToken=x'),
      /meta.next_page_url is not an absolute URL of \/v2\/Flows/,
    ],
    [
      'the same page again',
      (url) => page('flows', [{ sid: fw(1), friendly_name: 'A' }], `${url}/v2/Flows?PageSize=2`),
      /meta.next_page_url names a page already read/,
    ],
  ])('refuses %s', async (_, body, expected) => {
    const api = await server((_request, response, self) => {
      const value = body(self.url);
      if (typeof value === 'string') response.writeHead(200).end(value);
      else json(response, 200, value);
    });
    expect(await failure(reader().list(api.url, STUDIO))).toMatch(expected);
  });

  it('stops a server that pages forever with new SIDs', async () => {
    let n = 0;
    const api = await server((_request, response, self) => {
      n += 2;
      json(
        response,
        200,
        page(
          'flows',
          [
            { sid: fw(n), friendly_name: 'A' },
            { sid: fw(n + 1), friendly_name: 'B' },
          ],
          `${self.url}/v2/Flows?PageToken=${n}`,
        ),
      );
    });
    expect(await failure(reader().list(api.url, STUDIO))).toMatch(/the list holds more than 5 Studio flows/);
    expect(api.requests.length).toBe(3);
  });

  it('never sends the credentials to the host a next page names', async () => {
    const elsewhere = await server((_request, response) => json(response, 200, page('flows', [], null)));
    const api = await server((request, response) => {
      if (request.url === '/v2/Flows?PageSize=2')
        json(response, 200, page('flows', [{ sid: fw(1), friendly_name: 'A' }], `${elsewhere.url}/v2/Flows?PageToken=PA1`));
      else json(response, 200, page('flows', [{ sid: fw(2), friendly_name: 'B' }], null));
    });
    expect((await reader().list(api.url, STUDIO)).map((item) => item.sid)).toEqual([fw(1), fw(2)]);
    expect(api.requests).toEqual(['/v2/Flows?PageSize=2', '/v2/Flows?PageToken=PA1']);
    expect(elsewhere.requests).toEqual([]);
  });

  it('retries 429 and 5xx with backoff and Retry-After, then gives up with the status', async () => {
    let calls = 0;
    const api = await server((_request, response) => {
      calls += 1;
      if (calls === 1) response.writeHead(429, { 'retry-after': '2' }).end();
      else if (calls === 2) json(response, 503, { code: 20503, message: 'Service Unavailable', status: 503 });
      else json(response, 200, page('flows', [{ sid: fw(1), friendly_name: 'A' }], null));
    });
    const waits: number[] = [];
    expect(await reader(waits).list(api.url, STUDIO)).toHaveLength(1);
    // Retry-After's 2 s, then half the 400 ms ceiling; no pacing wait, as the backoff already spaced them.
    expect(waits).toEqual([2000, 200]);

    const down = await server((_request, response) => json(response, 500, { code: 20500, message: 'Internal Server Error', status: 500 }));
    expect(await failure(reader().list(down.url, STUDIO))).toBe(
      'GET /v2/Flows?PageSize=2 failed: HTTP 500 (Twilio error 20500): Internal Server Error',
    );
    expect(down.requests).toHaveLength(3);
  });

  it('names the credential on a 401, without the secret, and does not retry it', async () => {
    const api = await server((_request, response) => json(response, 401, { code: 20003, message: 'Authenticate', status: 401 }));
    expect(await failure(reader().list(api.url, STUDIO))).toBe(
      'GET /v2/Flows?PageSize=2 failed: HTTP 401 (Twilio error 20003): Authenticate; the request used the auth token of account AC000000… (TWILIO_AUTH_TOKEN): check it',
    );
    expect(api.requests).toHaveLength(1);
  });

  it('stops reading an answer larger than 8 MiB', async () => {
    const api = await server((_request, response) => response.writeHead(200).end(`{"flows": "${'x'.repeat(9 * 1024 * 1024)}"}`));
    expect(await failure(reader().list(api.url, STUDIO))).toMatch(/the answer is larger than 8 MiB/);
  });
});

describe('resolving against a server whose filter is looser than an exact match', () => {
  it('matches exactly whatever the server returns for FriendlyName', async () => {
    const api = await server((request, response) => {
      // Case-insensitive and by substring: every workspace "matches".
      json(
        response,
        200,
        page(
          'workspaces',
          [
            { sid: `WS${'1'.repeat(32)}`, friendly_name: 'flex' },
            { sid: `WS${'2'.repeat(32)}`, friendly_name: 'Flex Dev' },
          ],
          null,
        ),
      );
      void request;
    });
    const lister = createLookupLister(
      { baseUrl: api.url, username: ACCOUNT, password: TOKEN, accountSid: ACCOUNT },
      { sleep: () => Promise.resolve() },
    );
    const resolution = await createNameResolver(lister).resolve([
      { kind: 'workspace', name: 'Flex', position: { file: 'flows/a.yaml', line: 4, column: 14 } },
    ]);
    expect(api.requests[0]).toBe(`/v1/Workspaces?FriendlyName=Flex&PageSize=${LOOKUP_TARGETS.workspace.maxPageSize}`);
    expect(resolution.problems).toEqual([
      {
        file: 'flows/a.yaml',
        line: 4,
        column: 14,
        rule: 'name-not-found',
        message: `no TaskRouter workspace named "Flex" in this account; candidates: "flex" WS${'1'.repeat(32)}, "Flex Dev" WS${'2'.repeat(32)}; names match exactly, case and spaces included`,
      },
    ]);
  });

  it('shows a hostile name without its terminal sequences, and cut short', async () => {
    const evil = `Flex\u001b[2J\u001b]0;title\u0007${'x'.repeat(200)}`;
    const api = await server((_request, response) => json(response, 200, page('flows', [{ sid: fw(1), friendly_name: evil }], null)));
    const lister = createLookupLister(
      { baseUrl: api.url, username: ACCOUNT, password: TOKEN, accountSid: ACCOUNT },
      { sleep: () => Promise.resolve() },
    );
    const resolution = await createNameResolver(lister).resolve([
      { kind: 'studio-flow', name: 'Flex', position: { file: 'a.yaml', line: 1, column: 1 } },
    ]);
    expect(resolution.problems[0]?.message).toBe(
      `no Studio flow named "Flex" in this account; candidates: "Flex${'x'.repeat(76)}…" ${fw(1)}; names match exactly, case and spaces included`,
    );
  });
});
