import { describe, expect, it } from 'vitest';
import type { LiveResource } from '../src/model/kind.js';
import { diff } from '../src/plan/diff.js';
import type { Plan } from '../src/plan/types.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { renderText } from '../src/render/text.js';
import { DEFAULT_SETTINGS } from '../src/settings/types.js';
import { CHAT_SERVICE, addressFields, declared, declaredAddress, liveAddress, liveFlow, webFlow } from './helpers/fixtures.js';

/** Flows and address configurations changing together: a create, an update, a replacement and a delete. */
function kindsPlan(): Plan {
  return diff(
    [
      declared(webFlow('Web Chat')),
      declaredAddress(addressFields('+15550001111', { type: 'whatsapp' })),
      declaredAddress(addressFields('+15550002222', { friendly_name: 'Sales' }), 2),
      declaredAddress(addressFields('+15550003333'), 3),
    ],
    {
      'flex-flow': [liveFlow(1, 'Legacy') as unknown as LiveResource],
      'address-configuration': [
        liveAddress(1, '+15550001111'),
        liveAddress(2, '+15550002222'),
        liveAddress(3, '+15550003333'),
        liveAddress(4, 'whatsapp:+15550009999'),
      ],
    },
    { ...DEFAULT_SETTINGS, prune: true, maxDeleteFraction: 1 },
  );
}

describe('renderers, for a plan of two kinds', () => {
  it('text: a summary line per kind, a heading per kind, -/+ with the reason', async () => {
    await expect(renderText(kindsPlan())).toMatchFileSnapshot('golden/plan-kinds.txt');
  });

  it('markdown: a column per kind and a total, a heading per kind', async () => {
    await expect(renderMarkdown(kindsPlan())).toMatchFileSnapshot('golden/plan-kinds.md');
  });

  it('no heading per kind when only one kind changes; no changes counts each kind with a declared or live resource', () => {
    const plan = diff(
      [declared(webFlow('Web Chat')), declaredAddress(addressFields('+1'))],
      { 'flex-flow': [], 'address-configuration': [liveAddress(1, '+1')] },
      DEFAULT_SETTINGS,
    );
    expect(renderText(plan)).toBe(
      [
        'Plan: 1 to create, 0 to update, 0 to delete, 1 unchanged',
        '    flows: 1 to create, 0 to update, 0 to delete, 0 unchanged',
        '    address configurations: 0 to create, 0 to update, 0 to delete, 1 unchanged',
        '',
        '+ "Web Chat"',
        `    chat_service_sid: "${CHAT_SERVICE}"`,
        '    channel_type: "web"',
        '    enabled: true',
        '',
      ].join('\n'),
    );
    const quiet = diff(
      [declaredAddress(addressFields('+1'))],
      { 'flex-flow': [], 'address-configuration': [liveAddress(1, '+1')] },
      DEFAULT_SETTINGS,
    );
    expect(renderText(quiet).split('\n')[0]).toBe('No changes. 1 address configuration unchanged.');
    const withFlow = diff(
      [declaredAddress(addressFields('+1'))],
      { 'flex-flow': [liveFlow(1, 'Kept') as unknown as LiveResource], 'address-configuration': [liveAddress(1, '+1')] },
      DEFAULT_SETTINGS,
    );
    expect(renderText(withFlow).split('\n')[0]).toBe('No changes. 0 flows and 1 address configuration unchanged.');
    const empty = diff([], { 'flex-flow': [], 'address-configuration': [] }, DEFAULT_SETTINGS);
    expect(renderText(empty).split('\n')[0]).toBe('No changes. 0 flows and 0 address configurations unchanged.');
  });
});
