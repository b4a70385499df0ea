import { describe, expect, expectTypeOf, it } from 'vitest';
import { diff } from '../src/plan/diff.js';
import { LISTED_NAMES, renderText } from '../src/render/text.js';
import { escapeMarkdown } from '../src/render/escapeMarkdown.js';
import { PLAN_COMMENT_MARKER, renderMarkdown } from '../src/render/markdown.js';
import { formatPlanFile, parsePlanFile, restoreRedacted } from '../src/plan/planFile.js';
import { UnsafePlanError, UserInputError } from '../src/errors.js';
import type { FlowFields } from '../src/model/flexFlow.js';
import type { DesiredResource } from '../src/flows/types.js';
import { CHAT_SERVICE, declared, liveFlow, liveFlows, STUDIO_FLOW } from './helpers/fixtures.js';
import { DEFAULT_SETTINGS } from '../src/settings/types.js';
import { countLive } from '../src/plan/safety.js';
import type { CountedPlan, Plan, ResourceRef } from '../src/plan/types.js';

function want(fields: FlowFields, renamedFrom: string[] = []): DesiredResource {
  return { ...declared(fields, 1, renamedFrom), source: { file: 'flows/support.yaml', line: 1, column: 1 } };
}

const refs = (keys: readonly string[]): ResourceRef[] => keys.map((key) => ({ kind: 'flex-flow', key }));

const HOSTILE = 'Pipe | <script>alert(1)</script> ``` `tick`\nsecond line';

const SAMPLE_SETTINGS = { ...DEFAULT_SETTINGS, prune: true, protect: ['Kept*'], ignore: ['scratch-*'] };

/** A plan with every action, a rename, hostile names, a webhook URL carrying credentials, and its live counts. */
function samplePlan(): CountedPlan {
  const live = liveFlows([
    liveFlow(1, HOSTILE, {
      channel_type: 'custom',
      integration_type: 'external',
      integration: { url: 'https://bot:old@hooks.example.com/flex', retry_count: 1 },
    }),
    liveFlow(2, 'Web Chat'),
    liveFlow(3, 'WA old', { channel_type: 'whatsapp' }),
    liveFlow(4, 'Legacy'),
    liveFlow(5, 'Unchanged'),
    liveFlow(6, 'Kept forever'),
    liveFlow(7, 'scratch-1'),
  ]);
  const plan = diff(
    [
      want({
        friendly_name: 'Support SMS',
        chat_service_sid: CHAT_SERVICE,
        channel_type: 'sms',
        contact_identity: '+15550001111',
        enabled: true,
      }),
      want({
        friendly_name: HOSTILE,
        channel_type: 'custom',
        integration_type: 'external',
        integration: { url: 'https://bot:s3cret@hooks.example.com/flex', retry_count: 2 },
      }),
      want({ friendly_name: 'Web Chat', enabled: false, channel_type: 'web' }),
      want({ friendly_name: 'WhatsApp', channel_type: 'whatsapp' }, ['WA old']),
      want({ friendly_name: 'Unchanged', enabled: true }),
    ],
    live,
    SAMPLE_SETTINGS,
  );
  return countLive(plan, live, SAMPLE_SETTINGS);
}

const emptyPlan = (): Plan => diff([want({ friendly_name: 'a' })], liveFlows([liveFlow(1, 'a')]), DEFAULT_SETTINGS);

