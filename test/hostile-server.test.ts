/**
 * A server that lies, pages forever, floods or tries to steer the credentials: the real CLI against
 * a small node:http server on 127.0.0.1 written for each case (issue 12, items 5 to 9).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from './helpers/cli.js';
import { CHAT_SERVICE, flowSid, liveFlow } from './helpers/fixtures.js';
import { useTempDir } from './helpers/tempDir.js';

const TOKEN = 'hostile-test-token-0123';
const ACCOUNT = 'AC' + '0'.repeat(32);

interface HostileServer {
  readonly url: string;
  /** `METHOD path` of every request that reached it. */
  readonly requests: string[];
  /** TCP connections opened to it, whether or not they carried a request it could read. */
  connections: number;
}

type Handler = (request: IncomingMessage, response: ServerResponse, server: HostileServer) => void;

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function hostileServer(handler: Handler): Promise<HostileServer> {
  const state: HostileServer = { url: '', requests: [], connections: 0 };
  const server = createServer((request, response) => {
    state.requests.push(`${request.method} ${request.url}`);
    request.resume();
    request.on('end', () => handler(request, response, state));
  });
  server.on('connection', () => {
    state.connections += 1;
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({ close: () => server.close() });
  return Object.assign(state, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** A list page as Twilio shapes it, `next` an absolute URL or null. */
function page(flows: unknown[], next: string | null): unknown {
  return { flex_flows: flows, meta: { page: 0, page_size: 1000, next_page_url: next, key: 'flex_flows' } };
}

describe('the CLI against a hostile Flex API', () => {
  const cwd = useTempDir('flexflow-hostile-');

  beforeEach(async () => {
    await mkdir(join(cwd(), 'flows'));
    await writeFile(join(cwd(), 'flows', 'a.yaml'), `friendly_name: A\nchat_service_sid: ${CHAT_SERVICE}\nchannel_type: web\n`);
  });

  function apply(server: Pick<HostileServer, 'url'>, env: Record<string, string> = {}): Promise<CliRun> {
    return runCli(['apply', '--auto-approve'], {
      cwd: cwd(),
      env: { TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_AUTH_TOKEN: TOKEN, FLEXFLOW_API_URL: server.url, ...env },
    });
  }

  /** The run failed with one `error:` line (no trace, no "bug"), wrote nothing, and never showed the token. */
  function expectCleanRefusal(result: CliRun, server: HostileServer, message: string): void {
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`error: ${message}\n`);
    expect(server.requests.filter((request) => !request.startsWith('GET '))).toEqual([]);
    expect(`${result.stdout}${result.stderr}`).not.toContain(TOKEN);
  }

  describe('5. a list answer of the wrong shape is an error, never an empty account', () => {
    const HINT = '; is the base URL a Twilio API (--api-url, FLEXFLOW_API_URL)? Nothing was read from this answer';
    it.each([
      { name: 'a maintenance message', body: { message: 'maintenance' }, problem: "the body must have required property 'flex_flows'" },
      { name: 'an empty array', body: [], problem: 'the body must be object' },
      { name: 'null', body: null, problem: 'the body must be object' },
      { name: 'flex_flows as text', body: { flex_flows: 'abc', meta: { next_page_url: null } }, problem: 'flex_flows must be array' },
      { name: 'a null item', body: page([null], null), problem: 'flex_flows/0 must be object' },
      {
        name: 'an item without a SID',
        body: page([{ friendly_name: 'x', date_updated: 'd' }], null),
        problem: "flex_flows/0 must have required property 'sid'",
      },
      { name: 'an object instead of a list', body: { flex_flows: {}, meta: { next_page_url: null } }, problem: 'flex_flows must be array' },
    ])('$name', async ({ body, problem }) => {
      const server = await hostileServer((_request, response) => json(response, 200, body));
      expectCleanRefusal(
        await apply(server),
        server,
        `GET /v1/FlexFlows?PageSize=1000: the answer is not a page of flows (${problem})${HINT}`,
      );
    });

    it('a relative next_page_url', async () => {
      const server = await hostileServer((_request, response) => json(response, 200, page([liveFlow(1, 'B')], '/v1/FlexFlows?Page=1')));
      expectCleanRefusal(
        await apply(server),
        server,
        `GET /v1/FlexFlows?PageSize=1000: meta.next_page_url is not an absolute URL of /v1/FlexFlows${HINT}`,
      );
    });

    it('a create answered with something that is not a flow', async () => {
      const server = await hostileServer((request, response) =>
        request.method === 'GET' ? json(response, 200, page([], null)) : json(response, 201, { sid: 'FO1' }),
      );
      const result = await apply(server);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(
        `! failed to create "A": POST /v1/FlexFlows: the answer is not a flow (the body must have required property 'friendly_name')${HINT}`,
      );
      expect(`${result.stdout}${result.stderr}`).not.toContain('bug');
    });

    it('a create answered with another flow is a failure, never reported as created', async () => {
      const server = await hostileServer((request, response) =>
        request.method === 'GET' ? json(response, 200, page([], null)) : json(response, 201, liveFlow(1, 'Other\u001b[2J')),
      );
      const result = await apply(server);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(
        '! failed to create "A": POST /v1/FlexFlows: the answer describes a flow whose friendly_name is "Other", not "A"; nothing is taken from it',
      );
      expect(result.stdout).not.toContain('+ created');
    });
  });

  describe('6. pagination that never ends is stopped', () => {
    it('a new next_page_url every time, with new flows: at most 3 pages of 1,000', async () => {
      let served = 0;
      const server = await hostileServer((_request, response, state) => {
        const flows = Array.from({ length: 1000 }, (_, i) => liveFlow(served * 1000 + i + 1, `live ${served * 1000 + i}`));
        served += 1;
        json(response, 200, page(flows, `${state.url}/v1/FlexFlows?PageSize=1000&PageToken=PA${served}`));
      });
      expectCleanRefusal(
        await apply(server),
        server,
        "GET /v1/FlexFlows?PageSize=1000&PageToken=PA2: the list holds more than 2500 flows, Twilio's limit per account; is the base URL a Twilio API (--api-url, FLEXFLOW_API_URL)? Nothing was read from this answer",
      );
      expect(server.requests).toHaveLength(3);
    });

    it.each([
      {
        name: 'a page that lists a flow again',
        flows: (n: number) => [liveFlow(1, 'B'), liveFlow(n + 2, `C${n}`)],
        problem: `page 2 lists ${flowSid(1)} again, which an earlier page listed`,
      },
      {
        name: 'an empty page that names a next one',
        flows: (n: number) => (n === 0 ? [liveFlow(1, 'B')] : []),
        problem: 'page 2 is empty but names a next page',
      },
      {
        name: 'a short page every time',
        flows: (n: number) => [liveFlow(n + 1, `C${n}`)],
        problem: 'the list goes on past 3 pages of 1000, more than an account of at most 2500 flows fills',
      },
    ])('$name', async ({ flows, problem }) => {
      let served = 0;
      const server = await hostileServer((_request, response, state) => {
        json(response, 200, page(flows(served), `${state.url}/v1/FlexFlows?PageSize=1000&PageToken=PA${served + 1}`));
        served += 1;
      });
      const result = await apply(server);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        new RegExp(`^error: GET /v1/FlexFlows\\?PageSize=1000[^:]*: ${problem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')};`),
      );
      expect(server.requests.length).toBeLessThanOrEqual(3);
    });
  });

  describe('7. a body is read up to 8 MiB, and never decompressed', () => {
    it('stops reading a 20 MiB answer', async () => {
      const server = await hostileServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"flex_flows":[],"meta":{"next_page_url":null},"pad":"');
        const chunk = 'x'.repeat(1024 * 1024);
        for (let i = 0; i < 20; i += 1) response.write(chunk);
        response.end('"}');
      });
      expectCleanRefusal(
        await apply(server),
        server,
        'GET /v1/FlexFlows?PageSize=1000: the answer is larger than 8 MiB, far more than any answer of the APIs flexflow-sync reads; stopped reading it: is the base URL a Twilio API (--api-url, FLEXFLOW_API_URL)?',
      );
    });

    it('does not expand a gzip bomb', async () => {
      const bomb = gzipSync(`{"flex_flows":[],"meta":{"next_page_url":null},"pad":"${'0'.repeat(16 * 1024 * 1024)}"}`);
      const server = await hostileServer((request, response) => {
        expect(request.headers['accept-encoding']).toBe('identity');
        response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(bomb);
      });
      expectCleanRefusal(
        await apply(server),
        server,
        'GET /v1/FlexFlows?PageSize=1000: the answer is not JSON; is the base URL a Twilio API (--api-url, FLEXFLOW_API_URL)? Nothing was read from this answer',
      );
    });
  });

  describe('8. TWILIO_REGION and TWILIO_EDGE are DNS labels', () => {
    it.each([
      { variable: 'TWILIO_REGION', example: 'ie1' },
      { variable: 'TWILIO_EDGE', example: 'dublin' },
    ])('$variable cannot send the credentials to another host', async ({ variable, example }) => {
      const server = await hostileServer((_request, response) => json(response, 200, page([], null)));
      const port = new URL(server.url).port;
      const result = await runCli(['plan'], {
        cwd: cwd(),
        env: { TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_AUTH_TOKEN: TOKEN, [variable]: `x@127.0.0.1:${port}#` },
      });
      expect(result).toEqual({
        code: 1,
        stdout: '',
        stderr: `error: ${variable} must be one DNS label (letters, digits and -, such as ${example}), not a host or URL; use FLEXFLOW_API_URL or --api-url for another host\n`,
      });
      expect(server.connections).toBe(0);
    });

    it.each(['TWILIO_REGION', 'TWILIO_EDGE'])(
      '%s=xn--abc (an IDNA label the URL parser refuses) is a user error, not a bug',
      async (variable) => {
        const result = await runCli(['plan'], {
          cwd: cwd(),
          env: { TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_AUTH_TOKEN: TOKEN, [variable]: 'xn--abc' },
        });
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(new RegExp(`^error: ${variable} must be one DNS label`));
      },
    );
  });

  describe("9. a server's words reach no terminal or log raw", () => {
    it('strips terminal sequences and keeps a forged workflow command inside its line', async () => {
      const server = await hostileServer((request, response) =>
        request.method === 'GET'
          ? json(response, 200, page([], null))
          : json(response, 400, {
              code: 20001,
              message: '\u001b[2J\u001b]0;owned\u0007bad\n::error::forged\r\n##[warning]also forged',
              status: 400,
            }),
      );
      const result = await apply(server, { GITHUB_ACTIONS: 'true', CI: 'true' });
      expect(result.code).toBe(1);
      const output = `${result.stdout}${result.stderr}`;
      expect(output).not.toContain('\u001b');
      expect(
        output.split('\n').filter((line) => /^\s*(::|##\[)/.test(line) && !line.startsWith('::error title=flexflow-sync apply::')),
      ).toEqual([]);
      expect(result.stdout).toContain(
        '! failed to create "A": POST /v1/FlexFlows failed: HTTP 400 (Twilio error 20001): bad\\n::error::forged\\r\\n##[warning]also forged',
      );
    });

    it('shows a live name with terminal escapes and a bidi override as escapes, in the plan, the dry run and the apply log', async () => {
      await writeFile(join(cwd(), 'flexflow-sync.yaml'), 'prune: true\n');
      const spoof = '\u202egnp.exe\u001b[2J\u0085';
      const server = await hostileServer((request, response) =>
        request.method === 'GET' ? json(response, 200, page([liveFlow(1, 'A'), liveFlow(2, spoof)], null)) : response.writeHead(204).end(),
      );
      const env = { TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_AUTH_TOKEN: TOKEN, FLEXFLOW_API_URL: server.url };
      const dryRun = await runCli(['apply', '--dry-run'], { cwd: cwd(), env });
      const applied = await apply(server);
      expect(applied.code).toBe(0);
      for (const output of [dryRun.stdout, applied.stdout]) {
        expect(output).toContain('"\\u202egnp.exe\\u001b[2J\\u0085"');
        // eslint-disable-next-line no-control-regex -- an escape character in the output is what this looks for
        expect(output).not.toMatch(/[\u001b\u0085\u202e]/);
      }
    });
  });
});
