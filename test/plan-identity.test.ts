import { describe, expect, it } from 'vitest';
import { diff } from '../src/plan/diff.js';
import { identityMoves, identityRings } from '../src/plan/identity.js';
import { checkSafety, countLive } from '../src/plan/safety.js';
import { renderText } from '../src/render/text.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { declared, liveFlow, liveFlows, PRUNE_ALL, webFlow } from './helpers/fixtures.js';

const NUMBER = '+15550001111';

describe('identityMoves', () => {
  it.each([
    {
      name: 'a delete frees what a create takes (a rename without renamed_from)',
      desired: [webFlow('Support', { contact_identity: NUMBER })],
      live: [liveFlow(1, 'Support (old)', { contact_identity: NUMBER })],
      expected: [['Support (old)', 'delete', 'Support', 'create', NUMBER]],
    },
    {
      name: 'an update to another identity frees it',
      desired: [webFlow('A', { contact_identity: '+15550002222' }), webFlow('B', { contact_identity: NUMBER })],
      live: [liveFlow(1, 'A', { contact_identity: NUMBER })],
      expected: [['A', 'update', 'B', 'create', NUMBER]],
    },
    {
      name: 'disabling frees it; an update that takes it is linked too',
      desired: [webFlow('A', { enabled: false }), webFlow('B', { contact_identity: NUMBER })],
      live: [liveFlow(1, 'A', { contact_identity: NUMBER }), liveFlow(2, 'B', { contact_identity: '+15550002222' })],
      expected: [['A', 'update', 'B', 'update', NUMBER]],
    },
    {
      name: 'nothing moves when the identity stays with its flow',
      desired: [webFlow('A', { contact_identity: NUMBER, long_lived: true })],
      live: [liveFlow(1, 'A', { contact_identity: NUMBER })],
      expected: [],
    },
    {
      name: 'a swap is left unlinked: each change is in one move at most',
      desired: [webFlow('A', { contact_identity: '+2' }), webFlow('B', { contact_identity: '+1' })],
      live: [liveFlow(1, 'A', { contact_identity: '+1' }), liveFlow(2, 'B', { contact_identity: '+2' })],
      expected: [['B', 'update', 'A', 'update', '+2']],
    },
  ])('$name', ({ desired, live, expected }) => {
    const plan = diff(
      desired.map((fields, index) => declared(fields, index + 1)),
      liveFlows(live),
      PRUNE_ALL,
    );
    expect(
      identityMoves(plan.changes).map((move) => [move.from.key, move.from.action, move.to.key, move.to.action, move.identity]),
    ).toEqual(expected);
  });

  it('is shown in text and Markdown, with how to keep the SID', () => {
    const plan = diff(
      [declared(webFlow('Support', { contact_identity: NUMBER }))],
      liveFlows([liveFlow(1, 'Support (old)', { contact_identity: NUMBER })]),
      PRUNE_ALL,
    );
    expect(renderText(plan)).toContain(
      '\nContact identities that move (freed first, put back if the flow taking one fails):\n' +
        '    -/+ "Support (old)" → "Support": contact identity "+15550001111" moves; add renamed_from: [Support (old)] to keep its SID\n',
    );
    expect(renderMarkdown(plan)).toContain(
      '<summary>Contact identities that move (freed first, put back if the flow taking one fails) (1)</summary>\n\n' +
        '- -/+ &quot;Support (old)&quot; → &quot;Support&quot;: contact identity &quot;+15550001111&quot; moves; add renamed&#95;from: &#91;Support (old)&#93; to keep its SID\n',
    );
  });
});

describe('identityRings', () => {
  it.each([
    {
      name: 'two flows swapping numbers',
      desired: [webFlow('A', { contact_identity: '+2' }), webFlow('B', { contact_identity: '+1' })],
      live: [liveFlow(1, 'A', { contact_identity: '+1' }), liveFlow(2, 'B', { contact_identity: '+2' })],
      expected: [['A', 'B']],
    },
    {
      name: 'three flows passing numbers round',
      desired: [
        webFlow('A', { contact_identity: '+2' }),
        webFlow('B', { contact_identity: '+3' }),
        webFlow('C', { contact_identity: '+1' }),
      ],
      live: [
        liveFlow(1, 'A', { contact_identity: '+1' }),
        liveFlow(2, 'B', { contact_identity: '+2' }),
        liveFlow(3, 'C', { contact_identity: '+3' }),
      ],
      expected: [['A', 'B', 'C']],
    },
    {
      name: 'a chain that ends on a free number is no ring',
      desired: [webFlow('A', { contact_identity: '+2' }), webFlow('B', { contact_identity: '+3' })],
      live: [liveFlow(1, 'A', { contact_identity: '+1' }), liveFlow(2, 'B', { contact_identity: '+2' })],
      expected: [],
    },
    {
      name: 'a rename (delete + create) is no ring',
      desired: [webFlow('Support', { contact_identity: NUMBER })],
      live: [liveFlow(1, 'Support (old)', { contact_identity: NUMBER })],
      expected: [],
    },
  ])('$name', ({ desired, live, expected }) => {
    const plan = diff(
      desired.map((fields, index) => declared(fields, index + 1)),
      liveFlows(live),
      PRUNE_ALL,
    );
    expect(identityRings(plan.changes)).toEqual(expected);
  });

  it('makes the plan refused up front, saying how to apply it in two steps', () => {
    const live = liveFlows([liveFlow(1, 'A', { contact_identity: '+1' }), liveFlow(2, 'B', { contact_identity: '+2' })]);
    const plan = diff(
      [declared(webFlow('A', { contact_identity: '+2' }), 1), declared(webFlow('B', { contact_identity: '+1' }), 2)],
      live,
      PRUNE_ALL,
    );
    expect(checkSafety(countLive(plan, live, PRUNE_ALL), PRUNE_ALL)).toEqual([
      'the contact identities of "A", "B" pass round in a ring, which no order of updates can apply (Twilio refuses two enabled flows alike at any moment); ' +
        'apply it in two steps: first give "A" a spare contact_identity (or enabled: false), then the rest',
    ]);
  });
});
