import { describe, expect, it } from 'vitest';
import { baseUrlFor, flexApiHost, productHost, resolveConnection } from '../src/api/connection.js';
import { UserInputError } from '../src/errors.js';

const AC = 'AC' + 'a'.repeat(32);
const base = { TWILIO_ACCOUNT_SID: AC, TWILIO_AUTH_TOKEN: 'token-secret' };

describe('productHost (twilio-node getHostname rule)', () => {
  it.each([
    { product: 'flex-api', region: undefined, edge: undefined, expected: 'flex-api.twilio.com' },
    { product: 'flex-api', region: 'au1', edge: undefined, expected: 'flex-api.au1.twilio.com' },
    { product: 'flex-api', region: undefined, edge: 'sydney', expected: 'flex-api.sydney.us1.twilio.com' },
    { product: 'flex-api', region: 'au1', edge: 'sydney', expected: 'flex-api.sydney.au1.twilio.com' },
    { product: 'conversations', region: undefined, edge: undefined, expected: 'conversations.twilio.com' },
    { product: 'conversations', region: 'au1', edge: undefined, expected: 'conversations.au1.twilio.com' },
    { product: 'conversations', region: undefined, edge: 'sydney', expected: 'conversations.sydney.us1.twilio.com' },
    { product: 'conversations', region: 'ie1', edge: 'dublin', expected: 'conversations.dublin.ie1.twilio.com' },
  ] as const)('$product: region $region edge $edge → $expected', ({ product, region, edge, expected }) => {
    expect(productHost(product, region, edge)).toBe(expected);
    if (product === 'flex-api') expect(flexApiHost(region, edge)).toBe(expected);
  });
});

/** What `base` connects with: its account's auth token. */
const AUTH_TOKEN = {
  username: AC,
  password: 'token-secret',
  accountSid: AC,
  credentialSource: `the auth token of account ${AC.slice(0, 8)}… (TWILIO_AUTH_TOKEN)`,
};
const TWILIO_HOSTS = {
  baseUrl: 'https://flex-api.twilio.com',
  baseUrls: { 'flex-api': 'https://flex-api.twilio.com', conversations: 'https://conversations.twilio.com' },
  urlSource: "Twilio's default host",
};
/** Every product at `url`, as `urlSource` says. */
const oneUrl = (url: string, urlSource: string) => ({ baseUrl: url, baseUrls: { 'flex-api': url, conversations: url }, urlSource });

