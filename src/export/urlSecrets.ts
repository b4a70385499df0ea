import { PARAMETER_SEPARATOR, redactUrlCredentials, secretParameterName } from '../redactUrl.js';

/** One secret inside a URL's text: where it stands and what kind of secret it is. */
export interface UrlSecret {
  readonly start: number;
  readonly end: number;
  /** `CREDENTIALS` (the `user:password` before `@`), a query parameter's name (`TOKEN`), or `URL` (all of it). */
  readonly label: string;
}

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
function userinfo(text: string): [UrlSecret] | undefined {
  const match = USERINFO.exec(text);
  if (match === null) return undefined;
  const start = text.indexOf('//') + 2;
  const end = start + (match[1] as string).length;
  const whole = parsed(text);
  const without = parsed(text.slice(0, start) + text.slice(end + 1));
  if (whole === undefined || without === undefined || without.username !== '' || without.password !== '') return undefined;
  whole.username = '';
  whole.password = '';
  return whole.href === without.href ? [{ start, end, label: 'CREDENTIALS' }] : undefined;
}

/**
 * Each parameter of the query and of the fragment (`#access_token=`) whose name reads as a secret, as
 * plans redact them (secretParameterName), and whose value is not empty.
 */
function parameters(text: string): UrlSecret[] {
  const question = text.indexOf('?');
  const hash = text.indexOf('#');
  const parts: [number, number][] = [];
  if (question !== -1 && (hash === -1 || question < hash)) parts.push([question + 1, hash === -1 ? text.length : hash]);
  if (hash !== -1) parts.push([hash + 1, text.length]);
  const secrets: UrlSecret[] = [];
  for (const [start, end] of parts) {
    let offset = start;
    for (const pair of text.slice(start, end).split(PARAMETER_SEPARATOR)) {
      const equals = pair.indexOf('=');
      const name = equals > 0 && equals < pair.length - 1 ? secretParameterName(pair.slice(0, equals)) : undefined;
      if (name !== undefined) secrets.push({ start: offset + equals + 1, end: offset + pair.length, label: name.toUpperCase() });
      offset += pair.length + 1;
    }
  }
  return secrets;
}

/**
 * The secrets in a webhook URL as written, in text order: its credentials (`https://user:pass@host/…`)
 * and the values of secret-named query and fragment parameters, each of which plans show as `***`.
 * When what is left would still be redacted (credentials that only an unusual spelling holds,
 * `https:/u:p@h`, a backslash), the whole URL is the secret, so nothing is left behind.
 */
export function urlSecrets(text: string): UrlSecret[] {
  const found = [...(userinfo(text) ?? []), ...parameters(text)].sort((a, b) => a.start - b.start);
  const rest = replaceSecrets(text, found, () => '').replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/)@/, '$1');
  if (redactUrlCredentials(rest) !== rest) return [{ start: 0, end: text.length, label: 'URL' }];
  return found;
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
