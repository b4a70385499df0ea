import { describe, expect, it } from 'vitest';
import { UnsafePlanError } from '../src/errors.js';
import type { DesiredResource } from '../src/flows/types.js';
import type { LiveResource } from '../src/model/kind.js';
import { planInconsistencies } from '../src/plan/consistency.js';
import { type LiveByKind, diff } from '../src/plan/diff.js';
import { makePlan } from '../src/plan/make.js';
import { formatPlanFile, parsePlanFile, restoreRedacted } from '../src/plan/planFile.js';
import type { Plan } from '../src/plan/types.js';
import { DEFAULT_SETTINGS, type Settings } from '../src/settings/types.js';
import {
  addressFields,
  addressSid,
  declared,
  declaredAddress,
  LIVE_AUTO_CREATION,
  liveAddress,
  liveFlow,
  STUDIO_FLOW,
  webFlow,
} from './helpers/fixtures.js';

const settings = (overrides: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, ...overrides });
const addresses = (live: readonly LiveResource[]): LiveByKind => ({ 'address-configuration': live });
const want = (address: string, extra: Record<string, unknown> = {}): DesiredResource => declaredAddress(addressFields(address, extra));

/** The plan reduced to what a reader checks: action, key, changed paths, and what forces a replacement. */
function outline(plan: Plan): string[] {
  return plan.changes.map((change) => {
    const paths = change.action === 'update' || change.action === 'replace' ? ` ${change.changes.map((c) => c.path).join(',')}` : '';
    const forced = change.action === 'replace' ? ` (forced by ${change.forced_by.join(',')})` : '';
    return `${change.action} ${change.key}${paths}${forced}`;
  });
}

describe('diff of address configurations', () => {
  it.each([
    {
      name: 'create when no live configuration has the address',
      desired: [want('+15550001111')],
      live: [],
      expected: ['create +15550001111'],
    },
    {
      name: "no change after Twilio's echoes: POST for post, filters in another order",
      desired: [want('+1')],
      live: [liveAddress(1, '+1')],
      expected: ['noop +1'],
    },
    {
      name: 'no change when the file writes the type in upper case',
      desired: [want('+1', { type: 'SMS' })],
      live: [liveAddress(1, '+1')],
      expected: ['noop +1'],
    },
    {
      name: 'no change when the file writes the method in upper case and repeats a filter',
      desired: [
        want('+1', {
          auto_creation: {
            ...(addressFields('+1').auto_creation as object),
            webhook_method: 'POST',
            webhook_filters: ['onMessageAdded', 'onParticipantAdded', 'onMessageAdded'],
          },
        }),
      ],
      live: [liveAddress(1, '+1')],
      expected: ['noop +1'],
    },
    {
      name: 'keys Twilio adds to auto_creation that the table does not know are never compared',
      desired: [want('+1')],
      live: [liveAddress(1, '+1', { auto_creation: { ...(liveAddress(1, '+1').auto_creation as object), surprise: 'x' } })],
      expected: ['noop +1'],
    },
    {
      name: 'update of friendly_name',
      desired: [want('+1', { friendly_name: 'Support line' })],
      live: [liveAddress(1, '+1')],
      expected: ['update +1 friendly_name'],
    },
    {
      name: 'update of auto_creation fields: a filter more, auto-creation off',
      desired: [
        want('+1', {
          auto_creation: {
            ...(addressFields('+1').auto_creation as object),
            enabled: false,
            webhook_filters: ['onMessageAdded', 'onParticipantAdded', 'onConversationRemoved'],
          },
        }),
      ],
      live: [liveAddress(1, '+1')],
      expected: ['update +1 auto_creation.enabled,auto_creation.webhook_filters'],
    },
    {
      name: 'replace when the type changes',
      desired: [want('+1', { type: 'whatsapp' })],
      live: [liveAddress(1, '+1')],
      expected: ['replace +1 type (forced by type)'],
    },
    {
      name: 'replace when address_country changes, listing the other changes too',
      desired: [want('12345', { address_country: 'GB', friendly_name: 'Short code' })],
      live: [liveAddress(1, '12345', { address_country: 'US' })],
      expected: ['replace 12345 friendly_name,address_country (forced by address_country)'],
    },
    {
      name: 'no delete with prune off',
      desired: [want('+1')],
      live: [liveAddress(1, '+1'), liveAddress(2, '+2')],
      expected: ['noop +1'],
      unmanaged: ['+2'],
    },
    {
      name: 'delete with prune',
      desired: [want('+1')],
      live: [liveAddress(1, '+1'), liveAddress(2, '+2')],
      settings: { prune: true },
      expected: ['noop +1', 'delete +2'],
    },
    {
      name: 'a protected address is kept',
      desired: [want('+1')],
      live: [liveAddress(1, '+1'), liveAddress(2, '+2')],
      settings: { prune: true, protect: ['+2'] },
      expected: ['noop +1'],
      unmanaged: ['+2'],
    },
    {
      name: 'an ignored address is left alone',
      desired: [want('+1')],
      live: [liveAddress(1, '+1'), liveAddress(2, 'whatsapp:+2')],
      settings: { prune: true, ignore: ['whatsapp:*'] },
      expected: ['noop +1'],
      ignored: ['whatsapp:+2'],
    },
  ])('$name', ({ desired, live, settings: overrides, expected, unmanaged = [], ignored = [] }) => {
    const plan = diff(desired, addresses(live), settings(overrides));
    expect(outline(plan)).toEqual(expected);
    expect(plan.unmanaged.map((ref) => ref.key)).toEqual(unmanaged);
    expect(plan.ignored.map((ref) => ref.key)).toEqual(ignored);
    expect(planInconsistencies(plan.changes)).toEqual([]);
  });

  it('a replacement creates the declared fields and keeps the set ones the file does not manage', () => {
    const plan = diff(
      [declaredAddress({ address: '+1', type: 'whatsapp' })],
      addresses([liveAddress(1, '+1', { friendly_name: 'Support' })]),
      settings(),
    );
    expect(plan.changes[0]).toMatchObject({
      action: 'replace',
      forced_by: ['type'],
      changes: [{ path: 'type', before: 'sms', after: 'whatsapp' }],
      before: { sid: addressSid(1) },
      send: {
        address: '+1',
        type: 'whatsapp',
        friendly_name: 'Support',
        // The live group as a create sends it: its empty fields left out, and the method as Twilio documents it, not as it answers.
        auto_creation: {
          ...Object.fromEntries(Object.entries(LIVE_AUTO_CREATION).filter(([, value]) => value !== null)),
          webhook_method: 'post',
        },
      },
    });
  });

  it('an update of auto_creation sends all of it, as declared', () => {
    const declaredGroup = { enabled: true, type: 'studio', studio_flow_sid: STUDIO_FLOW, studio_retry_count: 2 };
    const plan = diff(
      [declaredAddress({ address: '+1', type: 'sms', auto_creation: declaredGroup })],
      addresses([liveAddress(1, '+1')]),
      settings(),
    );
    expect(plan.changes[0]).toMatchObject({ action: 'update', send: { auto_creation: declaredGroup } });
  });

  it('refuses two live configurations with one address, naming both SIDs', () => {
    expect(() => diff([want('+1')], addresses([liveAddress(2, '+1'), liveAddress(1, '+1')]), settings())).toThrow(
      new UnsafePlanError(
        `two live address configurations have the address "+1" (${addressSid(1)} and ${addressSid(2)}); plans are keyed on address, so delete one of them in the Console first`,
      ),
    );
  });

  it('ignores renamed_from: an address is the resource, another one is another resource', () => {
    const plan = diff([{ ...want('+2'), renamedFrom: ['+1'] }], addresses([liveAddress(1, '+1')]), settings({ prune: true }));
    expect(outline(plan)).toEqual(['delete +1', 'create +2']);
  });
});

