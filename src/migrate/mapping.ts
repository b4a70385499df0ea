/**
 * How a declared Flex Flow becomes a Conversations address configuration, as data and one pure
 * function. The mapping is inferred from the two resources' field descriptions and Twilio's guide
 * "Migrate from Legacy Messaging" (facts and sources: ../shared/TWILIO-FACTS.md, "End of life and the
 * successor", "Migrating an address"); what it cannot decide is said to the person, never guessed.
 *
 * It reads a document as written, before `${NAME}` is resolved, and copies values by reference to
 * where they were written (`from`), so that a placeholder (a webhook URL holding a password) survives
 * into the new document as a placeholder and no resolved secret is ever written.
 */

import { ADDRESS_TYPE_OF_CHANNEL } from '../model/addressConfiguration.js';
import { documentFieldOrder } from '../model/documentFieldOrder.js';
import { ADDRESS_CONFIGURATION, FLEX_FLOW } from '../model/kinds.js';
import type { ChannelType } from '../model/flexFlow.js';
import { migratedFromKey } from '../flows/fields.js';
import { formatPosition, problemAt, sortProblems } from '../source/problems.js';
import type { Problem, SourcePosition } from '../source/types.js';
import type { SourceDocument } from '../source/sourceDocument.js';

/*
 * The address type of each channel: ADDRESS_TYPE_OF_CHANNEL (the model: plan checks pairs with it).
 * The address is the contact identity exactly as written: a WhatsApp sender stays `whatsapp:+1…`.
 * Twilio's spec describes the address as "a whatsapp address or phone number" and shows no WhatsApp
 * example of its own (its createWhatsapp example reuses the Apple `urn:mbid:` id); WhatsApp addresses
 * carry the `whatsapp:` prefix everywhere else in Twilio's messaging APIs, and the address is unique
 * per account, so the prefix is what keeps an SMS and a WhatsApp configuration of one number apart.
 * Kept as is (inferred): the plan shows the address for review before anything is created.
 */

/** Why the other channels cannot become an address configuration through the API. */
const CHANNEL_REFUSALS: Readonly<Partial<Record<ChannelType, { readonly rule: string; readonly message: string }>>> = Object.freeze({
  web: {
    rule: 'web-channel',
    message:
      'channel_type web cannot migrate: Webchat 3 chat addresses are set up in the Flex Console (deployment keys), not through the API; set it up there, then delete this flow',
  },
  line: {
    rule: 'no-address-type',
    message: 'channel_type line cannot migrate: Conversations has no address type for LINE; keep the Flex Flow',
  },
  custom: {
    rule: 'no-address-type',
    message: 'channel_type custom cannot migrate: Conversations has no address type for custom channels; keep the Flex Flow',
  },
});

/** A field copied as written: from a JSON pointer of the Flex Flow document to a path of the address configuration. */
interface FieldMove {
  readonly from: string;
  readonly to: readonly string[];
}

/** Fields every migrating flow carries over. */
const COMMON_MOVES: readonly FieldMove[] = [
  { from: '/contact_identity', to: ['address'] },
  { from: '/friendly_name', to: ['friendly_name'] },
  { from: '/enabled', to: ['auto_creation', 'enabled'] },
  { from: '/chat_service_sid', to: ['auto_creation', 'conversation_service_sid'] },
  // A name for the SID (issue 20) moves as the SID does: Flex's chat service is a Conversations service, under one name.
  { from: '/chat_service', to: ['auto_creation', 'conversation_service'] },
];

interface IntegrationMapping {
  readonly autoCreationType: 'studio' | 'webhook';
  readonly moves: readonly FieldMove[];
  /** Values migrate chooses because the Flex Flow has no such field: said in the attention note. */
  readonly defaults: Readonly<Record<string, unknown>>;
}

const INTEGRATION_MAPPINGS: Readonly<Record<'studio' | 'external', IntegrationMapping>> = Object.freeze({
  studio: {
    autoCreationType: 'studio',
    moves: [
      { from: '/integration/flow_sid', to: ['auto_creation', 'studio_flow_sid'] },
      { from: '/integration/studio_flow', to: ['auto_creation', 'studio_flow'] },
      { from: '/integration/retry_count', to: ['auto_creation', 'studio_retry_count'] },
    ],
    defaults: {},
  },
  external: {
    autoCreationType: 'webhook',
    moves: [{ from: '/integration/url', to: ['auto_creation', 'webhook_url'] }],
    // The legacy webhook was called when a message arrived; onMessageAdded is its closest event, POST its verb.
    defaults: { webhook_method: 'post', webhook_filters: ['onMessageAdded'] },
  },
});

