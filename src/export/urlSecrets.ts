import { redactUrlCredentials } from '../redactUrl.js';

/** One secret inside a URL's text: where it stands and what kind of secret it is. */
export interface UrlSecret {
  readonly start: number;
  readonly end: number;
  /** `CREDENTIALS` (the `user:password` before `@`), a query parameter's name (`TOKEN`), or `URL` (all of it). */
  readonly label: string;
}

/**
 * Query parameters whose value reads as a secret: `token`, `access_token`, `api_key`, `apikey`,
 * `secret`, `password`, `pwd`, `signature`, `sig`, `auth`, `key`, `code`, `credential`. Erring towards a
 * secret is safe: the value then lives in the var file instead of the flow file, and plans the same.
 */
const SECRET_PARAMETER = /token|secret|passw|pwd|api[-_]?key|signature|credential|auth|^(key|sig|code)$/i;

/** `scheme://userinfo@` at the start, the userinfo without `/ ? # @ \` or space. */
const USERINFO = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#@\\\s]+)@/;

function parsed(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** The userinfo's range when the text spells it plainly, so that cutting it out leaves the same URL without credentials. */
function userinfo(text: string): UrlSecret | undefined {
  const match = USERINFO.exec(text);
  if (match === null) return undefined;
  const start = text.indexOf('//') + 2;
  const end = start + (match[1] as string).length;
  const whole = parsed(text);
  const without = parsed(text.slice(0, start) + text.slice(end + 1));
  if (whole === undefined || without === undefined || without.username !== '' || without.password !== '') return undefined;
  whole.username = '';
  whole.password = '';
  return whole.href === without.href ? { start, end, label: 'CREDENTIALS' } : undefined;
}

/** Each query parameter of the text whose name reads as a secret and whose value is not empty. */
function queryParameters(text: string): UrlSecret[] {
  const question = text.indexOf('?');
  if (question === -1) return [];
  const hash = text.indexOf('#', question);
  const query = text.slice(question + 1, hash === -1 ? undefined : hash);
  const secrets: UrlSecret[] = [];
  let offset = question + 1;
  for (const pair of query.split('&')) {
    const equals = pair.indexOf('=');
    const name = equals === -1 ? '' : pair.slice(0, equals);
    if (equals !== -1 && equals < pair.length - 1 && SECRET_PARAMETER.test(decoded(name))) {
      secrets.push({ start: offset + equals + 1, end: offset + pair.length, label: decoded(name).toUpperCase() });
    }
    offset += pair.length + 1;
  }
  return secrets;
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return text;
  }
}

/**
 * The secrets in a webhook URL as written: its credentials (`https://user:pass@host/…`) and the
 * values of secret-looking query parameters, in text order. Credentials that only an unusual spelling
 * holds (`https:/u:p@h`, a backslash) make the whole URL the secret, so nothing is left behind.
 */
export function urlSecrets(text: string): UrlSecret[] {
  const credentials = userinfo(text);
  if (credentials === undefined && redactUrlCredentials(text) !== text) return [{ start: 0, end: text.length, label: 'URL' }];
  return [...(credentials === undefined ? [] : [credentials]), ...queryParameters(text)];
}

/** The text with each secret replaced by what `replacement` gives for it (secrets as urlSecrets returns them). */
export function replaceSecrets(text: string, secrets: readonly UrlSecret[], replacement: (secret: UrlSecret) => string): string {
  let out = '';
  let at = 0;
  for (const secret of secrets) {
    out += text.slice(at, secret.start) + replacement(secret);
    at = secret.end;
  }
  return out + text.slice(at);
}
