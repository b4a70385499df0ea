import type { FieldSpec } from './field.js';
import type { RateLimits } from './limits.js';

/**
 * A resource kind is data: what flexflow-sync needs to know to validate, diff, plan, apply, export
 * and emulate one kind of Twilio resource. Nothing outside src/model names a kind's fields; the
 * pipeline reads them from here. A third kind is a new descriptor (and its tests), not edits across
 * the tree.
 */

/** The `kind:` of a YAML document, the kind of a change in a JSON plan. */
export const KIND_NAMES = ['flex-flow', 'address-configuration'] as const;
export type KindName = (typeof KIND_NAMES)[number];

/**
 * The one nested object a kind has (`integration`, `auto_creation`): sent as `Prefix.Param` form
 * parameters, and read from a response only through its field table (the address configuration's
 * `auto_creation` has no schema in Twilio's spec).
 */
export interface NestedGroup<Name extends string = string, Variant extends string = string> {
  readonly name: string;
  readonly fields: readonly FieldSpec<Name, Variant>[];
  /**
   * The path of the field whose value says which group fields apply (FieldSpec.appliesTo):
   * `integration_type` (top level) or `auto_creation.type` (inside the group).
   */
  readonly discriminator: string;
  /** Group fields each discriminator value requires. */
  readonly required: Readonly<Record<Variant, readonly Name[]>>;
  /**
   * Set when `null` can never take effect: no form parameter clears the whole group, so a client
   * sends nothing for it and the file would never converge. `null` is refused with this advice.
   */
  readonly insteadOfNull?: string;
}

/** Where the kind lives in Twilio's API. */
export interface KindApi {
  /** Which product's host serves it: `flex-api.twilio.com` or `conversations.twilio.com` (with TWILIO_REGION/TWILIO_EDGE). */
  readonly product: 'flex-api' | 'conversations';
  /** The list/create path, e.g. `/v1/FlexFlows`; an item is `${collection}/{Sid}`. */
  readonly collection: string;
  /** The array's key in a list page (`flex_flows`, `address_configurations`). */
  readonly listKey: string;
  /** The largest PageSize the endpoint takes. */
  readonly maxPageSize: number;
  /**
   * Whether fetch, update and delete take the key in place of the SID (`/Addresses/{Sid}`: "either
   * the sid or the address"): the key is then a URL path segment, which validation keeps unambiguous.
   */
  readonly keyInPath: boolean;
}

/** `Name`, `GroupName`: the keys of the kind's two tables (see FieldSpec), checked where a kind is declared. */
export interface ResourceKind<Name extends string = string, GroupName extends string = string, Variant extends string = string> {
  readonly name: KindName;
  /** How people call one and many, in text output: `flow`/`flows`, `address configuration`/`address configurations`. */
  readonly noun: string;
  readonly nounPlural: string;
  /** The field live and declared resources are matched on (`friendly_name`, `address`): unique per account. */
  readonly key: Name;
  /** `FO`, `IG`: a live resource's SID is this and 32 hex digits. */
  readonly sidPrefix: string;
  /**
   * The field holding the address (phone number, channel id, email address) Twilio routes through
   * this resource: `contact_identity`, `address`. One address is routed by a resource of one kind:
   * Twilio's migration guide deletes the Flex Flow before it creates the address configuration.
   */
  readonly addressField: Name;
  /** The top-level writable fields, in display order. */
  readonly fields: readonly FieldSpec<Name, Variant>[];
  readonly group: NestedGroup<GroupName, Variant>;
  /** Fields Twilio requires on create (top level). */
  readonly requiredOnCreate: readonly Name[];
  readonly api: KindApi;
  /** Requests per second per endpoint, which the client paces to and the emulator enforces. */
  readonly rateLimits: RateLimits;
  /** Most resources of the kind an account may hold, when Twilio documents one. */
  readonly maxPerAccount?: number;
  /**
   * The kind this one succeeds (an address configuration replaces a Flex Flow): its documents may say
   * `migrated_from: {flex_flow: "<that resource's key>"}`, which names the live resource it replaces.
   * Never sent to Twilio, like `renamed_from`.
   */
  readonly replaces?: KindName;
}

/** A resource's writable fields, as a file declares them and create/update send them (absent: not managed). */
export type ResourceFields = Readonly<Record<string, unknown>>;

/** A live resource as the API returned it, after its shape was checked: the SID and date the plan snapshots. */
export interface LiveResource {
  readonly sid: string;
  readonly date_updated: string;
  readonly [field: string]: unknown;
}

/** `a flow`, `an address configuration`: a kind's noun as messages name one. */
export function article(noun: string): string {
  return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}
