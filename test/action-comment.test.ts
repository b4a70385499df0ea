import { describe, expect, it } from 'vitest';
import { commentMarker, renderPlanComment, renderRunMarkdown, type RunOutcome } from '../src/action/comment.js';
import { diff } from '../src/plan/diff.js';
import { GITHUB_COMMENT_MAX_LENGTH } from '../src/render/markdown.js';
import { DEFAULT_SETTINGS } from '../src/settings/types.js';
import type { DesiredResource } from '../src/flows/types.js';
import { CHAT_SERVICE, declared, liveFlow, liveFlows } from './helpers/fixtures.js';

const LONGEST_ENVIRONMENT = 'e'.repeat(100);

function want(name: string): DesiredResource {
  return declared({ friendly_name: name, chat_service_sid: CHAT_SERVICE, channel_type: 'sms', enabled: false });
}

describe('renderPlanComment', () => {
  it('stays within a comment at 3,000 drifted flows, marker and heading included', () => {
    const names = Array.from({ length: 3000 }, (_, i) => `flow number ${i} with a fairly long name`);
    const plan = diff(names.map(want), liveFlows(names.map((name, i) => liveFlow(i + 1, name, { channel_type: 'sms' }))), DEFAULT_SETTINGS);
    const comment = renderPlanComment(plan, LONGEST_ENVIRONMENT);
    expect(comment.length).toBeLessThanOrEqual(GITHUB_COMMENT_MAX_LENGTH);
    expect(
      comment.startsWith(
        `${commentMarker(LONGEST_ENVIRONMENT)}\n## flexflow-sync plan: ${LONGEST_ENVIRONMENT}\n\n**Plan: 0 to create, 3000 to update`,
      ),
    ).toBe(true);
    expect(comment).toContain(
      'entries are not shown. The job summary of this run shows more of it (up to 1 MiB), and the saved plan file (the plan-file output) all of it.',
    );
  });
});

describe('renderRunMarkdown', () => {
  const failed = (log: string[], summary = 'plan failed: 2 problems in the flow files; fix them and run again'): RunOutcome => ({
    command: 'plan',
    environment: 'staging',
    succeeded: false,
    summary,
    log,
  });

  it('shows a failure with its output in a code block that no line can close', () => {
    const text = renderRunMarkdown(failed(['flows/a.yaml:1:1: bad ```` fence', 'error: 2 problems']), {
      marker: commentMarker('staging'),
      maxLength: 10_000,
    });
    expect(text).toBe(
      [
        '<!-- flexflow-sync-plan:staging -->',
        '## flexflow-sync plan: staging',
        '',
        '**plan failed: 2 problems in the flow files; fix them and run again**',
        '',
        '`````text',
        'flows/a.yaml:1:1: bad ```` fence',
        'error: 2 problems',
        '`````',
        '',
      ].join('\n'),
    );
  });

  it('a success is its heading and summary, without the output', () => {
    const outcome: RunOutcome = {
      command: 'validate',
      environment: 'default',
      succeeded: true,
      summary: '6 flows in 4 files: valid',
      log: ['6 flows in 4 files: valid'],
    };
    expect(renderRunMarkdown(outcome, { maxLength: 1000 })).toBe('## flexflow-sync validate: default\n\n**6 flows in 4 files: valid**\n');
  });

  it('keeps the last whole lines within the limit, where the error is, and counts the earlier ones', () => {
    const log = [
      ...Array.from({ length: 10_000 }, (_, i) => `flows/f${i}.yaml:1:1: ${'x'.repeat(80)}`),
      'error: 10000 problems in the flow files',
    ];
    const text = renderRunMarkdown(failed(log, `plan failed: ${'y'.repeat(5000)}`), {
      marker: commentMarker(LONGEST_ENVIRONMENT),
      maxLength: GITHUB_COMMENT_MAX_LENGTH,
    });
    expect(text.length).toBeLessThanOrEqual(GITHUB_COMMENT_MAX_LENGTH);
    expect(text.length).toBeGreaterThan(GITHUB_COMMENT_MAX_LENGTH - 100);
    const shown = text.split('\n').filter((line) => line.startsWith('flows/')).length;
    expect(shown).toBeGreaterThan(600);
    expect(text).toContain(
      `**\n\n${10_000 - shown} earlier lines are in the log of this step.\n\n\`\`\`text\nflows/f${10_000 - shown}.yaml:1:1: `,
    );
    expect(text.endsWith('flows/f9999.yaml:1:1: ' + 'x'.repeat(80) + '\nerror: 10000 problems in the flow files\n```\n')).toBe(true);
    expect(text).toContain(`**plan failed: ${'y'.repeat(987)}…**`);
  });

  it('escapes the summary and the environment, which come from files and inputs', () => {
    const text = renderRunMarkdown(
      { ...failed([]), environment: 'a_b', summary: 'plan failed: duplicate friendly_name "<b>@team</b>"' },
      { maxLength: 1000 },
    );
    expect(text).toBe(
      '## flexflow-sync plan: a&#95;b\n\n**plan failed: duplicate friendly&#95;name &quot;&lt;b&gt;&#64;team&lt;/b&gt;&quot;**\n',
    );
  });
});
