import { describe, expect, it } from 'vitest';
import { diff, matchesDeclared } from '../src/plan/diff.js';
import { UnsafePlanError } from '../src/errors.js';
import type { FlexFlow, FlowFields } from '../src/model/flexFlow.js';
import type { DesiredResource } from '../src/flows/types.js';
import type { LiveResource } from '../src/model/kind.js';
import { FLEX_FLOW } from '../src/model/kinds.js';
import { CHAT_SERVICE, declared, flowSid, liveFlow, liveFlows, STUDIO_FLOW, WORKFLOW, WORKSPACE } from './helpers/fixtures.js';
import { DEFAULT_SETTINGS, type Settings } from '../src/settings/types.js';
import type { Plan } from '../src/plan/types.js';

/** The plan of flows alone. */
function flowDiff(desired: readonly DesiredResource[], live: readonly FlexFlow[], settings: Settings): Plan {
  return diff(desired, liveFlows(live), settings);
}

const settings = (overrides: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, ...overrides });

/** The plan reduced to what a reader checks: action, name, changed paths. */
function outline(plan: Plan): string[] {
  return plan.changes.map((change) => {
    const paths = change.action === 'update' ? ` ${change.changes.map((c) => c.path).join(',')}` : '';
    const rename = change.action === 'update' && change.renamed_from ? ` (from ${change.renamed_from})` : '';
    return `${change.action} ${change.key}${rename}${paths}`;
  });
}