describe('resolveConnection', () => {
  it.each([
    { name: 'account SID + auth token', env: base, flag: undefined, expected: { ...TWILIO_HOSTS, ...AUTH_TOKEN } },
    {
      name: 'API key preferred over auth token (twilio-cli)',
      env: { ...base, TWILIO_API_KEY: 'SKkey', TWILIO_API_SECRET: 'key-secret' },
      flag: undefined,
      expected: {
        ...TWILIO_HOSTS,
        username: 'SKkey',
        password: 'key-secret',
        accountSid: AC,
        credentialSource: 'the API key SKkey… and its secret (TWILIO_API_KEY, TWILIO_API_SECRET)',
      },
    },
    {
      name: 'region and edge',
      env: { ...base, TWILIO_REGION: 'ie1', TWILIO_EDGE: 'dublin' },
      flag: undefined,
      expected: {
        baseUrl: 'https://flex-api.dublin.ie1.twilio.com',
        baseUrls: { 'flex-api': 'https://flex-api.dublin.ie1.twilio.com', conversations: 'https://conversations.dublin.ie1.twilio.com' },
        urlSource: 'TWILIO_REGION and TWILIO_EDGE',
        ...AUTH_TOKEN,
      },
    },
    {
      name: 'FLEXFLOW_API_URL overrides the host; trailing slash dropped',
      env: { ...base, TWILIO_REGION: 'ie1', FLEXFLOW_API_URL: 'http://127.0.0.1:4010/' },
      flag: undefined,
      expected: { ...oneUrl('http://127.0.0.1:4010', 'FLEXFLOW_API_URL'), ...AUTH_TOKEN },
    },
    {
      name: '--api-url wins over FLEXFLOW_API_URL',
      env: { ...base, FLEXFLOW_API_URL: 'https://example.com' },
      flag: 'http://localhost:9',
      expected: { ...oneUrl('http://localhost:9', '--api-url'), ...AUTH_TOKEN },
    },
    {
      name: 'IPv6 loopback over http',
      env: base,
      flag: 'http://[::1]:4010',
      expected: { ...oneUrl('http://[::1]:4010', '--api-url'), ...AUTH_TOKEN },
    },
    {
      name: 'empty variables count as unset',
      env: { ...base, TWILIO_API_KEY: '', TWILIO_REGION: ' ' },
      flag: '',
      expected: { ...TWILIO_HOSTS, ...AUTH_TOKEN },
    },
  ])('$name', ({ env, flag, expected }) => {
    const connection = resolveConnection(env, flag);
    expect(connection).toEqual(expected);
    expect([baseUrlFor(connection, 'flex-api'), baseUrlFor(connection, 'conversations')]).toEqual([
      expected.baseUrls['flex-api'],
      expected.baseUrls.conversations,
    ]);
  });

  it('a connection without per-product URLs (a test server) sends every product to its base URL', () => {
    expect(baseUrlFor({ baseUrl: 'http://127.0.0.1:4010' }, 'conversations')).toBe('http://127.0.0.1:4010');
  });

  it.each([
    {
      name: 'no account SID',
      env: { TWILIO_AUTH_TOKEN: 'token-secret' },
      flag: undefined,
      message: 'TWILIO_ACCOUNT_SID is not set: set it to the account SID (AC followed by 32 hex digits)',
    },
    {
      name: 'bad account SID',
      env: { TWILIO_ACCOUNT_SID: 'ACnope', TWILIO_AUTH_TOKEN: 'token-secret' },
      flag: undefined,
      message: 'TWILIO_ACCOUNT_SID is not an account SID: expected AC followed by 32 hex digits',
    },
    {
      name: 'no secret at all',
      env: { TWILIO_ACCOUNT_SID: AC },
      flag: undefined,
      message: 'TWILIO_AUTH_TOKEN is not set: set it, or set TWILIO_API_KEY and TWILIO_API_SECRET',
    },
    {
      name: 'key without secret',
      env: { ...base, TWILIO_API_KEY: 'SKkey' },
      flag: undefined,
      message: 'TWILIO_API_SECRET is not set: set it to the secret of TWILIO_API_KEY, or unset TWILIO_API_KEY to use TWILIO_AUTH_TOKEN',
    },
    {
      name: 'secret without key',
      env: { TWILIO_ACCOUNT_SID: AC, TWILIO_API_SECRET: 'key-secret' },
      flag: undefined,
      message: 'TWILIO_API_KEY is not set: set it with TWILIO_API_SECRET, or set TWILIO_AUTH_TOKEN instead',
    },
    {
      name: 'plain http to a remote host',
      env: base,
      flag: 'http://example.com',
      message: '--api-url uses plain http:// for example.com: use https://, or a loopback host (127.0.0.1, ::1, localhost)',
    },
    {
      name: 'plain http that only looks loopback',
      env: { ...base, FLEXFLOW_API_URL: 'http://127.0.0.1.evil.com' },
      flag: undefined,
      message: 'FLEXFLOW_API_URL uses plain http:// for 127.0.0.1.evil.com: use https://, or a loopback host (127.0.0.1, ::1, localhost)',
    },
    {
      name: 'credentials in the URL',
      env: base,
      flag: 'https://u:p@example.com',
      message: '--api-url must not contain credentials: set TWILIO_AUTH_TOKEN or TWILIO_API_SECRET instead',
    },
    {
      name: 'not a URL',
      env: base,
      flag: 'nope',
      message: '--api-url is not a valid URL: expected something like https://flex-api.twilio.com',
    },
    { name: 'other scheme', env: base, flag: 'ftp://example.com', message: '--api-url must be an http:// or https:// URL, not ftp:' },
  ])('refuses: $name', ({ env, flag, message }) => {
    expect(() => resolveConnection(env, flag)).toThrow(new UserInputError(message));
  });

  it('never puts a secret in a message', () => {
    const env = {
      TWILIO_ACCOUNT_SID: AC,
      TWILIO_API_KEY: 'SKkey',
      TWILIO_API_SECRET: 'key-secret',
      FLEXFLOW_API_URL: 'http://example.com',
    };
    expect(() => resolveConnection(env)).toThrow(/^(?!.*(key-secret|SKkey)).*$/);
  });
});