/**
 * Flex Flow fields with no address configuration equivalent. Declared as true, a count above 0 or a
 * variable (whose value migrate cannot see), dropping them changes behaviour, so the person is told;
 * false, 0 or null drops nothing.
 */
const WITHOUT_EQUIVALENT: Readonly<Record<string, string>> = Object.freeze({
  '/long_lived': 'long_lived has no equivalent (Flex Conversations does not support long-lived channels out of the box); it is dropped',
  '/janitor_enabled': 'janitor_enabled has no equivalent (the Messaging Channel Janitor cleans up Chat/Proxy channels); it is dropped',
  '/integration/creation_on_message': 'integration.creation_on_message has no equivalent; it is dropped',
  '/integration/retry_count':
    'integration.retry_count has no equivalent for a webhook (studio_retry_count is for Studio only); it is dropped',
});

/** Where the document names the Flex Flow it replaces (validation knows the key: ResourceKind.replaces). */
const MIGRATED_FROM: readonly string[] = ['migrated_from', migratedFromKey(ADDRESS_CONFIGURATION) as string];

/** One value of the new document: copied as written from a pointer of the old one, or chosen by migrate. */
type Assignment =
  | { readonly to: readonly string[]; readonly from: string }
  /** `commentsFrom`: the field it is derived from, whose comments it takes (channel_type's go to type). */
  | { readonly to: readonly string[]; readonly value: unknown; readonly commentsFrom?: string };

export type Outcome = 'migrates' | 'attention' | 'cannot-migrate';

export interface FlowMigration {
  /** The Flex Flow's friendly_name as written (a placeholder stays one). */
  readonly friendlyName: string;
  readonly source: SourcePosition;
  readonly outcome: Outcome;
  /** What the person must do (attention) or why it cannot migrate, each at the field concerned. */
  readonly notes: readonly Problem[];
  /** Fields of the new document, in no particular order; empty when it cannot migrate. */
  readonly assignments: readonly Assignment[];
  /** Flex Flow pointers whose values have no equivalent and are left behind (quietly or with a note). */
  readonly dropped: readonly string[];
  /** The address as written (the contact identity) and where, for the conflict check across documents. */
  readonly address?: AddressClaim;
}

const isPlaceholder = (value: unknown): boolean => typeof value === 'string' && value.includes('${');