describe('diff', () => {
  it.each([
    {
      name: 'create when no live flow has the name',
      desired: [declared({ friendly_name: 'a', chat_service_sid: CHAT_SERVICE, channel_type: 'sms' })],
      live: [],
      expected: ['create a'],
    },
    {
      name: 'noop when every declared field matches',
      desired: [declared({ friendly_name: 'a', enabled: true, channel_type: 'web' })],
      live: [liveFlow(1, 'a')],
      expected: ['noop a'],
    },
    {
      name: 'update lists only the changed fields',
      desired: [declared({ friendly_name: 'a', enabled: false, channel_type: 'web', contact_identity: '+1' })],
      live: [liveFlow(1, 'a')],
      expected: ['update a contact_identity,enabled'],
    },
    {
      name: 'omitted fields are never compared',
      desired: [declared({ friendly_name: 'a' })],
      live: [liveFlow(1, 'a', { enabled: false, contact_identity: 'x', integration: null })],
      expected: ['noop a'],
    },
    {
      name: "Twilio's echoed defaults are quiet where the file does not declare them",
      desired: [
        declared({
          friendly_name: 'a',
          integration_type: 'task',
          integration: { workspace_sid: WORKSPACE, workflow_sid: WORKFLOW },
        }),
      ],
      live: [
        liveFlow(1, 'a', {
          integration_type: 'task',
          integration: {
            workspace_sid: WORKSPACE,
            workflow_sid: WORKFLOW,
            channel: 'default',
            timeout: 86_400,
            priority: 0,
          },
          long_lived: false,
          janitor_enabled: false,
        }),
      ],
      expected: ['noop a'],
    },
    {
      name: 'types are normalised: integers and booleans as strings, SID hex case',
      desired: [
        declared({
          friendly_name: 'a',
          enabled: 'true' as unknown as boolean,
          chat_service_sid: CHAT_SERVICE.toUpperCase().replace(/^IS/, 'IS'),
          integration: { flow_sid: 'FW' + 'B'.repeat(32), retry_count: '3' as unknown as number },
        }),
      ],
      live: [liveFlow(1, 'a', { integration: { flow_sid: STUDIO_FLOW, retry_count: '3' as unknown as number } })],
      expected: ['noop a'],
    },
    {
      name: 'empty string and null are the same',
      desired: [declared({ friendly_name: 'a', contact_identity: '' })],
      live: [liveFlow(1, 'a', { contact_identity: null })],
      expected: ['noop a'],
    },
    {
      name: 'URLs compare without trailing slash and host case',
      desired: [declared({ friendly_name: 'a', integration: { url: 'https://Hooks.Example.com/flex/' } })],
      live: [liveFlow(1, 'a', { integration_type: 'external', integration: { url: 'https://hooks.example.com/flex' } })],
      expected: ['noop a'],
    },
    {
      name: 'a bare host with and without a slash',
      desired: [declared({ friendly_name: 'a', integration: { url: 'https://example.com' } })],
      live: [liveFlow(1, 'a', { integration: { url: 'https://EXAMPLE.com/' } })],
      expected: ['noop a'],
    },
    {
      name: 'integration: only declared keys compared',
      desired: [declared({ friendly_name: 'a', integration: { flow_sid: STUDIO_FLOW } })],
      live: [liveFlow(1, 'a')],
      expected: ['noop a'],
    },
    {
      name: 'integration: a changed key is shown by path',
      desired: [declared({ friendly_name: 'a', integration: { flow_sid: STUDIO_FLOW, retry_count: 1 } })],
      live: [liveFlow(1, 'a')],
      expected: ['update a integration.retry_count'],
    },
    {
      name: 'integration declared null clears a live one',
      desired: [declared({ friendly_name: 'a', integration: null })],
      live: [liveFlow(1, 'a')],
      expected: ['update a integration'],
    },
    {
      name: 'integration declared null matches an empty live one',
      desired: [declared({ friendly_name: 'a', integration: null })],
      live: [liveFlow(1, 'a', { integration: {} })],
      expected: ['noop a'],
    },
    {
      name: 'rename keeps the SID: update with friendly_name changed',
      desired: [declared({ friendly_name: 'new', enabled: true }, 1, ['old'])],
      live: [liveFlow(1, 'old')],
      expected: ['update new (from old) friendly_name'],
    },
    {
      name: 'rename when both names are live: the new one is used, the old one is unmanaged',
      desired: [declared({ friendly_name: 'new' }, 1, ['old'])],
      live: [liveFlow(1, 'old'), liveFlow(2, 'new')],
      expected: ['noop new'],
      unmanaged: ['old'],
    },
    {
      name: 'rename_from a name another file declares is not a rename',
      desired: [declared({ friendly_name: 'new' }, 1, ['old']), declared({ friendly_name: 'old' })],
      live: [liveFlow(1, 'old')],
      expected: ['create new', 'noop old'],
    },
    {
      name: 'rename with no live flow of either name creates',
      desired: [declared({ friendly_name: 'new' }, 1, ['old'])],
      live: [],
      expected: ['create new'],
    },
    {
      name: 'prune off: undeclared flows are listed as unmanaged',
      desired: [declared({ friendly_name: 'a' })],
      live: [liveFlow(1, 'a'), liveFlow(2, 'z'), liveFlow(3, 'b')],
      expected: ['noop a'],
      unmanaged: ['b', 'z'],
    },
    {
      name: 'prune on: undeclared flows are deleted',
      desired: [declared({ friendly_name: 'a' })],
      live: [liveFlow(1, 'a'), liveFlow(2, 'b')],
      settings: { prune: true },
      expected: ['noop a', 'delete b'],
    },
    {
      name: 'prune on: protected flows are kept',
      desired: [declared({ friendly_name: 'a' })],
      live: [liveFlow(1, 'a'), liveFlow(2, 'Prod SMS'), liveFlow(3, 'b')],
      settings: { prune: true, protect: ['Prod*'] },
      expected: ['noop a', 'delete b'],
      unmanaged: ['Prod SMS'],
    },
    {
      name: 'prune on with no flow files deletes nothing',
      desired: [],
      live: [liveFlow(1, 'a'), liveFlow(2, 'b')],
      settings: { prune: true },
      expected: [],
      unmanaged: ['a', 'b'],
    },
    {
      name: 'prune on with only ignored flows declared deletes nothing',
      desired: [declared({ friendly_name: 'tmp-1' })],
      live: [liveFlow(1, 'a'), liveFlow(2, 'b')],
      settings: { prune: true, ignore: ['tmp-*'] },
      expected: [],
      unmanaged: ['a', 'b'],
      ignored: ['tmp-1'],
    },
    {
      name: 'ignored flows are never in the changes, declared or not',
      desired: [declared({ friendly_name: 'tmp-1', enabled: false }), declared({ friendly_name: 'a' })],
      live: [liveFlow(1, 'tmp-1'), liveFlow(2, 'tmp-2'), liveFlow(3, 'a')],
      settings: { prune: true, ignore: ['tmp-*'] },
      expected: ['noop a'],
      ignored: ['tmp-1', 'tmp-2'],
    },
    {
      name: 'duplicate live names that are ignored do not stop the plan',
      desired: [],
      live: [liveFlow(1, 'tmp'), liveFlow(2, 'tmp')],
      settings: { ignore: ['tmp'] },
      expected: [],
      ignored: ['tmp'],
    },
    {
      name: 'changes are sorted by code point, not locale',
      desired: [
        declared({ friendly_name: 'b' }),
        declared({ friendly_name: 'B' }),
        declared({ friendly_name: 'é' }),
        declared({ friendly_name: 'a' }),
      ],
      live: [],
      expected: ['create B', 'create a', 'create b', 'create é'],
    },
  ])('$name', ({ desired, live: liveFlows, settings: overrides, expected, unmanaged = [], ignored = [] }) => {
    const plan = flowDiff(desired, liveFlows, settings(overrides));
    expect(outline(plan)).toEqual(expected);
    expect(plan.unmanaged.map((ref) => ref.key)).toEqual(unmanaged);
    expect(plan.ignored.map((ref) => ref.key)).toEqual(ignored);
  });

  it('update sends only changed fields, with the declared spelling', () => {
    const plan = flowDiff(
      [
        declared({
          friendly_name: 'a',
          enabled: false,
          channel_type: 'web',
          integration: { url: 'https://u:p@Hook.io/x/', retry_count: 2 },
        }),
      ],
      [liveFlow(1, 'a', { integration_type: 'external', integration: { url: 'https://u:p@hook.io/x', retry_count: 1 } })],
      settings(),
    );
    const change = plan.changes[0];
    expect(change?.action).toBe('update');
    if (change?.action !== 'update') return;
    expect(change.send).toEqual({ enabled: false, integration: { url: 'https://u:p@Hook.io/x/', retry_count: 2 } });
    expect(change.changes).toEqual([
      { path: 'enabled', before: true, after: false },
      { path: 'integration.retry_count', before: 1, after: 2 },
    ]);
    expect(change.before.sid).toBe(flowSid(1));
  });

  it('clearing an integration sends every live integration field empty', () => {
    const plan = flowDiff([declared({ friendly_name: 'a', integration: null })], [liveFlow(1, 'a')], settings());
    const change = plan.changes[0];
    expect(change?.action === 'update' && change.send).toEqual({ integration: { flow_sid: null, retry_count: null } });
  });

  it('a rename sends the new friendly_name', () => {
    const plan = flowDiff([declared({ friendly_name: 'new' }, 1, ['gone', 'old'])], [liveFlow(7, 'old')], settings());
    expect(plan.changes[0]).toMatchObject({
      action: 'update',
      renamed_from: 'old',
      send: { friendly_name: 'new' },
      before: { sid: flowSid(7) },
    });
  });

  it('counts every action in the summary', () => {
    const plan = flowDiff(
      [declared({ friendly_name: 'c' }), declared({ friendly_name: 'u', enabled: false }), declared({ friendly_name: 'n' })],
      [liveFlow(1, 'u'), liveFlow(2, 'n'), liveFlow(3, 'd')],
      settings({ prune: true }),
    );
    expect(plan.summary).toEqual({ create: 1, update: 1, replace: 0, delete: 1, noop: 1, migrate: 0 });
  });

  it('refuses duplicate live names, naming both SIDs', () => {
    expect(() => flowDiff([declared({ friendly_name: 'a' })], [liveFlow(2, 'a'), liveFlow(1, 'a')], settings())).toThrow(
      new UnsafePlanError(
        `two live flows have the friendly_name "a" (${flowSid(1)} and ${flowSid(2)}); plans are keyed on friendly_name, so rename or delete one of them in the Console first`,
      ),
    );
  });

  it('is deterministic whatever order the live flows come in', () => {
    const flows = [liveFlow(1, 'x'), liveFlow(2, 'y'), liveFlow(3, 'z')];
    const desired = [declared({ friendly_name: 'y', enabled: false })];
    const a = flowDiff(desired, flows, settings({ prune: true }));
    const b = flowDiff(desired, [...flows].reverse(), settings({ prune: true }));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});

describe('matchesDeclared', () => {
  // Apply adopts a flow it finds after an untrusted create only when the diff would plan nothing for it.
  it.each([
    { name: 'every declared field equal, others unmanaged', declared: { friendly_name: 'a', channel_type: 'web' }, matches: true },
    {
      name: 'spelled differently, same value',
      declared: { friendly_name: 'a', enabled: 'true', integration: { flow_sid: STUDIO_FLOW.toUpperCase(), retry_count: '3' } },
      matches: true,
    },
    { name: 'a declared field differs', declared: { friendly_name: 'a', channel_type: 'sms' }, matches: false },
    { name: 'an integration field differs', declared: { friendly_name: 'a', integration: { retry_count: 2 } }, matches: false },
    { name: 'no integration declared, one live', declared: { friendly_name: 'a', integration: null }, matches: false },
  ])('$name', ({ declared: given, matches }) => {
    const fields = given as unknown as FlowFields;
    expect(
      matchesDeclared(FLEX_FLOW, liveFlow(1, 'a') as unknown as LiveResource, fields as unknown as Readonly<Record<string, unknown>>),
    ).toBe(matches);
    expect(flowDiff([declared(fields)], [liveFlow(1, 'a')], settings()).changes[0]?.action === 'noop').toBe(matches);
  });
});
