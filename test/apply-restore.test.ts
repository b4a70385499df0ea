import { describe, expect, it } from 'vitest';
import { revertUpdate } from '../src/apply/restore.js';
import { liveFlow } from './helpers/fixtures.js';
import type { LiveResource } from '../src/model/kind.js';
import { FLEX_FLOW } from '../src/model/kinds.js';

describe('revertUpdate', () => {
  it.each([
    {
      name: 'top-level fields get their old values, empty ones sent as null',
      live: liveFlow(1, 'a', { contact_identity: null, enabled: true }),
      send: { contact_identity: '+1555', enabled: false },
      expected: { contact_identity: null, enabled: true },
    },
    {
      name: 'the integration comes back whole, and fields the update added are cleared',
      live: liveFlow(1, 'a', { integration: { url: 'https://old.example.com' } }),
      send: { integration: { url: 'https://new.example.com', retry_count: 2 } },
      expected: { integration: { url: 'https://old.example.com', retry_count: null } },
    },
    {
      name: 'a flow that had no integration gets every sent integration field cleared',
      live: liveFlow(1, 'a', { integration: null }),
      send: { integration_type: 'studio' as const, integration: { flow_sid: `FW${'1'.repeat(32)}` } },
      expected: { integration_type: 'studio', integration: { flow_sid: null } },
    },
  ])('$name', ({ live, send, expected }) => {
    expect(revertUpdate(FLEX_FLOW, live as unknown as LiveResource, send)).toEqual(expected);
  });
});
