import { describe, expect, it } from 'vitest';
import { ABSENT, fieldAccess } from '../src/plan/fieldAccess.js';

const access = fieldAccess(['friendly_name', 'enabled', 'integration']);

describe('fieldAccess', () => {
  it.each([
    { name: 'every key', object: { friendly_name: 'a', enabled: false, integration: null }, expected: ['a', false, null] },
    { name: 'absent keys', object: { enabled: true }, expected: [ABSENT, true, ABSENT] },
    { name: 'an explicit undefined is a key', object: { friendly_name: undefined }, expected: [undefined, ABSENT, ABSENT] },
    { name: 'other keys are not read', object: { sid: 'FO1', enabled: 0 }, expected: [ABSENT, 0, ABSENT] },
  ])('read: $name', ({ object, expected }) => {
    expect(access.read(object)).toEqual(expected);
  });

  it.each([
    { values: ['a', false, null], expected: { friendly_name: 'a', enabled: false, integration: null } },
    { values: [ABSENT, true, ABSENT], expected: { enabled: true } },
    { values: [ABSENT, ABSENT, ABSENT], expected: {} },
  ])('build $values.length values in table order, leaving out ABSENT', ({ values, expected }) => {
    const built = access.build(values);
    expect({ built, keys: Object.keys(built) }).toEqual({ built: expected, keys: Object.keys(expected) });
  });

  it.each(['constructor', 'toString'])('reads only own keys, so %j on the prototype is absent', (name) => {
    expect(fieldAccess([name]).read({})).toEqual([ABSENT]);
  });
});
