import { describe, expect, it } from 'vitest';
import { redactUrlCredentials } from '../src/redactUrl.js';

describe('redactUrlCredentials', () => {
  it.each([
    { input: 'https://bot:pw@hooks.example.com/in', expected: 'https://***@hooks.example.com/in' },
    { input: 'https://u:p@SECRET@h.example.com/x', expected: 'https://***@h.example.com/x' },
    { input: 'https:/u:SECRET@h.example.com', expected: 'https://***@h.example.com/' },
    { input: 'https:u:SECRET@h.example.com', expected: 'https://***@h.example.com/' },
    { input: 'https:\\\\u:SECRET@h.example.com/x', expected: 'https://***@h.example.com/x' },
    { input: 'https://u: SECRET@h.example.com/x', expected: 'https://***@h.example.com/x' },
    { input: 'https://h.example.com/x?to=a@b:c', expected: 'https://h.example.com/x?to=a@b:c' },
    { input: 'error: POST https://u:p@h/x failed', expected: 'error: POST https://***@h/x failed' },
    { input: 'two: https://h/x\nhttps://u:p@h2/y', expected: 'two: https://h/x\nhttps://***@h2/y' },
    { input: 'at f (file:///app/node_modules/@scope/pkg/x.js:1:2)', expected: 'at f (file:///app/node_modules/@scope/pkg/x.js:1:2)' },
    { input: 'user:pw@host', expected: 'user:***@host' },
    { input: 'sales@example.com', expected: 'sales@example.com' },
    { input: "body 'https%3A%2F%2Fuser%3ATOPSECRET%40hooks.example.com%2Fx'", expected: "body 'https://***@hooks.example.com/x'" },
    {
      input: 'sent AutoCreation.WebhookUrl=https%3a%2f%2fu%3aSECRET%40h.example.com',
      expected: 'sent AutoCreation.WebhookUrl=https:***@h.example.com',
    },
    { input: '/v1/Configuration/Addresses/support%40example.com', expected: '/v1/Configuration/Addresses/support%40example.com' },
    { input: 'bad %E0%A4%A escape %40', expected: 'bad %E0%A4%A escape %40' },
    { input: 'https://hooks.example.com/x?token=abc', expected: 'https://hooks.example.com/x?token=***' },
    {
      input: 'https://u:pw@hooks.example.com/x?a=1&Api_Key=k&sig=s#frag',
      expected: 'https://***@hooks.example.com/x?a=1&Api_Key=***&sig=***#frag',
    },
    {
      input: 'https://f.azurewebsites.net/api/in?code=AbC%3D%3D&clientId=default',
      expected: 'https://f.azurewebsites.net/api/in?code=***&clientId=default',
    },
    { input: 'https://h.example.com/cb#access_token=t0k&state=1', expected: 'https://h.example.com/cb#access_token=***&state=1' },
    {
      input: 'POST https://h.example.com/x?page=2&X-Amz-Signature=abc failed',
      expected: 'POST https://h.example.com/x?page=2&X-Amz-Signature=*** failed',
    },
    { input: 'https://h.example.com/x?token=', expected: 'https://h.example.com/x?token=' },
    { input: 'https://h.example.com/x?q=a=b', expected: 'https://h.example.com/x?q=a=b' },
    {
      input: 'sent AutoCreation.WebhookUrl=https%3A%2F%2Fh.example.com%2Fx%3Ftoken%3DSECRET',
      expected: 'sent AutoCreation.WebhookUrl=https://h.example.com/x?token=***',
    },
    { input: 'a=b and x=y', expected: 'a=b and x=y' },
    {
      input: 'https://h.example.com/y?jwt=J&bearer=B&sessionId=S&APIKey=K&accesstoken=T&key2=2&pw=P',
      expected: 'https://h.example.com/y?jwt=***&bearer=***&sessionId=***&APIKey=***&accesstoken=***&key2=***&pw=***',
    },
    {
      input: 'https://h.example.com/y?a=1;token=S1VAL&tokens=S2&SAMLResponse=S3&keys=S4#x=1;access_token=S5',
      expected: 'https://h.example.com/y?a=1;token=***&tokens=***&SAMLResponse=***&keys=***#x=1;access_token=***',
    },
    {
      input: 'https://h.example.com/y?design=d&zipcode=z&keyword=k&author=a&passenger=p',
      expected: 'https://h.example.com/y?design=d&zipcode=z&keyword=k&author=a&passenger=p',
    },
  ])('$input', ({ input, expected }) => {
    expect(redactUrlCredentials(input)).toBe(expected);
  });

  it('leaves the words of verbatim values (keys, addresses) as declared, but still redacts a real URL in them', () => {
    expect(redactUrlCredentials('duplicate address "sip:alice@example.com"; also user:pw@host', ['sip:alice@example.com'])).toBe(
      'duplicate address "sip:alice@example.com"; also user:***@host',
    );
    expect(redactUrlCredentials('name "https://u:SECRET@h.example.com/x"', ['https://u:SECRET@h.example.com/x'])).toBe(
      'name "https://***@h.example.com/x"',
    );
  });

  it('takes linear time: 900 kB of text that the old pattern scanned quadratically is instant', () => {
    const text = `${'a'.repeat(900_000)}:@`;
    expect(redactUrlCredentials(text)).toBe(`${'a'.repeat(900_000)}:***@`);
  });
});