describe('a plan of both kinds', () => {
  const both = (desired: readonly DesiredResource[], live: LiveByKind, overrides: Partial<Settings> = {}): Plan =>
    diff(desired, live, settings(overrides));

  it('groups the changes by kind and counts each kind', () => {
    const plan = both(
      [declared(webFlow('Web')), want('+1', { friendly_name: 'x' })],
      { 'flex-flow': [liveFlow(1, 'Old') as unknown as LiveResource], 'address-configuration': [liveAddress(1, '+1')] },
      { prune: true },
    );
    expect(plan.kinds).toEqual(['flex-flow', 'address-configuration']);
    expect(plan.changes.map((change) => `${change.kind} ${change.action} ${change.key}`)).toEqual([
      'flex-flow delete Old',
      'flex-flow create Web',
      'address-configuration update +1',
    ]);
    expect(plan.summary).toEqual({ create: 1, update: 1, replace: 0, delete: 1, noop: 0, migrate: 0 });
    expect(plan.summary_by_kind).toEqual({
      'flex-flow': { create: 1, update: 0, replace: 0, delete: 1, noop: 0, migrate: 0 },
      'address-configuration': { create: 0, update: 1, replace: 0, delete: 0, noop: 0, migrate: 0 },
    });
  });

  it('deletes nothing of a kind the files declare none of, even with prune (allowEmpty: false, per kind)', () => {
    const plan = both([declared(webFlow('Web'))], { 'flex-flow': [], 'address-configuration': [liveAddress(1, '+1')] }, { prune: true });
    expect(plan.changes.map((change) => change.action)).toEqual(['create']);
    expect(plan.unmanaged).toEqual([{ kind: 'address-configuration', key: '+1' }]);
  });

  it('refuses a declared kind whose live resources were not read (a bug of the caller)', () => {
    expect(() => both([want('+1')], { 'flex-flow': [] })).toThrow(/the live address configurations were not read/);
  });
});

