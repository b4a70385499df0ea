import { type Connection, resolveConnection, sidPrefix } from '../api/connection.js';
import { activeProfile, readTwilioCliConfig, type TwilioCliConfig, type TwilioCliProfile } from '../api/twilioCliConfig.js';
import { UserInputError } from '../errors.js';
import type { Io } from './io.js';

/** The variables a twilio-cli profile replaces, as twilio-cli ignores them when it uses a profile. */
const PROFILE_VARIABLES = [
  'TWILIO_ACCOUNT_SID',
  'TWILIO_AUTH_TOKEN',
  'TWILIO_API_KEY',
  'TWILIO_API_SECRET',
  'TWILIO_REGION',
  'TWILIO_EDGE',
] as const;

export interface ChosenConnection {
  readonly connection: Connection;
  /** One line for stderr saying which credentials are used, when that is not plain from the environment. */
  readonly notice?: string;
}

function keychainHelp(profile: TwilioCliProfile, config: TwilioCliConfig): string {
  const id = JSON.stringify(profile.id);
  return (
    `twilio-cli profile ${id} in ${config.shownPath} keeps its API key and secret in the system keychain (older twilio-cli), ` +
    `which flexflow-sync does not read: export TWILIO_ACCOUNT_SID=${profile.accountSid} with TWILIO_API_KEY and TWILIO_API_SECRET ` +
    `from the keychain entry "KEY|SECRET" (macOS: security find-generic-password -s twilio-cli -a ${id} -w; ` +
    `Linux: secret-tool lookup service twilio-cli account ${id}), or run \`twilio profiles:create\` with a current twilio-cli`
  );
}

function profileConnection(
  profile: TwilioCliProfile,
  why: string,
  config: TwilioCliConfig,
  io: Io,
  apiUrl: string | undefined,
): ChosenConnection {
  if (profile.apiKey === undefined || profile.apiSecret === undefined) throw new UserInputError(keychainHelp(profile, config));
  const env: Record<string, string | undefined> = { ...io.env };
  for (const name of PROFILE_VARIABLES) delete env[name];
  Object.assign(env, {
    TWILIO_ACCOUNT_SID: profile.accountSid,
    TWILIO_API_KEY: profile.apiKey,
    TWILIO_API_SECRET: profile.apiSecret,
    TWILIO_REGION: profile.region,
    TWILIO_EDGE: profile.edge,
  });
  const source = `twilio-cli profile ${JSON.stringify(profile.id)} (${why} in ${config.shownPath})`;
  let connection: Connection;
  try {
    connection = resolveConnection(env, apiUrl);
  } catch (error) {
    // Its messages name the variables the profile stood in for.
    if (error instanceof UserInputError) throw new UserInputError(`${source}: ${error.message}`);
    throw error;
  }
  return {
    connection: { ...connection, credentialSource: `the API key ${sidPrefix(profile.apiKey)} of ${source}` },
    notice: `credentials: ${source}, account ${sidPrefix(profile.accountSid)}\n`,
  };
}

/**
 * The account and credentials to use, with twilio-cli's precedence: `--profile NAME`, then the
 * TWILIO_* environment variables, then twilio-cli's active profile.
 */
export async function chooseConnection(io: Io, apiUrl: string | undefined, profileFlag: string | undefined): Promise<ChosenConnection> {
  const config = await readTwilioCliConfig(io.env);
  if (profileFlag !== undefined) {
    const shown = config?.shownPath ?? '~/.twilio-cli/config.json';
    const profile = config?.profiles.find((candidate) => candidate.id === profileFlag.trim());
    if (config === undefined || profile === undefined) {
      const known =
        config === undefined || config.profiles.length === 0
          ? 'it has none'
          : `it has ${config.profiles.map((p) => JSON.stringify(p.id)).join(', ')}`;
      throw new UserInputError(
        `--profile ${JSON.stringify(profileFlag)}: no such twilio-cli profile in ${shown} (${config === undefined ? 'no such file' : known}); create it with \`twilio profiles:create\``,
      );
    }
    return profileConnection(profile, '--profile', config, io, apiUrl);
  }
  const active = config === undefined ? undefined : activeProfile(config);
  const fromEnvironment = io.env.TWILIO_ACCOUNT_SID !== undefined && io.env.TWILIO_ACCOUNT_SID.trim() !== '';
  if (fromEnvironment || active === undefined || config === undefined) {
    const connection = resolveConnection(io.env, apiUrl);
    if (active === undefined) return { connection };
    return {
      connection,
      notice: `credentials: TWILIO_* environment variables, which win over twilio-cli's active profile ${JSON.stringify(active.id)} (--profile ${active.id} to use it)\n`,
    };
  }
  return profileConnection(active, 'active profile', config, io, apiUrl);
}
