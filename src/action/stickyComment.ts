import { readFile } from 'node:fs/promises';
import { GitHub, getOctokitOptions } from '@actions/github/lib/utils';

/** The pull request a `pull_request` event is about, read from the runner's event payload. */
export interface PullRequestTarget {
  readonly owner: string;
  readonly repo: string;
  readonly number: number;
}

type Env = Readonly<Record<string, string | undefined>>;

/** undefined when the event is not about a pull request (push, schedule, workflow_dispatch). */
export async function pullRequestOf(env: Env): Promise<PullRequestTarget | undefined> {
  const eventPath = env.GITHUB_EVENT_PATH;
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (eventPath === undefined || eventPath === '' || owner === undefined || repo === undefined) return undefined;
  const payload = JSON.parse(await readFile(eventPath, 'utf8')) as { pull_request?: { number?: unknown } };
  const number = payload.pull_request?.number;
  return typeof number === 'number' ? { owner, repo, number } : undefined;
}

export interface StickyCommentResult {
  readonly action: 'created' | 'updated';
  readonly id: number;
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n', 1)[0] ?? '';
}

/**
 * Creates the pull request's comment whose first line is `marker`, or edits it in place. Only a
 * comment written by this token's own identity is edited: a repository's workflow token may edit a
 * person's comment too, and one who copied the marker must not get theirs overwritten. The identity
 * is the token's user where GitHub says who that is (a personal token); the default token cannot
 * ask, and writes as a bot, so then only bots' comments are ours.
 */
export async function upsertStickyComment(
  target: PullRequestTarget,
  marker: string,
  body: string,
  connection: { readonly token: string; readonly apiUrl: string },
): Promise<StickyCommentResult> {
  const octokit = new GitHub(getOctokitOptions(connection.token, { baseUrl: connection.apiUrl }));
  const where = { owner: target.owner, repo: target.repo };
  const self = await octokit.rest.users.getAuthenticated().then(
    (response) => response.data.login,
    () => undefined,
  );
  const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...where, issue_number: target.number, per_page: 100 });
  const ours = comments.filter(
    (candidate) =>
      firstLine(candidate.body) === marker && (self === undefined ? candidate.user?.type === 'Bot' : candidate.user?.login === self),
  );
  for (const comment of ours) {
    try {
      await octokit.rest.issues.updateComment({ ...where, comment_id: comment.id, body });
      return { action: 'updated', id: comment.id };
    } catch (error) {
      if ((error as { status?: number }).status !== 403) throw error;
    }
  }
  const created = await octokit.rest.issues.createComment({ ...where, issue_number: target.number, body });
  return { action: 'created', id: created.data.id };
}