describe('renderText', () => {
  it('matches the golden plan', async () => {
    await expect(renderText(samplePlan())).toMatchFileSnapshot('golden/plan.txt');
  });

  it('matches the golden plan in colour', async () => {
    await expect(renderText(samplePlan(), { color: true })).toMatchFileSnapshot('golden/plan.color.txt');
  });

  it.each([
    { name: 'no changes', plan: emptyPlan(), expected: 'No changes. 1 flow unchanged.\n' },
    {
      name: 'summary line',
      plan: samplePlan(),
      expected: 'Plan: 1 to create, 3 to update, 1 to delete, 1 unchanged\n',
    },
  ])('$name', ({ plan, expected }) => {
    expect(renderText(plan).split('\n')[0] + '\n').toBe(expected);
  });

  const names = (count: number): string[] => Array.from({ length: count }, (_, i) => `flow-${String(i).padStart(4, '0')}`);
  const listed = (count: number): string[] => names(count).map((name) => `    "${name}"`);

  it.each([
    { count: 1, expected: ['Ignored: 1 flow', ...listed(1)] },
    { count: LISTED_NAMES, expected: [`Ignored: ${LISTED_NAMES} flows`, ...listed(LISTED_NAMES)] },
    { count: LISTED_NAMES + 1, expected: [`Ignored: ${LISTED_NAMES + 1} flows`, ...listed(LISTED_NAMES), '    … and 1 more'] },
    { count: 3_000, expected: ['Ignored: 3000 flows', ...listed(LISTED_NAMES), '    … and 2980 more'] },
  ])('lists $count ignored flows one per line, capped at LISTED_NAMES', ({ count, expected }) => {
    const text = renderText({ ...emptyPlan(), ignored: refs(names(count)) });
    expect(text).toBe(['No changes. 1 flow unchanged.', '', ...expected, ''].join('\n'));
  });

  it('lists flows it does not manage the same way, before the ignored ones', () => {
    const text = renderText({ ...emptyPlan(), unmanaged: refs(names(22)), ignored: refs(['scratch']) });
    expect(text.split('\n').slice(1)).toEqual([
      '',
      'Not managed, kept (no file declares them): 22 flows',
      ...listed(LISTED_NAMES),
      '    … and 2 more',
      '',
      'Ignored: 1 flow',
      '    "scratch"',
      '',
    ]);
  });

  it('never prints the webhook password', () => {
    expect(renderText(samplePlan())).not.toMatch(/s3cret|bot:old/);
  });
});

describe('renderMarkdown', () => {
  it('matches the golden comment', async () => {
    await expect(renderMarkdown(samplePlan())).toMatchFileSnapshot('golden/plan.md');
  });

  it('matches the golden comment when there is nothing to do', async () => {
    await expect(renderMarkdown(emptyPlan())).toMatchFileSnapshot('golden/plan-empty.md');
  });

  /** Declared with `integration` last and `enabled` before `channel_type`, as a file may well do. */
  const SHUFFLED: FlowFields = {
    friendly_name: 'Shuffled',
    janitor_enabled: true,
    long_lived: false,
    integration: { retry_count: 1, flow_sid: STUDIO_FLOW },
    enabled: true,
    integration_type: 'studio',
    channel_type: 'web',
    chat_service_sid: CHAT_SERVICE,
  };
  const TABLE_ORDER = [
    'friendly_name',
    'chat_service_sid',
    'channel_type',
    'enabled',
    'integration_type',
    'integration.flow_sid',
    'integration.retry_count',
    'long_lived',
    'janitor_enabled',
  ];

  it.each([
    {
      renderer: 'markdown',
      // `+key:` lines of the YAML diff; nested ones are indented under `+integration:`.
      keys: (plan: Plan) =>
        [...renderMarkdown(plan).matchAll(/^\+( *)(\w+):/gm)]
          .map(([, indent, key]) => (indent ? `integration.${key}` : key))
          .filter((key) => key !== 'integration'),
    },
    {
      renderer: 'text',
      keys: (plan: Plan) => ['friendly_name', ...[...renderText(plan).matchAll(/^ {4}([\w.]+):/gm)].map(([, key]) => key)],
    },
  ])('$renderer lists a create in the field table order, integration after integration_type', ({ keys }) => {
    expect(keys(diff([want(SHUFFLED)], liveFlows([]), DEFAULT_SETTINGS))).toEqual(TABLE_ORDER);
  });

  it('truncates under maxLength with a note', async () => {
    const text = renderMarkdown(samplePlan(), { maxLength: 1200, fullPlanHint: 'See the `plan` artifact.' });
    expect(text.length).toBeLessThanOrEqual(1200);
    await expect(text).toMatchFileSnapshot('golden/plan-truncated.md');
  });

  it('stays under the GitHub limit for a thousand flows', () => {
    const desired = Array.from({ length: 1000 }, (_, i) =>
      want({ friendly_name: `flow ${i}`, chat_service_sid: CHAT_SERVICE, channel_type: 'sms' }),
    );
    const text = renderMarkdown(diff(desired, liveFlows([]), DEFAULT_SETTINGS));
    expect(text.length).toBeLessThanOrEqual(65_536);
    expect(text.startsWith(`${PLAN_COMMENT_MARKER}\n`)).toBe(true);
    expect(text).toContain('entries are not shown');
  });

  it.each([
    { input: 'a|b', expected: 'a&#124;b' },
    { input: '<script>', expected: '&lt;script&gt;' },
    { input: '`x`', expected: '&#96;x&#96;' },
    { input: 'one\ntwo', expected: 'one&#92;ntwo' },
    { input: 'https://u:p@x.io/', expected: 'https://&#42;&#42;&#42;&#64;x.io/' },
    { input: '@team [link](x)', expected: '&#64;team &#91;link&#93;(x)' },
  ])('escapes $input', ({ input, expected }) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });
});

