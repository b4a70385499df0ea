/**
 * The Twilio resources a flow file may name instead of giving their SID (issue 20): where each is
 * listed, how its SIDs look, and whether Twilio filters its list by name. The resolver
 * (src/resolve) and the emulator (src/emulator/lookups) both read this table, so they cannot
 * disagree. Sources: Twilio's API reference for each list endpoint, and the page keys and form
 * parameters of Twilio's Node helper library (twilio 5.x).
 */

export const TARGET_KINDS = ['studio-flow', 'chat-service', 'conversations-service', 'workspace', 'workflow'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** A product with its own host (`studio.twilio.com`, ...), under the same region and edge rule as flex-api. */
export type LookupProduct = 'studio' | 'chat' | 'conversations' | 'taskrouter';

export interface LookupTarget {
  readonly kind: TargetKind;
  /** How messages call one: `Studio flow`. */
  readonly noun: string;
  readonly nounPlural: string;
  readonly product: LookupProduct;
  /** The list path; a workflow's holds `{WorkspaceSid}`, its parent workspace. */
  readonly collection: string;
  /** The array's key in a list page (also `meta.key`). */
  readonly listKey: string;
  /** Two letters; a SID is these and 32 hex digits. */
  readonly sidPrefix: string;
  /** The largest PageSize the endpoint serves. */
  readonly maxPageSize: number;
  /** Whether the list takes `FriendlyName` and filters on the server; otherwise it is listed whole. */
  readonly filtersByName: boolean;
  /** The form parameters a create requires, after Twilio's helper library. */
  readonly requiredOnCreate: readonly string[];
}

const WORKSPACE_PARENT = '{WorkspaceSid}';

export const LOOKUP_TARGETS: Readonly<Record<TargetKind, LookupTarget>> = Object.freeze({
  'studio-flow': {
    kind: 'studio-flow',
    noun: 'Studio flow',
    nounPlural: 'Studio flows',
    product: 'studio',
    collection: '/v2/Flows',
    listKey: 'flows',
    sidPrefix: 'FW',
    maxPageSize: 1000,
    filtersByName: false,
    requiredOnCreate: ['FriendlyName', 'Status', 'Definition'],
  },
  'chat-service': {
    kind: 'chat-service',
    noun: 'Chat service',
    nounPlural: 'Chat services',
    product: 'chat',
    collection: '/v2/Services',
    listKey: 'services',
    sidPrefix: 'IS',
    maxPageSize: 100,
    filtersByName: false,
    requiredOnCreate: ['FriendlyName'],
  },
  'conversations-service': {
    kind: 'conversations-service',
    noun: 'Conversations service',
    nounPlural: 'Conversations services',
    product: 'conversations',
    collection: '/v1/Services',
    listKey: 'services',
    sidPrefix: 'IS',
    maxPageSize: 100,
    filtersByName: false,
    requiredOnCreate: ['FriendlyName'],
  },
  workspace: {
    kind: 'workspace',
    noun: 'TaskRouter workspace',
    nounPlural: 'TaskRouter workspaces',
    product: 'taskrouter',
    collection: '/v1/Workspaces',
    listKey: 'workspaces',
    sidPrefix: 'WS',
    maxPageSize: 1000,
    filtersByName: true,
    requiredOnCreate: ['FriendlyName'],
  },
  workflow: {
    kind: 'workflow',
    noun: 'TaskRouter workflow',
    nounPlural: 'TaskRouter workflows',
    product: 'taskrouter',
    collection: `/v1/Workspaces/${WORKSPACE_PARENT}/Workflows`,
    listKey: 'workflows',
    sidPrefix: 'WW',
    maxPageSize: 1000,
    filtersByName: true,
    requiredOnCreate: ['FriendlyName', 'Configuration'],
  },
});

/** The list path of `target`, under `workspaceSid` for a workflow. */
export function collectionPath(target: LookupTarget, workspaceSid?: string): string {
  if (!target.collection.includes(WORKSPACE_PARENT)) return target.collection;
  if (workspaceSid === undefined) throw new RangeError(`${target.kind} is listed within a workspace: pass its SID`);
  return target.collection.replace(WORKSPACE_PARENT, encodeURIComponent(workspaceSid));
}
