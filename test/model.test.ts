import { describe, expect, it } from 'vitest';
import { toFormParams } from '../src/model/flexFlow.js';

describe('toFormParams', () => {
  it.each([
    { name: 'only present keys are sent', fields: { friendly_name: 'a' }, expected: { FriendlyName: 'a' } },
    {
      name: 'booleans as true/false and null as empty (clears the field)',
      fields: { friendly_name: 'a', enabled: false, long_lived: true, contact_identity: null },
      expected: { FriendlyName: 'a', Enabled: 'false', LongLived: 'true', ContactIdentity: '' },
    },
    {
      name: 'integration fields use dotted names',
      fields: { friendly_name: 'a', integration: { flow_sid: 'FW' + '0'.repeat(32), retry_count: 2 } },
      expected: { FriendlyName: 'a', 'Integration.FlowSid': 'FW' + '0'.repeat(32), 'Integration.RetryCount': '2' },
    },
  ])('$name', ({ fields, expected }) => {
    expect(toFormParams(fields)).toEqual(expected);
  });
});