/** Saved live counts of flows, and what parsing says of them when they are wrong. */
const flows = (total: unknown, managed: unknown) => ({ 'flex-flow': { total, managed } });
const OTHER_KIND = "live_counts must count only the plan's kinds (flex-flow)";
const [TOTAL, MANAGED] = ['live_counts.flex-flow.total', 'live_counts.flex-flow.managed'];
const SHAPE = 'live_counts.flex-flow must be {"total": …, "managed": …}';

describe('formatPlanFile / parsePlanFile', () => {
  it('matches the golden plan document', async () => {
    await expect(formatPlanFile(samplePlan(), 'golden-salt')).toMatchFileSnapshot('golden/plan.json');
  });

  it('gives the same bytes for the same inputs and salt; a plan holding secrets draws a new salt each time', () => {
    expect(formatPlanFile(samplePlan(), 'salt')).toBe(formatPlanFile(samplePlan(), 'salt'));
    expect(formatPlanFile(samplePlan())).not.toBe(formatPlanFile(samplePlan()));
  });

  it('round-trips, marking where secrets were redacted', () => {
    const plan = samplePlan();
    const saved = parsePlanFile(formatPlanFile(plan));
    expect(saved.changes.map((change) => change.key)).toEqual(plan.changes.map((change) => change.key));
    expect(saved.summary).toEqual(plan.summary);
    expect(saved.redacted.map(({ path }) => path.join('.'))).toEqual([
      'changes.1.before.fields.integration.url',
      'changes.1.after.integration.url',
      'changes.1.changes.0.before',
      'changes.1.changes.0.after',
      'changes.1.send.integration.url',
    ]);
  });

  it('checks the saved live counts and drops them: apply counts a fresh listing', () => {
    const saved = parsePlanFile(formatPlanFile(samplePlan()));
    expect(saved).not.toHaveProperty('live_counts');
    // checkSafety takes a CountedPlan: a saved plan must be counted again (countLive) before it is weighed.
    expectTypeOf(saved).not.toExtend<CountedPlan>();
    expectTypeOf(countLive(saved, {}, DEFAULT_SETTINGS)).toExtend<CountedPlan>();
    // A plan saved before the counts existed reads as before.
    const older = JSON.parse(formatPlanFile(samplePlan())) as Record<string, unknown>;
    delete older.live_counts;
    expect(parsePlanFile(JSON.stringify(older)).changes).toEqual(saved.changes);
  });

  it.each([
    { name: 'not an object', counts: [], message: 'live_counts must be an object of {total, managed} per kind' },
    { name: 'none of its kinds', counts: {}, message: "live_counts must count each of the plan's kinds (flex-flow)" },
    { name: 'a kind the plan does not cover', counts: { ...flows(7, 6), 'address-configuration': {} }, message: OTHER_KIND },
    { name: 'a hostile key', counts: { ...flows(7, 6), '\u001b[2J\n': {} }, message: OTHER_KIND },
    { name: 'a count that is not a whole number', counts: flows(7.5, 6), message: `${TOTAL} must be a whole number, 0 or more` },
    { name: 'a negative count', counts: flows(7, -1), message: `${MANAGED} must be a whole number, 0 or more` },
    { name: 'a count as text', counts: flows('7', 6), message: `${TOTAL} must be a whole number, 0 or more` },
    { name: 'more managed than live', counts: flows(6, 7), message: `${MANAGED} must not be more than its total` },
    { name: 'another key', counts: { 'flex-flow': { total: 7, managed: 6, ignored: 1 } }, message: SHAPE },
  ])('rejects saved live counts: $name', ({ counts, message }) => {
    const text = JSON.stringify({ ...(JSON.parse(formatPlanFile(samplePlan())) as object), live_counts: counts });
    expect(() => parsePlanFile(text)).toThrow(
      new UserInputError(`plan file: ${message}; write it again with \`flexflow-sync plan --out FILE\``),
    );
  });

  it('restores redacted values from the flow files, and refuses when they changed', () => {
    const plan = samplePlan();
    const saved = parsePlanFile(formatPlanFile(plan));
    const declaredWith = (url: string): DesiredResource[] => [want({ friendly_name: HOSTILE, integration: { url, retry_count: 2 } })];
    const restored = restoreRedacted(saved, saved.redacted, declaredWith('https://bot:s3cret@hooks.example.com/flex'));
    expect(restored.changes[1]).toMatchObject({
      changes: [{ after: 'https://bot:s3cret@hooks.example.com/flex' }, {}],
      send: { integration: { url: 'https://bot:s3cret@hooks.example.com/flex' } },
    });
    expect(() => restoreRedacted(saved, saved.redacted, declaredWith('https://bot:x@other.example.com/flex'))).toThrow(UnsafePlanError);
  });

  it.each([
    { name: 'not JSON', text: '{', message: /^plan file is not valid JSON/ },
    { name: 'another version', text: '{"format_version": 4}', message: /format_version 4, but this flexflow-sync reads version 3/ },
    {
      name: 'a version-2 plan, from before names instead of SIDs',
      text: '{"format_version": 2, "changes": []}',
      message:
        /^plan file has format_version 2, from a flexflow-sync before names instead of SIDs and migrations, which this one \(format_version 3\) does not apply; run `flexflow-sync plan --out FILE` again with this version$/,
    },
    {
      name: 'a version-1 plan, from before resource kinds',
      text: '{"format_version": 1, "changes": []}',
      message:
        /^plan file has format_version 1, from a flexflow-sync before resource kinds, which this one \(format_version 3\) does not apply; run `flexflow-sync plan --out FILE` again with this version$/,
    },
    {
      name: 'a bad action',
      text: '{"format_version":3,"kinds":["flex-flow"],"changes":[{"action":"explode","kind":"flex-flow","key":"a"}],"unmanaged":[],"ignored":[],"summary":{}}',
      message: /^plan file: changes\[0\]\.action must be one of create, update, replace, delete, noop/,
    },
    {
      name: 'an unknown kind',
      text: '{"format_version":3,"kinds":["flex-flow"],"changes":[{"action":"delete","kind":"studio-flow","key":"a"}],"unmanaged":[],"ignored":[],"summary":{}}',
      message: /^plan file: changes\[0\]\.kind must be one of flex-flow, address-configuration/,
    },
    {
      name: 'a summary that lies',
      text: '{"format_version":3,"kinds":["flex-flow"],"changes":[],"unmanaged":[],"ignored":[],"summary":{"create":1,"update":0,"replace":0,"delete":0,"noop":0},"summary_by_kind":{}}',
      message: /^plan file: summary does not match its changes/,
    },
    {
      name: 'a summary per kind that lies',
      text: '{"format_version":3,"kinds":["flex-flow"],"changes":[],"unmanaged":[],"ignored":[],"summary":{"create":0,"update":0,"replace":0,"delete":0,"noop":0},"summary_by_kind":{"flex-flow":{"create":1,"update":0,"replace":0,"delete":0,"noop":0}}}',
      message: /^plan file: summary_by_kind does not match its changes/,
    },
  ])('rejects $name', ({ text, message }) => {
    expect(() => parsePlanFile(text)).toThrow(UserInputError);
    expect(() => parsePlanFile(text)).toThrow(message);
  });

  it.each([
    {
      name: 'a marker without its digest (a plan from before digests)',
      damage: (json: string) => json.replace(/,\n\s*"sha256": "[0-9a-f]{64}"/, ''),
    },
    { name: 'a plan without its salt', damage: (json: string) => json.replace(/,\n\s*"redaction_salt": "[^"]*"/, '') },
  ])('rejects $name', ({ damage }) => {
    const text = damage(formatPlanFile(samplePlan(), 'salt'));
    expect(text).not.toBe(formatPlanFile(samplePlan(), 'salt'));
    expect(() => parsePlanFile(text)).toThrow(
      /^plan file: changes\.1\.before\.fields\.integration\.url is a redacted value without its sha256 digest or the plan's redaction_salt/,
    );
  });
});
