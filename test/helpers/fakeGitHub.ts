/**
 * Test helper: a fake of GitHub's REST API for issue comments on 127.0.0.1, port 0, that keeps the
 * comments and records every call, as a real octokit client sees it (pagination by `Link` header,
 * 403 when editing a comment the token did not write).
 *
 *   const github = useFakeGitHub();         // started before each test, closed after it
 *   github().url                            // GITHUB_API_URL for the action
 *   github().calls, github().comments(7)
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach } from 'vitest';

interface FakeComment {
  readonly id: number;
  body: string;
  /** Who wrote it: the action's token writes as `github-actions[bot]`; only those may be edited here. */
  readonly user: { readonly login: string; readonly type: 'Bot' | 'User' };
}

interface RecordedCall {
  readonly method: string;
  /** Path and query, e.g. `/repos/acme/flows/issues/7/comments?per_page=100`. */
  readonly path: string;
  readonly authorization: string | undefined;
  readonly body?: unknown;
}

export interface FakeGitHub {
  readonly url: string;
  readonly calls: RecordedCall[];
  /** The comments of issue or pull request `number`, oldest first. */
  comments(number: number): FakeComment[];
  /** Adds a comment as if someone else wrote it. */
  seed(number: number, body: string, login?: string): FakeComment;
  /** Answers every write with this status instead (e.g. 403 for a token without pull-requests: write). */
  failWritesWith(status: number | undefined): void;
  close(): Promise<void>;
}

const BOT = { login: 'github-actions[bot]', type: 'Bot' } as const;
const PAGE_SIZE_MAX = 100;

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? undefined : JSON.parse(text);
}

async function startFakeGitHub(): Promise<FakeGitHub> {
  const byIssue = new Map<number, FakeComment[]>();
  const calls: RecordedCall[] = [];
  let nextId = 1000;
  let writeFailure: number | undefined;
  const commentsOf = (number: number): FakeComment[] => {
    const list = byIssue.get(number) ?? [];
    byIssue.set(number, list);
    return list;
  };

  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const body = await readJson(request);
      calls.push({
        method: request.method ?? '',
        path: `${url.pathname}${url.search}`,
        authorization: request.headers.authorization,
        ...(body === undefined ? {} : { body }),
      });
      const list = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(url.pathname);
      const one = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(url.pathname);
      if (request.method !== 'GET' && writeFailure !== undefined) {
        send(response, writeFailure, { message: 'Resource not accessible by integration' });
      } else if (list !== null && request.method === 'GET') {
        const comments = commentsOf(Number(list[1]));
        const perPage = Math.min(PAGE_SIZE_MAX, Number(url.searchParams.get('per_page') ?? 30));
        const page = Number(url.searchParams.get('page') ?? 1);
        const headers: Record<string, string> = {};
        if (page * perPage < comments.length) {
          const next = new URL(url.pathname, `http://${request.headers.host ?? ''}`);
          next.searchParams.set('per_page', String(perPage));
          next.searchParams.set('page', String(page + 1));
          headers.link = `<${next.href}>; rel="next"`;
        }
        send(response, 200, comments.slice((page - 1) * perPage, page * perPage), headers);
      } else if (list !== null && request.method === 'POST') {
        const comment: FakeComment = { id: nextId++, body: String((body as { body?: unknown }).body), user: BOT };
        commentsOf(Number(list[1])).push(comment);
        send(response, 201, comment);
      } else if (one !== null && request.method === 'PATCH') {
        const comment = [...byIssue.values()].flat().find((candidate) => candidate.id === Number(one[1]));
        if (comment === undefined) return send(response, 404, { message: 'Not Found' });
        if (comment.user.login !== BOT.login) return send(response, 403, { message: 'Resource not accessible by integration' });
        comment.body = String((body as { body?: unknown }).body);
        send(response, 200, comment);
      } else {
        send(response, 404, { message: 'Not Found' });
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    comments: (number) => [...commentsOf(number)],
    seed: (number, body, login = 'someone') => {
      const comment: FakeComment = { id: nextId++, body, user: { login, type: 'User' } };
      commentsOf(number).push(comment);
      return comment;
    },
    failWritesWith: (status) => {
      writeFailure = status;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** A fresh fake for each test of the enclosing describe block. */
export function useFakeGitHub(): () => FakeGitHub {
  let fake: FakeGitHub | undefined;
  beforeEach(async () => {
    fake = await startFakeGitHub();
  });
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });
  return () => {
    if (fake === undefined) throw new Error('useFakeGitHub(): only available inside tests');
    return fake;
  };
}
