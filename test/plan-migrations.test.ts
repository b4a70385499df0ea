import { describe, expect, it } from 'vitest';
import type { DesiredResource } from '../src/flows/types.js';
import type { LiveResource } from '../src/model/kind.js';
import { makePlan } from '../src/plan/make.js';
import { inertMigrations } from '../src/plan/migrations.js';
import type { CreateChange, DeleteChange, NoopChange } from '../src/plan/types.js';
import { planInconsistencies } from '../src/plan/consistency.js';
import { formatPlanFile, parsePlanFile } from '../src/plan/planFile.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { renderText } from '../src/render/text.js';
import { DEFAULT_SETTINGS, type Settings } from '../src/settings/types.js';
import {
  addressFields,
  CHAT_SERVICE,
  declared,
  declaredAddress,
  liveAddress,
  liveFlow,
  OTHER_CHAT_SERVICE,
  PRUNE_ALL,
  webFlow,
} from './helpers/fixtures.js';

const migrated = (address: string, from: string): DesiredResource => ({ ...declaredAddress(addressFields(address)), migratedFrom: from });
const flow = (n: number, name: string, address: string): LiveResource =>
  liveFlow(n, name, { channel_type: 'sms', contact_identity: address }) as unknown as LiveResource;
const refusalsOf = (
  desired: readonly DesiredResource[],
  live: Parameters<typeof makePlan>[0]['live'],
  settings: Settings = DEFAULT_SETTINGS,
): readonly string[] => makePlan({ desired, live, settings }).refusals;

const PREFIX =
  'the plan creates the address configuration "+1", migrated from the flow "SMS" (migrated_from), without deleting that flow first as Twilio\'s migration order requires: ';
const SUFFIX =
  '; delete it by hand (after making sure the address has no production traffic) and remove migrated_from, or let the plan delete it (remove its document, or the ignore glob that matches it)';