describe('safety per kind', () => {
  const many = (count: number): LiveResource[] => Array.from({ length: count }, (_, i) => liveAddress(i + 1, `+${i + 1}`));

  it('weighs deletes against the live resources of their kind, not of the account', () => {
    const flows = Array.from({ length: 100 }, (_, i) => liveFlow(i + 1, `flow ${i}`) as unknown as LiveResource);
    const desired = [...flows.map((flow) => declared({ friendly_name: flow.friendly_name as string })), want('+1')];
    const { refusals } = makePlan({
      desired,
      live: { 'flex-flow': flows, 'address-configuration': many(10) },
      settings: settings({ prune: true }),
    });
    expect(refusals).toEqual([
      'refusing to delete 9 of 10 live address configurations (90%), more than the allowed 30%; if that is intended, raise the limit with --max-delete-fraction 0.9 or max_delete_fraction: 0.9 in flexflow-sync.yaml',
    ]);
  });

  it('counts a replacement as a delete', () => {
    const desired = many(10).map((resource, i) => want(resource.address as string, i < 4 ? { type: 'whatsapp' } : {}));
    const { refusals } = makePlan({ desired, live: addresses(many(10)), settings: settings() });
    expect(refusals).toEqual([
      'refusing to delete 4 of 10 live address configurations (40%), more than the allowed 30%; if that is intended, raise the limit with --max-delete-fraction 0.4 or max_delete_fraction: 0.4 in flexflow-sync.yaml',
    ]);
  });

  it('names the kind of a resource the settings protect', () => {
    const { refusals } = makePlan({
      desired: [want('+1', { type: 'whatsapp' })],
      live: addresses([liveAddress(1, '+1')]),
      settings: settings({ protect: ['+1'] }),
    });
    expect(refusals).toEqual(['the plan deletes address configuration "+1", which the settings protect']);
  });
});

describe('the saved plan of address configurations', () => {
  const SECRET_URL = 'https://bot:s3cret@hooks.example.com/conversations';
  const secretPlan = (): Plan =>
    diff(
      [want('+1', { type: 'whatsapp', auto_creation: { ...(addressFields('+1').auto_creation as object), webhook_url: SECRET_URL } })],
      addresses([
        liveAddress(1, '+1', {
          auto_creation: {
            ...(liveAddress(1, '+1').auto_creation as object),
            webhook_url: 'https://bot:old@hooks.example.com/conversations',
          },
        }),
      ]),
      settings(),
    );

  it('round-trips a replacement, redacting and restoring the webhook credentials', () => {
    const text = formatPlanFile(secretPlan());
    expect(text).not.toMatch(/s3cret|bot:old/);
    const saved = parsePlanFile(text);
    expect(saved.changes[0]).toMatchObject({ action: 'replace', kind: 'address-configuration', key: '+1', forced_by: ['type'] });
    const restored = restoreRedacted(saved, saved.redacted, [want('+1', { auto_creation: { webhook_url: SECRET_URL } })]);
    expect(restored.changes[0]).toMatchObject({
      after: { auto_creation: { webhook_url: SECRET_URL } },
      send: { auto_creation: { webhook_url: SECRET_URL } },
    });
    expect(() =>
      restoreRedacted(saved, saved.redacted, [
        want('+1', { auto_creation: { webhook_url: 'https://bot:other@hooks.example.com/conversations' } }),
      ]),
    ).toThrow(/^the saved plan's auto_creation\.webhook_url of address configuration "\+1" holds a redacted secret/);
  });

  it('refuses a replacement edited to be forced by a field Twilio can update', () => {
    const plan = secretPlan();
    const change = { ...plan.changes[0], forced_by: ['friendly_name'] } as Plan['changes'][number];
    expect(planInconsistencies([change])).toEqual([
      'the replacement of address configuration "+1" is not forced by a change of a field Twilio cannot update',
    ]);
  });

  it('refuses a delete edited to say it migrates to an address the plan does not create', () => {
    const plan = diff(
      [declared(webFlow('Kept'))],
      { 'flex-flow': [liveFlow(1, 'Kept') as unknown as LiveResource, liveFlow(2, 'Old') as unknown as LiveResource] },
      settings({ prune: true }),
    );
    const deletion = plan.changes.find((change) => change.action === 'delete');
    expect(deletion).toBeDefined();
    const edited = plan.changes.map((change) =>
      change === deletion ? { ...change, migrated_to: '+15550001111' } : change,
    ) as Plan['changes'];
    expect(planInconsistencies(plan.changes)).toEqual([]);
    expect(planInconsistencies(edited)).toEqual(['the delete of "Old" says it migrates to "+15550001111", which the plan does not create']);
  });
});
