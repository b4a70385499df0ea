import type { KindName, ResourceKind } from '../model/kind.js';
import { ADDRESS_CONFIGURATION, FLEX_FLOW } from '../model/kinds.js';
import type { ResourceStore, ResourceValues, StoredResource } from './store.js';

/**
 * What the emulator knows of a kind beyond its descriptor (src/model/kinds.ts): Twilio's behaviour
 * that the field table does not say (defaults, the shape of answers, which writes conflict). The
 * store, routes, params, pages and rate limits read the descriptor; this is the rest, as data.
 */
export interface EmulatedKind {
  readonly kind: ResourceKind;
  /** What a create stores for fields it did not post. */
  readonly createDefaults: Readonly<ResourceValues>;
  /** Group fields a create fills in where it did not post them, by the discriminator's value. */
  readonly groupDefaults: Readonly<Record<string, Readonly<ResourceValues>>>;
  /** The answer's keys in Twilio's order (`sid`, `account_sid`, the dates and `url` among them). */
  readonly answerKeys: readonly string[];
  /** Group fields stored lower-case and answered upper-case. */
  readonly upperCaseInAnswers: readonly string[];
  /**
   * Whether a write keeps only the group fields that apply to the resulting discriminator value
   * (FieldSpec.appliesTo), dropping the other types' fields: what the address configuration
   * contract's update example shows (webhook → studio answers no webhook_* field). Twilio documents
   * nothing of the kind for Flex Flows, whose emulator keeps what was posted.
   */
  readonly groupFollowsType: boolean;
  /** The list's filters: query parameter → the field it matches (as the field's table compares it). */
  readonly listFilters: Readonly<Record<string, string>>;
  /**
   * A PageSize above the largest: capped, or refused with a 400. Twilio's helper libraries send
   * PageSize=limit, so the Flex Flows emulator caps (list(limit=1001) works); the address
   * configuration's spec gives PageSize a maximum of 50, which the emulator enforces.
   */
  readonly pageSizeAboveMax: 'cap' | 'refuse';
  /** Why a write of `values` (over `self`, for an update) conflicts with another stored resource; undefined when it does not. */
  conflict(store: ResourceStore, values: ResourceValues, self: StoredResource | undefined): string | undefined;
}

/**
 * The other enabled flow that already holds `values`' contact identity with the same integration type,
 * if any. Twilio says inbound flows are checked for conflicts across contact identity and integration
 * type without documenting the rule or the error code; the emulator enforces this reading so that
 * tests meet the refusal, and the tool orders its writes so that it is safe under any stricter rule.
 */
function identityHolder<T extends ResourceValues>(flows: Iterable<T>, values: ResourceValues, self: T | undefined): T | undefined {
  if (
    values.enabled !== true ||
    values.contact_identity === null ||
    values.contact_identity === '' ||
    values.contact_identity === undefined
  )
    return undefined;
  for (const flow of flows) {
    if (flow === self || flow.enabled !== true) continue;
    if (flow.contact_identity === values.contact_identity && flow.integration_type === values.integration_type) return flow;
  }
  return undefined;
}

const EMULATED_FLEX_FLOW: EmulatedKind = {
  kind: FLEX_FLOW,
  /**
   * Twilio's documented defaults (`LongLived` and `JanitorEnabled` false; `integration_type` studio,
   * since the resource's enum is not nullable and "Manage Flex Flows" names Studio the default),
   * everything else empty.
   */
  createDefaults: {
    friendly_name: '',
    chat_service_sid: null,
    channel_type: null,
    contact_identity: null,
    enabled: false,
    integration_type: 'studio',
    integration: null,
    long_lived: false,
    janitor_enabled: false,
  },
  /** The documented `Integration.*` defaults, by integration type (OpenAPI descriptions and the seed docs page). */
  groupDefaults: {
    studio: { retry_count: 3 },
    external: { retry_count: 3 },
    task: { channel: 'default', timeout: 86_400, priority: 0 },
  },
  answerKeys: [
    'sid',
    'account_sid',
    'date_created',
    'date_updated',
    'friendly_name',
    'chat_service_sid',
    'channel_type',
    'contact_identity',
    'enabled',
    'integration_type',
    'integration',
    'long_lived',
    'janitor_enabled',
    'url',
  ],
  upperCaseInAnswers: [],
  groupFollowsType: false,
  listFilters: { FriendlyName: 'friendly_name' },
  pageSizeAboveMax: 'cap',
  conflict(store, values, self) {
    const holder = identityHolder(store.list(), values, self);
    if (holder === undefined) return undefined;
    return (
      `Flex Flow ${holder.sid} is already enabled with contact identity ${JSON.stringify(holder.contact_identity)} and ` +
      `integration type ${JSON.stringify(holder.integration_type)}; disable it or free its contact identity first`
    );
  },
};