describe('a declared address configuration with migrated_from', () => {
  it('pairs with the live flow of that name whatever prune says: one migrate, the flow deleted first', () => {
    const live = { 'flex-flow': [flow(1, 'SMS', '+1'), liveFlow(2, 'Web') as unknown as LiveResource], 'address-configuration': [] };
    for (const settings of [DEFAULT_SETTINGS, PRUNE_ALL]) {
      const { plan, refusals } = makePlan({
        desired: [declared(webFlow('Web', { chat_service_sid: OTHER_CHAT_SERVICE })), migrated('+1', 'SMS')],
        live,
        settings,
      });
      expect(refusals).toEqual([]);
      expect(plan.changes.filter((change) => change.action === 'delete')).toMatchObject([
        { kind: 'flex-flow', key: 'SMS', migrated_to: '+1' },
      ]);
      expect(plan.summary).toMatchObject({ migrate: 1, create: 0, delete: 0 });
      expect(plan.unmanaged).toEqual([]);
      expect(renderText(plan)).toContain(
        `    » migrate "SMS" ${(plan.changes.find((change) => change.key === 'SMS' && change.action === 'delete') as DeleteChange).before.sid} (sms +1) → sms +1\n`,
      );
      expect(renderText(plan).split('\n')[0]).toBe('Plan: 1 to migrate, 0 to create, 1 to update, 0 to delete, 0 unchanged');
    }
  });

  it('counts a pair as one migrate, under each kind it joins and once in the total: per kind, Markdown, JSON; a plan saved with the halves counted per kind still reads', () => {
    const live = {
      'flex-flow': [flow(1, 'SMS', '+1'), liveFlow(2, 'Web') as unknown as LiveResource],
      'address-configuration': [liveAddress(3, '+3')],
    };
    const { plan } = makePlan({
      desired: [
        declared(webFlow('Web', { chat_service_sid: OTHER_CHAT_SERVICE })),
        migrated('+1', 'SMS'),
        declaredAddress(addressFields('+2')),
      ],
      live,
      settings: PRUNE_ALL,
    });
    const counts = { create: 0, update: 0, replace: 0, delete: 0, noop: 0, migrate: 0 };
    expect(plan.summary_by_kind).toEqual({
      'flex-flow': { ...counts, migrate: 1, update: 1 },
      'address-configuration': { ...counts, migrate: 1, create: 1, delete: 1 },
    });
    expect(plan.summary).toEqual({ ...counts, migrate: 1, create: 1, update: 1, delete: 1 });
    expect(renderText(plan).split('\n').slice(0, 3)).toEqual([
      'Plan: 1 to migrate, 1 to create, 1 to update, 1 to delete, 0 unchanged',
      '    flows: 1 to migrate, 0 to create, 1 to update, 0 to delete, 0 unchanged',
      '    address configurations: 1 to migrate, 1 to create, 0 to update, 1 to delete, 0 unchanged',
    ]);
    // Twilio's warning is not collapsed with the list.
    expect(renderMarkdown(plan)).toContain(
      '> [!WARNING]\n> Twilio: make sure the address has no production traffic before applying; each flow is deleted first, and put back if its address configuration cannot be created\n\n<details>\n<summary>Migrations (1)</summary>\n',
    );
    expect(renderMarkdown(plan)).toContain(
      '| Action | Flows | Address configurations | Total |\n| --- | ---: | ---: | ---: |\n| Migrate | 1 | 1 | 1 |\n| Create | 0 | 1 | 1 |\n',
    );
    const saved = JSON.parse(formatPlanFile(plan)) as { summary: unknown; summary_by_kind: unknown };
    expect([saved.summary, saved.summary_by_kind]).toEqual([plan.summary, plan.summary_by_kind]);
    const legacy = {
      ...saved,
      summary_by_kind: { 'flex-flow': { ...counts, delete: 1, update: 1 }, 'address-configuration': { ...counts, create: 2, delete: 1 } },
    };
    expect(parsePlanFile(JSON.stringify(legacy)).summary_by_kind).toEqual(plan.summary_by_kind);
    const wrong = {
      ...saved,
      summary_by_kind: { 'flex-flow': { ...counts, update: 1 }, 'address-configuration': { ...counts, create: 2, delete: 1 } },
    };
    expect(() => parsePlanFile(JSON.stringify(wrong))).toThrow('summary_by_kind does not match its changes');
  });

  it('pairs when the files declare no flow (the flows are read for the migration only)', () => {
    const { plan, refusals } = makePlan({
      desired: [migrated('+1', 'SMS')],
      live: { 'flex-flow': [flow(1, 'SMS', '+1')], 'address-configuration': [] },
      settings: DEFAULT_SETTINGS,
    });
    expect([refusals, plan.summary.migrate]).toEqual([[], 1]);
  });

  it('is refused while the flow is protected, in the words a saved plan is refused in (checkSafety: protect keeps a flow from every delete)', () => {
    const live = { 'flex-flow': [flow(1, 'SMS', '+1'), liveFlow(2, 'Web') as unknown as LiveResource], 'address-configuration': [] };
    for (const settings of [DEFAULT_SETTINGS, PRUNE_ALL]) {
      expect(refusalsOf([declared(webFlow('Web')), migrated('+1', 'SMS')], live, { ...settings, protect: ['SMS'] })).toEqual([
        'the plan deletes "SMS", which the settings protect (a migration deletes what its migrated_from names: unprotect it, or remove migrated_from)',
      ]);
    }
  });

  it('is refused while the flow is ignored or a file still declares it', () => {
    const live = { 'flex-flow': [flow(1, 'SMS', '+1'), liveFlow(2, 'Web') as unknown as LiveResource], 'address-configuration': [] };
    const kept = `${PREFIX}the plan keeps that flow (a file still declares it, or it is ignored)${SUFFIX}`;
    expect(refusalsOf([declared(webFlow('Web')), migrated('+1', 'SMS')], live, { ...PRUNE_ALL, ignore: ['SMS'] })).toEqual([kept]);
    const sms = declared({
      friendly_name: 'SMS',
      chat_service_sid: CHAT_SERVICE,
      channel_type: 'sms',
      contact_identity: '+1',
      enabled: true,
    });
    expect(refusalsOf([declared(webFlow('Web')), sms, migrated('+1', 'SMS')], live, PRUNE_ALL)).toContain(kept);
  });

  it('records the pair in both halves: the delete says migrated_to, the create migrated_from', () => {
    const { plan } = makePlan({
      desired: [migrated('+1', 'SMS'), migrated('+2', 'Gone')],
      live: { 'flex-flow': [flow(1, 'SMS', '+1')], 'address-configuration': [] },
      settings: DEFAULT_SETTINGS,
    });
    expect(
      plan.changes.map((change) => [
        change.action,
        change.key,
        'migrated_to' in change ? change.migrated_to : undefined,
        'migrated_from' in change ? change.migrated_from : undefined,
      ]),
    ).toEqual([
      ['delete', 'SMS', '+1', undefined],
      ['create', '+1', undefined, 'SMS'],
      // Its flow is gone: no pair, nothing to say.
      ['create', '+2', undefined, undefined],
    ]);
  });

  it('is refused while the plan did not read the flows', () => {
    expect(refusalsOf([migrated('+1', 'SMS')], { 'address-configuration': [] })).toEqual([
      `${PREFIX}the plan did not read the flows${SUFFIX}`,
    ]);
  });

  it('is allowed when the plan deletes the flow in the same run (the delete goes first)', () => {
    expect(
      refusalsOf(
        [declared(webFlow('Web')), migrated('+1', 'SMS')],
        { 'flex-flow': [flow(1, 'SMS', '+1'), liveFlow(2, 'Web') as unknown as LiveResource], 'address-configuration': [] },
        PRUNE_ALL,
      ),
    ).toEqual([]);
  });

  it('is allowed when the flows were read and that flow is gone', () => {
    expect(
      refusalsOf([declared(webFlow('Web')), migrated('+1', 'SMS')], {
        'flex-flow': [liveFlow(2, 'Web') as unknown as LiveResource],
        'address-configuration': [],
      }),
    ).toEqual([]);
  });

  it('is inert once the address configuration exists', () => {
    expect(refusalsOf([migrated('+1', 'SMS')], { 'address-configuration': [liveAddress(1, '+1')] })).toEqual([]);
  });

  it('refuses nothing for an address configuration without migrated_from', () => {
    expect(refusalsOf([declaredAddress(addressFields('+1'))], { 'address-configuration': [] })).toEqual([]);
  });

  it('refuses, and does not pair, a flow of another number or of a channel that becomes another type, whatever prune says', () => {
    const whatsapp = liveFlow(3, 'WA', { channel_type: 'whatsapp', contact_identity: 'whatsapp:+3' }) as unknown as LiveResource;
    const web = liveFlow(4, 'Web chat', { channel_type: 'web', contact_identity: '+4' }) as unknown as LiveResource;
    const live = { 'flex-flow': [flow(1, 'SMS', '+1'), whatsapp, web], 'address-configuration': [] };
    const cases: [DesiredResource, string][] = [
      [
        migrated('+9', 'SMS'),
        `the address configuration "+9" (sms +9) names the flow "SMS" (${flow(1, 'SMS', '+1').sid}) in migrated_from, but that flow routes sms +1`,
      ],
      [
        migrated('whatsapp:+3', 'WA'),
        `the address configuration "whatsapp:+3" (sms whatsapp:+3) names the flow "WA" (${whatsapp.sid}) in migrated_from, but that flow routes whatsapp whatsapp:+3`,
      ],
      [{ ...declaredAddress(addressFields('+1', { type: 'whatsapp' })), migratedFrom: 'SMS' }, 'names the flow "SMS"'],
      [migrated('+4', 'Web chat'), 'but that flow routes web +4'],
    ];
    for (const settings of [DEFAULT_SETTINGS, PRUNE_ALL]) {
      for (const [resource, message] of cases) {
        const { plan, refusals } = makePlan({ desired: [resource], live, settings });
        expect(plan.summary.migrate).toBe(0);
        expect(plan.changes.filter((change) => change.action === 'delete' && change.migrated_to !== undefined)).toEqual([]);
        expect(refusals.join('\n')).toContain(message);
        expect(refusals[0]).toMatch(/^flows\/addresses\.yaml:1:1: the address configuration /);
        expect(refusals.join('\n')).toContain(
          "a migration keeps the flow's address and its channel (sms → sms, whatsapp → whatsapp, facebook → messenger)",
        );
      }
    }
    const { refusals } = makePlan({
      desired: [migrated('whatsapp:+3', 'WA')].map((resource) => ({ ...resource, fields: { ...resource.fields, type: 'WhatsApp' } })),
      live,
      settings: DEFAULT_SETTINGS,
    });
    expect(refusals).toEqual([]);
  });

  it('refuses two documents that migrate one flow, naming both, and pairs neither twice', () => {
    const { plan, refusals } = makePlan({
      desired: [migrated('+1', 'SMS'), { ...migrated('+2', 'SMS'), source: { file: 'flows/b.yaml', line: 1, column: 1 } }],
      live: { 'flex-flow': [flow(1, 'SMS', '+1')], 'address-configuration': [] },
      settings: DEFAULT_SETTINGS,
    });
    expect(plan.changes.filter((change) => change.action === 'delete')).toHaveLength(1);
    expect(refusals).toEqual([
      'the address configurations "+1" (flows/addresses.yaml:1:1) and "+2" (flows/b.yaml:1:1) all name the flow "SMS" in migrated_from; a flow migrates to one address configuration: remove migrated_from from the others',
    ]);
  });

  it('refuses migrated_from naming a live flow on the same address once the address configuration exists (an address has one route)', () => {
    const live = { 'flex-flow': [flow(1, 'SMS', '+1')], 'address-configuration': [liveAddress(8, '+1')] };
    expect(refusalsOf([migrated('+1', 'SMS')], live)).toEqual([
      `flows/addresses.yaml:1:1: migrated_from of the address configuration "+1" names the live flow "SMS" (${flow(1, 'SMS', '+1').sid}), which still holds that address, but the address already has ` +
        `the address configuration ${liveAddress(8, '+1').sid}, and Twilio routes an address through one of them: delete the flow (after making sure the address has no production traffic), or remove migrated_from`,
    ]);
    // A flow of that name on another address is not the one it replaced: inert.
    expect(refusalsOf([migrated('+1', 'SMS')], { ...live, 'flex-flow': [flow(1, 'SMS', '+7')] })).toEqual([]);
  });

  it('refuses a create whose migrated_from has a typo while the real flow holds the address', () => {
    const live = { 'flex-flow': [flow(1, 'SMS Support', '+1')], 'address-configuration': [] };
    expect(refusalsOf([migrated('+1', 'SMS Suport')], live).join('\n')).toContain(
      `which the live flow "SMS Support" (${flow(1, 'SMS Support', '+1').sid}) holds as its contact_identity`,
    );
  });

  it('is noted as inert once no live flow carries the name, only when the flows were read', () => {
    const note = {
      file: 'flows/addresses.yaml',
      line: 1,
      column: 1,
      rule: 'inert-migrated-from',
      message: 'migrated_from: the flow "SMS" no longer exists, so the migration is done; remove migrated_from',
    };
    expect(
      inertMigrations([migrated('+1', 'SMS')], {
        'flex-flow': [liveFlow(2, 'Web') as unknown as LiveResource],
        'address-configuration': [liveAddress(1, '+1')],
      }),
    ).toEqual([note]);
    expect(inertMigrations([migrated('+1', 'SMS')], { 'flex-flow': [flow(1, 'SMS', '+1')], 'address-configuration': [] })).toEqual([]);
    expect(inertMigrations([migrated('+1', 'SMS')], { 'address-configuration': [] })).toEqual([]);
    expect(inertMigrations([declaredAddress(addressFields('+1'))], { 'flex-flow': [], 'address-configuration': [] })).toEqual([]);
  });

  it('says the migration is done only when the address configuration is live; otherwise that no live flow has the name, offering a near one and the holder of the address', () => {
    const tail =
      ', and the address configuration "+1" does not exist yet: fix the name; if a failed apply deleted the flow and could not put it back, ' +
      're-create it first from the restore_fields its report gave; for no flow at all, remove migrated_from';
    const note = (message: string) => [{ file: 'flows/addresses.yaml', line: 1, column: 1, rule: 'migrated-from-not-found', message }];
    const holder = flow(1, 'SMS Support', '+1');
    expect(inertMigrations([migrated('+1', 'SMS Suport')], { 'flex-flow': [holder], 'address-configuration': [] })).toEqual(
      note(
        `migrated_from: no live flow is named "SMS Suport" (did you mean "SMS Support"?); the live flow "SMS Support" (${holder.sid}) holds "+1"${tail}`,
      ),
    );
    expect(inertMigrations([migrated('+1', 'Gone')], { 'flex-flow': [flow(2, 'Other', '+2')], 'address-configuration': [] })).toEqual(
      note(`migrated_from: no live flow is named "Gone"${tail}`),
    );
  });
});