/** The value at a JSON pointer of plain data (the pointers used here need no unescaping). */
function valueAt(root: unknown, pointer: string): unknown {
  let value = root;
  for (const part of pointer.split('/').slice(1)) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Maps one Flex Flow document (as written) to its migration; pure. */
export function migrateFlexFlow(document: SourceDocument): FlowMigration {
  const flow = document.value;
  const at = (pointer: string): SourcePosition => {
    const positions = document.positions.get(pointer);
    return positions?.key ?? positions?.value ?? document.start;
  };
  const refusals: Problem[] = [];
  const attention: Problem[] = [];
  // Migrate reads validated flows: a friendly name is text.
  const name = valueAt(flow, '/friendly_name');
  const friendlyName = typeof name === 'string' ? name : '';

  const channel = valueAt(flow, '/channel_type');
  const addressType = typeof channel === 'string' ? ADDRESS_TYPE_OF_CHANNEL[channel as ChannelType] : undefined;
  if (isPlaceholder(channel)) {
    refusals.push(
      problemAt(
        at('/channel_type'),
        'variable-kind',
        `channel_type is written as a variable (${String(channel)}); migrate chooses the address type from it: write the value out`,
      ),
    );
  } else if (addressType === undefined) {
    const refusal = CHANNEL_REFUSALS[channel as ChannelType];
    refusals.push(
      refusal
        ? problemAt(at('/channel_type'), refusal.rule, refusal.message)
        : problemAt(at('/channel_type'), 'no-channel-type', 'channel_type is not declared; migrate chooses the address type from it'),
    );
  }
  const address = valueAt(flow, '/contact_identity');
  if (typeof address !== 'string' || address === '') {
    refusals.push(
      problemAt(
        at('/contact_identity'),
        'no-address',
        'no contact_identity: an address configuration is keyed on its address; declare the number or id this flow receives messages on',
      ),
    );
  }

  const integrationType = valueAt(flow, '/integration_type');
  let integration: IntegrationMapping | undefined;
  if (isPlaceholder(integrationType)) {
    refusals.push(
      problemAt(
        at('/integration_type'),
        'variable-kind',
        `integration_type is written as a variable (${String(integrationType)}); migrate chooses auto_creation.type from it: write the value out`,
      ),
    );
  } else if (integrationType === 'task') {
    refusals.push(
      problemAt(
        at('/integration_type'),
        'task-integration',
        'integration_type task is not supported by Flex Conversations: replace it with studio (a Studio Flow that sends to Flex) or external (a webhook), then run migrate again',
      ),
    );
  } else if (integrationType === 'studio' || integrationType === 'external') {
    integration = INTEGRATION_MAPPINGS[integrationType];
  }
  // No integration_type: nothing routed the flow's conversations to Flex, and auto_creation.type is left
  // out (Twilio's default) so that nothing does after the migration either; no note, as nothing changes.

  if (integrationType === 'studio') {
    const studioFlow = valueAt(flow, '/integration/flow_sid') === undefined ? '/integration/studio_flow' : '/integration/flow_sid';
    attention.push(
      problemAt(
        at(studioFlow),
        'studio-trigger',
        `the Studio Flow ${String(valueAt(flow, studioFlow))} needs its "Incoming Conversation" trigger (incomingConversationMessage) connected to Send to Flex`,
      ),
    );
  } else if (integrationType === 'external') {
    attention.push(
      problemAt(
        at('/integration/url'),
        'webhook-events',
        'the webhook must now handle Conversations events and create Interactions (not Tasks) through the Conversations API; webhook_method post and webhook_filters [onMessageAdded] are defaults chosen by migrate: review them',
      ),
    );
  }

  if (valueAt(flow, '/chat_service') !== undefined) {
    // Inferred, not documented: Flex's Chat service is the same IS service in Conversations, but plan looks the name up in the Conversations services' list.
    attention.push(
      problemAt(
        at('/chat_service'),
        'service-name',
        "chat_service is a Chat service name, written as conversation_service: plan looks it up among the Conversations services; if it finds none, write the service's SID as auto_creation.conversation_service_sid",
      ),
    );
  }
  const moves = [...COMMON_MOVES, ...(integration?.moves ?? [])];
  const moved = new Set(moves.map((move) => move.from));
  const dropped: string[] = [];
  for (const [pointer, message] of Object.entries(WITHOUT_EQUIVALENT)) {
    const value = valueAt(flow, pointer);
    if (moved.has(pointer) || value === undefined) continue;
    dropped.push(pointer);
    if (value !== false && value !== null && value !== 0) attention.push(problemAt(at(pointer), 'no-equivalent', message));
  }
  const renamedFrom = valueAt(flow, '/renamed_from');
  if (Array.isArray(renamedFrom) && renamedFrom.length > 0) {
    dropped.push('/renamed_from');
    attention.push(
      problemAt(
        at('/renamed_from'),
        'renamed-from',
        'renamed_from is dropped: if the live flow still has an old name, apply the rename before migrating, or the migration will not find the live flow',
      ),
    );
  }

  const claim =
    typeof address === 'string' && address !== ''
      ? { address, at: at('/contact_identity'), by: `flow ${JSON.stringify(friendlyName)}` }
      : undefined;
  const base = { friendlyName, source: document.start, ...(claim ? { address: claim } : {}) };
  if (refusals.length > 0) return { ...base, outcome: 'cannot-migrate', notes: sortProblems(refusals), assignments: [], dropped: [] };
  const assignments: Assignment[] = [
    { to: ['kind'], value: ADDRESS_CONFIGURATION.name },
    { to: ['type'], value: addressType, commentsFrom: '/channel_type' },
    ...moves.filter((move) => valueAt(flow, move.from) !== undefined).map(({ from, to }) => ({ from, to })),
    ...(integration ? [{ to: ['auto_creation', 'type'], value: integration.autoCreationType, commentsFrom: '/integration_type' }] : []),
    ...Object.entries(integration?.defaults ?? {}).map(([name, value]) => ({ to: ['auto_creation', name], value })),
    { to: MIGRATED_FROM, from: '/friendly_name' },
  ];
  return {
    ...base,
    outcome: attention.length > 0 ? 'attention' : 'migrates',
    notes: sortProblems(attention),
    assignments: inDocumentOrder(assignments),
    dropped,
  };
}

/** The new document's keys in the order export writes an address configuration, migrated_from last. */
const DOCUMENT_ORDER: readonly string[] = [
  ...documentFieldOrder(ADDRESS_CONFIGURATION).flatMap((name) =>
    // A name field stands where its SID field would.
    name === ADDRESS_CONFIGURATION.group.name
      ? ADDRESS_CONFIGURATION.group.fields.flatMap((spec) =>
          [spec.name, ...(spec.lookup ? [spec.lookup.nameField] : [])].map((field) => `${name}.${field}`),
        )
      : [name],
  ),
  MIGRATED_FROM.join('.'),
];

function inDocumentOrder(assignments: readonly Assignment[]): Assignment[] {
  const rank = (assignment: Assignment): number => DOCUMENT_ORDER.indexOf(assignment.to.join('.'));
  return [...assignments].sort((a, b) => rank(a) - rank(b));
}

/** The address configuration document as plain data, values as written (placeholders kept). */
export function addressConfigurationOf(migration: FlowMigration, flow: unknown): Record<string, unknown> {
  const document: Record<string, unknown> = {};
  for (const assignment of migration.assignments) {
    const value = 'from' in assignment ? valueAt(flow, assignment.from) : assignment.value;
    const [first, second] = assignment.to as [string, string | undefined];
    if (second === undefined) {
      document[first] = value;
    } else {
      const group = (document[first] ??= {}) as Record<string, unknown>;
      group[second] = value;
    }
  }
  return document;
}

/** Where another document already claims an address: a declared address configuration, or another flow. */
export interface AddressClaim {
  readonly address: string;
  readonly at: SourcePosition;
  /** How the message names the other document: `the address configuration` or `flow "SMS Support"`. */
  readonly by: string;
}

/**
 * An address holds one configuration: flows that would migrate to an address another migrating flow
 * or a declared address configuration already uses cannot migrate (each names the other), so that the
 * person chooses which one stays instead of migrate choosing by file order.
 */
export function withAddressConflicts(migrations: readonly FlowMigration[], declared: readonly AddressClaim[]): FlowMigration[] {
  const claims = new Map<string, AddressClaim[]>();
  for (const claim of [
    ...declared,
    ...migrations.flatMap((migration) => (migration.outcome !== 'cannot-migrate' && migration.address ? [migration.address] : [])),
  ]) {
    const same = claims.get(claim.address);
    if (same) same.push(claim);
    else claims.set(claim.address, [claim]);
  }
  return migrations.map((migration) => {
    const own = migration.address;
    if (migration.outcome === 'cannot-migrate' || own === undefined) return migration;
    const others = (claims.get(own.address) ?? []).filter((claim) => claim !== own);
    if (others.length === 0) return migration;
    const notes = others.map((other) =>
      problemAt(
        own.at,
        'address-taken',
        `address ${JSON.stringify(own.address)} is also claimed by ${other.by} at ${formatPosition(other.at)}; an address holds one configuration: keep one of them`,
      ),
    );
    return { ...migration, outcome: 'cannot-migrate', notes, assignments: [], dropped: [] };
  });
}

/** A Flex Flow document of a file, and what it becomes. */
export interface MigratedDocument<File> {
  readonly file: File;
  /** The document's value as written. */
  readonly flow: unknown;
  readonly migration: FlowMigration;
}

/**
 * Every Flex Flow document among the files' documents (no `kind`, or `kind: flex-flow`), mapped, with
 * the addresses that declared address configurations and the other flows already claim taken into account.
 */
export function migrateDocuments<File>(
  files: readonly { readonly file: File; readonly documents: readonly SourceDocument[] }[],
): MigratedDocument<File>[] {
  const declared: AddressClaim[] = [];
  const flows: { file: File; document: SourceDocument }[] = [];
  for (const { file, documents } of files) {
    for (const document of documents) {
      const kind = valueAt(document.value, '/kind') ?? FLEX_FLOW.name;
      const address = valueAt(document.value, '/address');
      if (kind === FLEX_FLOW.name) flows.push({ file, document });
      else if (kind === ADDRESS_CONFIGURATION.name && typeof address === 'string') {
        declared.push({ address, at: document.positions.get('/address')?.value ?? document.start, by: 'an address configuration' });
      }
    }
  }
  const migrations = withAddressConflicts(
    flows.map(({ document }) => migrateFlexFlow(document)),
    declared,
  );
  return flows.map(({ file, document }, index) => ({ file, flow: document.value, migration: migrations[index] as FlowMigration }));
}
