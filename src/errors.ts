/**
 * One error hierarchy. Every error the tool raises for a user's mistake or an API answer is a
 * FlexFlowSyncError with a stable `code`; the CLI prints its message on one line (no stack trace)
 * and exits 1. Anything else is a system error or a bug: see src/cli/unexpectedError.ts.
 */
export class FlexFlowSyncError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Bad input from the user: flags, files, settings, environment. */
export class UserInputError extends FlexFlowSyncError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_INPUT', message, options);
  }
}

/** The Twilio API (or the emulator) answered with an error body `{code, message, more_info, status}`. */
export class TwilioApiError extends FlexFlowSyncError {
  readonly status: number;
  readonly twilioCode: number | undefined;
  readonly moreInfo: string | undefined;

  constructor(init: { status: number; twilioCode?: number; message: string; moreInfo?: string; method: string; path: string }) {
    const code = init.twilioCode === undefined ? '' : ` (Twilio error ${init.twilioCode})`;
    super('E_API', `${init.method} ${init.path} failed: HTTP ${init.status}${code}: ${init.message}`);
    this.status = init.status;
    this.twilioCode = init.twilioCode;
    this.moreInfo = init.moreInfo;
  }
}

/** A plan that the safety rails refuse (mass delete, duplicate live names, stale saved plan). */
export class UnsafePlanError extends FlexFlowSyncError {
  constructor(message: string) {
    super('E_UNSAFE_PLAN', message);
  }
}

/**
 * Strips the credentials (`user:password@`) from a URL, or from every URL in a message, so that no
 * output can leak them. An http(s) URL is redacted from what the WHATWG parser reads as its username
 * and password (so are the parser's other special schemes), never by pattern, so that no spelling the parser accepts (`https:/u:p@h`, a
 * backslash, a second `@`, whitespace in the userinfo) keeps them. In other text, each word (between
 * whitespace and quotes) that is not such a URL but holds a `:` before its last `@` loses what lies
 * between the two. Linear in the length of the text.
 */
export function redactUrlCredentials(text: string): string {
  if (!text.includes('@')) return text;
  // The parser drops newlines and tabs, so text with two URLs may read as one: the words are checked too.
  const whole = redactHttpUrl(text) ?? text;
  return whole.replace(/[^\s"'<>()]+/g, (word) => (word.includes('@') ? (redactHttpUrl(word) ?? redactWord(word)) : word));
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
  if (url.username === '' && url.password === '') return text;
  url.username = '';
  url.password = '';
  return url.href.replace('//', '//***@');
}

function redactWord(word: string): string {
  const colon = word.indexOf(':');
  const at = word.lastIndexOf('@');
  return colon !== -1 && colon < at ? `${word.slice(0, colon + 1)}***${word.slice(at)}` : word;
}
