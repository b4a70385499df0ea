// Apart from errors.ts: loading files, rendering and the CLI redact text that is not an error's.

/**
 * Strips the credentials (`user:password@`, and the values of query or fragment parameters whose name
 * reads as a secret: `?token=`, `?sig=`, `?code=`, `#access_token=`) from a URL, or from every URL in a
 * message, so that no output can leak them. Webhook endpoints commonly authenticate with such a
 * parameter; a name matched by mistake only hides a harmless value. An http(s) URL is redacted from what the WHATWG parser reads as its username
 * and password (so are the parser's other special schemes), never by pattern, so that no spelling the parser accepts (`https:/u:p@h`, a
 * backslash, a second `@`, whitespace in the userinfo) keeps them. In other text, each word (between
 * whitespace and quotes) that is not such a URL but holds a `:` before its last `@` loses what lies
 * between the two, but for the words of `verbatim`: values the text quotes that are not URLs (a key,
 * an address), which lose only a real URL's credentials. Linear in the length of the text.
 */
export function redactUrlCredentials(text: string, verbatim: readonly string[] = []): string {
  if (!/[@=]|%40|%3d/i.test(text)) return text;
  // The parser drops newlines and tabs, so text with two URLs may read as one: the words are checked too.
  const whole = redactHttpUrl(text) ?? text;
  const kept = new Set(verbatim.flatMap((value) => value.match(WORD) ?? []));
  return whole.replace(WORD, (word) => redactOneWord(word, kept));
}

/** A word: text between whitespace, quotes, angle brackets and parentheses. */
const WORD = /[^\s"'<>()]+/g;

/**
 * One word with its credentials redacted. A word of `kept` (a key or an address quoted in a message:
 * `sip:alice@example.com` is an address, not `user:password@host`) loses only a real URL's
 * credentials. A percent-encoded word (`https%3A%2F%2Fuser%3Apw%40host`, a form body echoed by a
 * server) is redacted as it decodes, and shown decoded when that hid something.
 */
function redactOneWord(word: string, kept: ReadonlySet<string>): string {
  if (word.includes('@')) return redactHttpUrl(word) ?? (kept.has(word) ? word : redactWord(word));
  if (word.includes('=')) {
    const redacted = redactEmbeddedUrl(word);
    if (redacted !== word) return redacted;
  }
  if (!/%40|%3d/i.test(word)) return word;
  let decoded: string;
  try {
    decoded = decodeURIComponent(word);
  } catch {
    return word;
  }
  if (!/[@=]/.test(decoded)) return word;
  const redacted = decoded.includes('@') ? (redactHttpUrl(decoded) ?? redactWord(decoded)) : redactEmbeddedUrl(decoded);
  return redacted === decoded ? word : redacted;
}

/** A word that is, or ends in, a URL (`WebhookUrl=https://…`, a form field as sent) with the URL's secret parameters redacted. */
function redactEmbeddedUrl(word: string): string {
  const whole = redactHttpUrl(word);
  if (whole !== undefined) return whole;
  const start = word.search(/(?:https?|wss?|ftp):/i);
  return start <= 0 ? word : word.slice(0, start) + (redactHttpUrl(word.slice(start)) ?? word.slice(start));
}

/** The schemes whose authority the WHATWG parser reads itself (a `file:` URL holds no credentials). */
const SPECIAL_SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:', 'ftp:', 'file:']);

/** A URL of a special scheme as the parser reads it, with `***@` for its credentials; unchanged without any; undefined if not one. */
function redactHttpUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (!SPECIAL_SCHEMES.has(url.protocol)) return undefined;
  const search = redactParameters(url.search);
  const hash = redactParameters(url.hash);
  const credentials = url.username !== '' || url.password !== '';
  if (!credentials && search === url.search && hash === url.hash) return text;
  url.username = '';
  url.password = '';
  url.search = search;
  url.hash = hash;
  return credentials ? url.href.replace('//', '//***@') : url.href;
}

/**
 * The words of a parameter name that make it read as a secret. A name is split into words at
 * anything but a letter or digit, at a camelCase hump and between letters and digits
 * (`X-Amz-Signature`, `sessionId`, `APIKey`, `key2`), and matches when one word is in SECRET_WORDS or
 * ends in one of SECRET_ENDINGS (`accesstoken`, `clientsecret`, `apikey`). Whole words, not
 * substrings: `design`, `zipcode`, `keyword`, `author` and `passenger` hold no secret.
 */
const SECRET_WORDS = new Set([
  'token',
  'secret',
  'pass',
  'pw',
  'passwd',
  'passwort',
  'password',
  'passphrase',
  'passcode',
  'pwd',
  'sig',
  'signature',
  'key',
  'auth',
  'authorization',
  'authcode',
  'cred',
  'creds',
  'credential',
  'credentials',
  'session',
  'sessionid',
  'hmac',
  'code',
  'jwt',
  'bearer',
  'assertion',
  'otp',
  'ticket',
  'saml',
]);
const SECRET_ENDINGS = ['token', 'secret', 'password', 'passwd', 'pwd', 'signature', 'key', 'hmac', 'jwt'];

function readsAsSecret(name: string): boolean {
  return (
    name
      .replace(/([a-z])(?=[A-Z])|([A-Z])(?=[A-Z][a-z])|([A-Za-z])(?=\d)|(\d)(?=[A-Za-z])/g, '$1$2$3$4 ')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      // A plural (`tokens`, `keys`) reads as its singular.
      .flatMap((word) => (word.endsWith('s') ? [word, word.slice(0, -1)] : [word]))
      .some((word) => SECRET_WORDS.has(word) || SECRET_ENDINGS.some((ending) => word.endsWith(ending)))
  );
}

/**
 * What separates a query's parameters: `&`, and `;`, which servers built on older CGI conventions
 * (and the HTML 4 recommendation) read as `&`, so that `?a=1;token=x` carries a token to them.
 */
export const PARAMETER_SEPARATOR = /[&;]/;

/**
 * A query or fragment parameter's name as written (`api%5Fkey`), decoded (`api_key`) when it reads as
 * a secret; undefined otherwise. Plans redact such a parameter's value and export lifts it into a
 * variable: both ask here, so they agree on which values are secrets.
 */
export function secretParameterName(rawName: string): string | undefined {
  let name: string;
  try {
    name = decodeURIComponent(rawName.replace(/\+/g, ' '));
  } catch {
    name = rawName;
  }
  return readsAsSecret(name) ? name : undefined;
}

/** A query (`?a=1&token=x`, `?a=1;token=x`) or fragment with the value of each secret-named parameter replaced by `***`. */
function redactParameters(part: string): string {
  if (part.length < 2) return part;
  // Split around each separator, kept (odd places), so that the text is joined back as written.
  const redacted = part
    .slice(1)
    .split(new RegExp(`(${PARAMETER_SEPARATOR.source})`))
    .map((pair, index) => {
      const equals = pair.indexOf('=');
      if (index % 2 === 1 || equals === -1 || equals === pair.length - 1) return pair;
      return secretParameterName(pair.slice(0, equals)) === undefined ? pair : `${pair.slice(0, equals)}=***`;
    });
  return `${part[0]}${redacted.join('')}`;
}

function redactWord(word: string): string {
  const colon = word.indexOf(':');
  const at = word.lastIndexOf('@');
  return colon !== -1 && colon < at ? `${word.slice(0, colon + 1)}***${word.slice(at)}` : word;
}
