import { isLoopbackHost } from '../loopback.js';
import { UserInputError } from '../errors.js';
import { ACCOUNT_SID_PATTERN } from '../model/flexFlow.js';
import type { KindApi } from '../model/kind.js';

/** A Twilio product with its own host: `flex-api`, `conversations`. */
export type ApiProduct = KindApi['product'];

const API_PRODUCTS: readonly ApiProduct[] = Object.freeze(['flex-api', 'conversations']);

/** Where and as whom the client talks to Twilio's APIs. */
export interface Connection {
  /**
   * The Flex API's origin (and optional path prefix) without a trailing slash, e.g.
   * `https://flex-api.twilio.com`. With `--api-url` every product's.
   */
  readonly baseUrl: string;
  /**
   * Each product's base URL, as `baseUrl` is written; absent (a test's or an emulator's connection):
   * every product at `baseUrl`. Read it through baseUrlFor.
   */
  readonly baseUrls?: Readonly<Record<ApiProduct, string>>;
  /** Basic-auth user: the API key when one is set, otherwise the account SID. */
  readonly username: string;
  readonly password: string;
  readonly accountSid: string;
  /** Where baseUrl came from, for errors about the host (`--api-url`, FLEXFLOW_API_URL, ...). */
  readonly urlSource?: string;
  /** Which credential is used and where it came from, without the secret, for a 401. */
  readonly credentialSource?: string;
}

/** A SID shown in a message: its first characters only, enough to tell keys and accounts apart. */
export function sidPrefix(sid: string): string {
  return `${sid.slice(0, 8)}…`;
}

/** The base URL requests to `product` go to. */
export function baseUrlFor(connection: Pick<Connection, 'baseUrl' | 'baseUrls'>, product: ApiProduct): string {
  return connection.baseUrls?.[product] ?? connection.baseUrl;
}
/** Twilio's helper libraries assume this region when only an edge is given. */
const DEFAULT_REGION = 'us1';