const EMULATED_ADDRESS_CONFIGURATION: EmulatedKind = {
  kind: ADDRESS_CONFIGURATION,
  /** Twilio documents no defaults: what was not posted is empty (an auto_creation with nothing set is null). */
  createDefaults: { address: '', type: '', friendly_name: null, address_country: null, auto_creation: null },
  groupDefaults: {},
  // The order of the spec's examples.
  answerKeys: [
    'account_sid',
    'sid',
    'address',
    'type',
    'friendly_name',
    'address_country',
    'auto_creation',
    'date_created',
    'date_updated',
    'url',
  ],
  /** Sent `post`, answered "POST" since 2025-07-03 (Twilio's changelog; the spec's examples). */
  upperCaseInAnswers: ['webhook_method'],
  groupFollowsType: true,
  listFilters: { Type: 'type' },
  /**
   * Refused, as issue 17 asks (PageSize 1–50, the spec's `maximum: 50`), although Twilio documents
   * only the maximum, not whether a larger PageSize is refused or capped. Twilio's helper library
   * sends PageSize=limit, so `addressConfigurations.list({ limit: 100 })` fails here and may work on
   * Twilio; flexflow-sync's client never sends more than kind.api.maxPageSize, so it is safe under
   * either answer, and a test that a larger PageSize is refused proves that it never does.
   */
  pageSizeAboveMax: 'refuse',
  /**
   * Twilio documents only that the address is "a unique address … that belongs to your Twilio
   * Account", not how a second create is refused: the emulator answers a 400 with the generic
   * parameter code (as for the Flex Flow conflict), which the client treats like any refused write.
   */
  conflict(store, values, self) {
    const holder = store.withKey(String(values.address)).find((other) => other !== self);
    return holder === undefined ? undefined : `Address ${JSON.stringify(values.address)} already has a configuration: ${holder.sid}`;
  },
};

/** Every kind the emulator serves, in the order of KINDS. */
export const EMULATED_KINDS: readonly EmulatedKind[] = Object.freeze([EMULATED_FLEX_FLOW, EMULATED_ADDRESS_CONFIGURATION]);

/**
 * Why a write of `values` of `kind` takes an address a live resource of its successor or predecessor
 * kind holds (an address configuration for a number a Flex Flow still routes, or a flow for a number
 * with a configuration); undefined when it does not, or when an update keeps its own address. Twilio's
 * migration guide deletes the Flex Flow before creating the address configuration, and its reverse
 * the configuration before creating the flow, which implies this conflict without documenting it or
 * its error: the rule and the answer (a 400 with the generic parameter code, as for the other
 * conflicts) are inferred, so that a wrong order fails in tests. The tool frees the address first
 * either way, so it is safe whether Twilio refuses the write or not.
 */
export function addressKindConflict(
  stores: ReadonlyMap<KindName, ResourceStore>,
  kind: ResourceKind,
  values: ResourceValues,
  self: StoredResource | undefined,
): string | undefined {
  const address = values[kind.addressField];
  if (address === null || address === undefined || address === '' || self?.[kind.addressField] === address) return undefined;
  for (const other of EMULATED_KINDS.map((emulated) => emulated.kind)) {
    if (other.name !== kind.replaces && other.replaces !== kind.name) continue;
    const holder = stores
      .get(other.name)
      ?.list()
      .find((resource) => resource[other.addressField] === address);
    if (holder === undefined) continue;
    const name = other.key === other.addressField ? '' : ` (${JSON.stringify(holder[other.key])})`;
    return (
      `The ${other.noun} ${holder.sid}${name} still holds ${JSON.stringify(address)} as its ${other.addressField}; ` +
      `delete it first, as Twilio's migration guide${other.name === kind.replaces ? '' : ' (in reverse)'} says`
    );
  }
  return undefined;
}

export function emulatedKind(name: KindName): EmulatedKind {
  return EMULATED_KINDS.find((emulated) => emulated.kind.name === name) as EmulatedKind;
}