describe('a saved migration pair (planInconsistencies: an edited plan file)', () => {
  const live = { 'flex-flow': [flow(1, 'SMS', '+1'), liveFlow(2, 'Web') as unknown as LiveResource], 'address-configuration': [] };
  const genuine = makePlan({ desired: [declared(webFlow('Web')), migrated('+1', 'SMS')], live, settings: DEFAULT_SETTINGS }).plan;
  const [smsDelete, smsCreate] = [
    genuine.changes.find((c) => c.action === 'delete'),
    genuine.changes.find((c) => c.action === 'create'),
  ] as [DeleteChange, CreateChange];
  const webSnapshot = (genuine.changes.find((c) => c.key === 'Web') as NoopChange).before;
  const webDelete: DeleteChange = { action: 'delete', kind: 'flex-flow', key: 'Web', before: webSnapshot, migrated_to: '+9' };
  const bareCreate: CreateChange = { action: 'create', kind: 'address-configuration', key: '+9', after: { address: '+9', type: 'sms' } };
  const mismatch = (what: string, routes: string, sid: string, from = 'Web') =>
    `the address configuration "+9" (${what}) names the flow "${from}" (${sid}) in migrated_from, but that flow routes ${routes}; ` +
    "a migration keeps the flow's address and its channel (sms → sms, whatsapp → whatsapp, facebook → messenger): " +
    "fix migrated_from, or the address and type (flexflow-sync migrate writes them from the flow's document)";

  it.each([
    { name: 'as plan made it', changes: genuine.changes, problems: [] },
    {
      name: 'a delete of a web flow marked migrated_to a bare create',
      changes: [smsDelete, smsCreate, webDelete, bareCreate],
      problems: ['the delete of "Web" says it migrates to address configuration "+9", whose create says migrated_from nothing'],
    },
    {
      name: 'the same with migrated_from written in: a web flow routes no address',
      changes: [smsDelete, smsCreate, webDelete, { ...bareCreate, migrated_from: 'Web' }],
      problems: [mismatch('sms +9', 'web null', webSnapshot.sid)],
    },
    {
      name: 'an SMS flow migrated to another address than its own',
      changes: [
        { ...smsDelete, migrated_to: '+9' },
        { ...smsCreate, key: '+9', after: { ...smsCreate.after, address: '+9' } },
      ],
      problems: [mismatch('sms +9', 'sms +1', smsDelete.before.sid, 'SMS')],
    },
    {
      name: "an SMS flow migrated to another address type than its channel's",
      changes: [smsDelete, { ...smsCreate, after: { ...smsCreate.after, type: 'whatsapp' } }],
      problems: [
        mismatch('whatsapp +1', 'sms +1', smsDelete.before.sid, 'SMS').replace(
          'address configuration "+9" (',
          'address configuration "+1" (',
        ),
      ],
    },
    {
      name: 'two deletes migrating to one create',
      changes: [smsDelete, smsCreate, { ...webDelete, migrated_to: '+1' }],
      problems: ['the delete of "Web" says it migrates to address configuration "+1", whose create says migrated_from "SMS"'],
    },
    {
      name: 'a snapshot edited to hold a line break: quoted, so the error stays one line',
      changes: [
        { ...smsDelete, before: { ...smsDelete.before, fields: { ...smsDelete.before.fields, contact_identity: '+2\nerror: forged' } } },
        smsCreate,
      ],
      problems: [
        mismatch('sms +1', 'sms "+2\\nerror: forged"', smsDelete.before.sid, 'SMS').replace('configuration "+9"', 'configuration "+1"'),
      ],
    },
    {
      name: 'migrated_to that is not a key',
      changes: [{ ...smsDelete, migrated_to: { to: '+1' } as unknown as string }, smsCreate],
      problems: [
        'the delete of "SMS" says migrated_to, but not as the key of what it migrates to',
        'the create of address configuration "+1" says migrated_from "SMS", which no delete of the plan migrates to it',
      ],
    },
    {
      name: 'a create saying migrated_from without its delete',
      changes: [smsCreate],
      problems: ['the create of address configuration "+1" says migrated_from "SMS", which no delete of the plan migrates to it'],
    },
  ])('$name', ({ changes, problems }) => {
    expect(planInconsistencies(changes)).toEqual(problems);
  });
});