function read(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * One DNS label (RFC 1123): letters, digits and inner hyphens, at most 63; not `--` in the third and
 * fourth places, which IDNA reserves (`xn--…`) and the URL parser may refuse.
 */
const DNS_LABEL = /^(?![a-z0-9]{2}--)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/**
 * TWILIO_REGION or TWILIO_EDGE, checked as one DNS label before it goes into a host name: a value
 * such as `x@127.0.0.1:5321#` would otherwise send the Basic-auth credentials to another host.
 * The message does not repeat the value.
 */
function readLabel(
  env: Readonly<Record<string, string | undefined>>,
  name: 'TWILIO_REGION' | 'TWILIO_EDGE',
  example: string,
): string | undefined {
  const value = read(env, name);
  if (value !== undefined && !DNS_LABEL.test(value)) {
    throw new UserInputError(
      `${name} must be one DNS label (letters, digits and -, such as ${example}), not a host or URL; use FLEXFLOW_API_URL or --api-url for another host`,
    );
  }
  return value;
}

/**
 * The host rule of Twilio's helper libraries (twilio-node BaseTwilio.getHostname): the edge and the
 * region are inserted after the product (`conversations.dublin.ie1.twilio.com`), and an edge alone
 * implies region us1.
 */
export function productHost(product: ApiProduct, region: string | undefined, edge: string | undefined): string {
  const effectiveRegion = region ?? (edge === undefined ? undefined : DEFAULT_REGION);
  return [product, edge, effectiveRegion, 'twilio.com'].filter((part) => part !== undefined).join('.');
}

/** The Flex API's host under the same rule. */
export function flexApiHost(region: string | undefined, edge: string | undefined): string {
  return productHost('flex-api', region, edge);
}

function parseBaseUrl(value: string, source: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UserInputError(`${source} is not a valid URL: expected something like https://flex-api.twilio.com`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new UserInputError(`${source} must not contain credentials: set TWILIO_AUTH_TOKEN or TWILIO_API_SECRET instead`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new UserInputError(
      `${source} uses plain http:// for ${url.hostname}: use https://, or a loopback host (127.0.0.1, ::1, localhost)`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UserInputError(`${source} must be an http:// or https:// URL, not ${url.protocol}`);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new UserInputError(`${source} must not have a query or fragment`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * Reads the connection as Twilio's tools do: TWILIO_ACCOUNT_SID with either TWILIO_API_KEY +
 * TWILIO_API_SECRET (preferred when both are present, as twilio-cli does) or TWILIO_AUTH_TOKEN;
 * TWILIO_REGION / TWILIO_EDGE choose the host; `--api-url` or FLEXFLOW_API_URL replace it.
 * Messages name variables, never their values.
 */
export function resolveConnection(env: Readonly<Record<string, string | undefined>>, apiUrlFlag?: string): Connection {
  const accountSid = read(env, 'TWILIO_ACCOUNT_SID');
  if (accountSid === undefined) {
    throw new UserInputError('TWILIO_ACCOUNT_SID is not set: set it to the account SID (AC followed by 32 hex digits)');
  }
  if (!ACCOUNT_SID_PATTERN.test(accountSid)) {
    throw new UserInputError('TWILIO_ACCOUNT_SID is not an account SID: expected AC followed by 32 hex digits');
  }
  const apiKey = read(env, 'TWILIO_API_KEY');
  const apiSecret = read(env, 'TWILIO_API_SECRET');
  const authToken = read(env, 'TWILIO_AUTH_TOKEN');
  let username: string;
  let password: string;
  let credentialSource: string;
  if (apiKey !== undefined) {
    if (apiSecret === undefined) {
      throw new UserInputError(
        'TWILIO_API_SECRET is not set: set it to the secret of TWILIO_API_KEY, or unset TWILIO_API_KEY to use TWILIO_AUTH_TOKEN',
      );
    }
    username = apiKey;
    password = apiSecret;
    credentialSource = `the API key ${sidPrefix(apiKey)} and its secret (TWILIO_API_KEY, TWILIO_API_SECRET)`;
  } else if (authToken !== undefined) {
    username = accountSid;
    password = authToken;
    credentialSource = `the auth token of account ${sidPrefix(accountSid)} (TWILIO_AUTH_TOKEN)`;
  } else if (apiSecret !== undefined) {
    throw new UserInputError('TWILIO_API_KEY is not set: set it with TWILIO_API_SECRET, or set TWILIO_AUTH_TOKEN instead');
  } else {
    throw new UserInputError('TWILIO_AUTH_TOKEN is not set: set it, or set TWILIO_API_KEY and TWILIO_API_SECRET');
  }
  const flagUrl = apiUrlFlag === undefined || apiUrlFlag.trim() === '' ? undefined : apiUrlFlag.trim();
  const envUrl = read(env, 'FLEXFLOW_API_URL');
  const region = readLabel(env, 'TWILIO_REGION', 'ie1');
  const edge = readLabel(env, 'TWILIO_EDGE', 'dublin');
  const given =
    flagUrl !== undefined
      ? parseBaseUrl(flagUrl, '--api-url')
      : envUrl !== undefined
        ? parseBaseUrl(envUrl, 'FLEXFLOW_API_URL')
        : undefined;
  // A given URL serves every product (the emulator serves both); otherwise each product has its host.
  const baseUrls = Object.fromEntries(
    API_PRODUCTS.map((product) => [product, given ?? `https://${productHost(product, region, edge)}`]),
  ) as Record<ApiProduct, string>;
  const urlSource =
    flagUrl !== undefined
      ? '--api-url'
      : envUrl !== undefined
        ? 'FLEXFLOW_API_URL'
        : region === undefined && edge === undefined
          ? "Twilio's default host"
          : 'TWILIO_REGION and TWILIO_EDGE';
  const baseUrl = baseUrls['flex-api'];
  return { baseUrl, baseUrls, username, password, accountSid, urlSource, credentialSource };
}
