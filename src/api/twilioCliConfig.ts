import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserInputError } from '../errors.js';

/**
 * twilio-cli's profiles, read as twilio-cli-core's config service (src/services/config.js) reads
 * `~/.twilio-cli/config.json`: current versions keep each profile under `profiles` (an object by
 * name, with `accountSid`, `apiKey`, `apiSecret`, `region`, `edge`); versions before the keychain was
 * dropped (twilio-cli-core "cleanup keytar", 2022) kept them under `projects` (a list of `{id,
 * accountSid, region}`) with the API key and secret in the system keychain. `activeProject` names
 * the active one; without it twilio-cli takes the first of `projects`.
 */

export interface TwilioCliProfile {
  readonly id: string;
  readonly accountSid: string;
  /** Absent for a profile whose key and secret live in the system keychain. */
  readonly apiKey?: string;
  readonly apiSecret?: string;
  readonly region?: string;
  readonly edge?: string;
}

export interface TwilioCliConfig {
  /** As shown to people: `~/.twilio-cli/config.json`. */
  readonly shownPath: string;
  readonly profiles: readonly TwilioCliProfile[];
  readonly activeProject?: string;
  /** The first of the historical `projects`: twilio-cli's choice when no profile is active. */
  readonly firstProject?: string;
}

const CONFIG_FOLDER = '.twilio-cli';

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

function profileFrom(id: string, raw: unknown): TwilioCliProfile | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const fields = raw as Record<string, unknown>;
  const accountSid = text(fields.accountSid);
  if (accountSid === undefined) return undefined;
  const optional = (name: 'apiKey' | 'apiSecret' | 'region' | 'edge'): Partial<TwilioCliProfile> => {
    const value = text(fields[name]);
    return value === undefined ? {} : { [name]: value };
  };
  return { id, accountSid, ...optional('apiKey'), ...optional('apiSecret'), ...optional('region'), ...optional('edge') };
}

/** twilio-cli's config file under HOME, or undefined when there is no HOME or no file. */
export async function readTwilioCliConfig(env: Readonly<Record<string, string | undefined>>): Promise<TwilioCliConfig | undefined> {
  const home = text(env.HOME) ?? text(env.USERPROFILE);
  if (home === undefined) return undefined;
  const shownPath = `~/${CONFIG_FOLDER}/config.json`;
  let raw: string;
  try {
    raw = await readFile(join(home, CONFIG_FOLDER, 'config.json'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UserInputError(`cannot read twilio-cli's ${shownPath}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new UserInputError(
      `twilio-cli's ${shownPath} is not JSON; fix it with \`twilio profiles:list\`, or set TWILIO_ACCOUNT_SID and its credentials instead`,
    );
  }
  const config = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const profiles: TwilioCliProfile[] = [];
  if (typeof config.profiles === 'object' && config.profiles !== null) {
    for (const [id, value] of Object.entries(config.profiles)) {
      const profile = profileFrom(id, value);
      if (profile !== undefined) profiles.push(profile);
    }
  }
  let firstProject: string | undefined;
  if (Array.isArray(config.projects)) {
    for (const value of config.projects as unknown[]) {
      firstProject ??= text((value as { id?: unknown } | null)?.id);
      const id = text((value as { id?: unknown } | null)?.id);
      const profile = id === undefined ? undefined : profileFrom(id, value);
      // As twilio-cli does: `profiles` wins over a historical project of the same name.
      if (profile !== undefined && !profiles.some((known) => known.id === profile.id)) profiles.push(profile);
    }
  }
  const activeProject = text(config.activeProject);
  return {
    shownPath,
    profiles,
    ...(activeProject === undefined ? {} : { activeProject }),
    ...(firstProject === undefined ? {} : { firstProject }),
  };
}

/** The profile twilio-cli would use with no --profile: the active one, else the first historical project. */
export function activeProfile(config: TwilioCliConfig): TwilioCliProfile | undefined {
  const byId = (id: string | undefined): TwilioCliProfile | undefined =>
    id === undefined ? undefined : config.profiles.find((profile) => profile.id === id);
  return byId(config.activeProject) ?? byId(config.firstProject);
}
