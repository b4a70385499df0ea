import { describe, expect, it } from 'vitest';
import { replaceSecrets, urlSecrets } from '../src/export/urlSecrets.js';

/** The URL with each secret as `<LABEL>`. */
const hidden = (url: string): string => replaceSecrets(url, urlSecrets(url), (secret) => `<${secret.label}>`);

describe('urlSecrets', () => {
  it.each([
    ['https://hooks.example.com/in', 'https://hooks.example.com/in'],
    ['https://bot:s3cret@hooks.example.com/in', 'https://<CREDENTIALS>@hooks.example.com/in'],
    ['https://t0ken@hooks.example.com/in', 'https://<CREDENTIALS>@hooks.example.com/in'],
    ['https://a%40b:p%3Aw@hooks.example.com:8443/in', 'https://<CREDENTIALS>@hooks.example.com:8443/in'],
    ['https://hooks.example.com/in?token=abc&page=2', 'https://hooks.example.com/in?token=<TOKEN>&page=2'],
    ['https://hooks.example.com/in?Access_Token=abc#x', 'https://hooks.example.com/in?Access_Token=<ACCESS_TOKEN>#x'],
    [
      'https://hooks.example.com/in?key=1&page=2&sig=3&code=4&api-key=5',
      'https://hooks.example.com/in?key=<KEY>&page=2&sig=<SIG>&code=<CODE>&api-key=<API-KEY>',
    ],
    ['https://hooks.example.com/in?x=1#access_token=abc&state=2', 'https://hooks.example.com/in?x=1#access_token=<ACCESS_TOKEN>&state=2'],
    ['https://hooks.example.com/in#a?token=abc', 'https://hooks.example.com/in#a?token=<A?TOKEN>'],
    ['https://hooks.example.com/in?token=&secret', 'https://hooks.example.com/in?token=&secret'],
    ['https://hooks.example.com/in?a=1;token=abc&tokens=x', 'https://hooks.example.com/in?a=1;token=<TOKEN>&tokens=<TOKENS>'],
    // Spellings the parser reads as credentials, but not as plain text: the whole URL is the secret.
    ['https:/u:p@hooks.example.com/in', '<URL>'],
    ['https://u:p@x@hooks.example.com/in', '<URL>'],
    ['https:\\\\u:p@hooks.example.com/in', '<URL>'],
  ])('%s', (url, expected) => {
    expect(hidden(url)).toBe(expected);
  });

  it('what it cuts out and puts back is the URL as it was', () => {
    const url = 'https://bot:s3cret@hooks.example.com/in?token=t0k&x=1';
    const secrets = urlSecrets(url);
    expect(replaceSecrets(url, secrets, (secret) => url.slice(secret.start, secret.end))).toBe(url);
    expect(secrets.map((secret) => url.slice(secret.start, secret.end))).toEqual(['bot:s3cret', 't0k']);
  });
});
