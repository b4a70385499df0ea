import { timingSafeEqual } from 'node:crypto';

export interface Credential {
  readonly username: string;
  readonly password: string;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Whether an Authorization header carries Basic credentials equal to one of `accepted`. */
export function isAuthorized(header: string | undefined, accepted: readonly Credential[]): boolean {
  const match = header === undefined ? null : /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) return false;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const username = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  return accepted.some((credential) => sameText(username, credential.username) && sameText(password, credential.password));
}
