/**
 * Runs twilio-cli's `api:flex:v1:flex-flows:create` against an emulator, for the "how teams do it
 * today" baseline. twilio-cli has no base-URL option: it always calls https://flex-api.twilio.com,
 * honouring HTTP_PROXY. So the benchmark gives it a local proxy that answers the CONNECT itself, ends
 * TLS with a throwaway self-signed certificate (NODE_TLS_REJECT_UNAUTHORIZED=0 for that child only)
 * and forwards each request to the emulator. Nothing leaves the machine.
 *
 * twilio-cli is not a dependency (it installs ~175 MB): point TWILIO_CLI_BIN at its `twilio`
 * binary (e.g. after `npm install --prefix /tmp/tcli twilio-cli`) to include it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TLSSocket } from 'node:tls';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface CliTarget {
  readonly url: string;
  readonly accountSid: string;
  readonly authToken: string;
}

export interface CliFlow {
  readonly friendlyName: string;
  readonly chatServiceSid: string;
  readonly channelType: string;
  readonly flowSid: string;
}

/** Why the twilio-cli baseline cannot run here, or undefined when it can. */
export function twilioCliUnavailable(env: NodeJS.ProcessEnv): string | undefined {
  return env.TWILIO_CLI_BIN ? undefined : 'set TWILIO_CLI_BIN to a twilio-cli binary to include it';
}

async function selfSignedCertificate(dir: string): Promise<{ key: Buffer; cert: Buffer }> {
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-subj', '/CN=flex-api.twilio.com', '-days', '1']);
  return { key: await readFile(key), cert: await readFile(cert) };
}

async function startInterceptingProxy(target: URL, tlsFiles: { key: Buffer; cert: Buffer }): Promise<Server> {
  const forwarder = createServer((req, res) => {
    const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  const proxy = createServer();
  proxy.on('connect', (_req, socket) => {
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    forwarder.emit('connection', new TLSSocket(socket, { isServer: true, ...tlsFiles }));
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return proxy;
}

/** Creates `flows` one twilio-cli process at a time, as a shell loop would; returns the wall time in ms. */
export async function createWithTwilioCli(bin: string, target: CliTarget, flows: readonly CliFlow[]): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'flexflow-bench-cli-'));
  const proxy = await startInterceptingProxy(new URL(target.url), await selfSignedCertificate(dir));
  const env = {
    PATH: process.env.PATH,
    HOME: dir,
    TWILIO_CONFIG_DIR: dir,
    TWILIO_ACCOUNT_SID: target.accountSid,
    TWILIO_AUTH_TOKEN: target.authToken,
    HTTP_PROXY: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    NODE_TLS_REJECT_UNAUTHORIZED: '0',
    NODE_NO_WARNINGS: '1',
  };
  try {
    const start = performance.now();
    for (const flow of flows) {
      await run(
        bin,
        [
          'api:flex:v1:flex-flows:create',
          '--friendly-name',
          flow.friendlyName,
          '--chat-service-sid',
          flow.chatServiceSid,
          '--channel-type',
          flow.channelType,
          '--integration-type',
          'studio',
          '--integration.flow-sid',
          flow.flowSid,
          '-o',
          'none',
        ],
        { env },
      );
    }
    return performance.now() - start;
  } finally {
    proxy.close();
    await rm(dir, { recursive: true, force: true });
  }
}
