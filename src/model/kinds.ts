import {
  ADDRESS_CONFIGURATION_FIELDS,
  type AddressConfigurationFieldName,
  AUTO_CREATION_FIELDS,
  type AutoCreationFieldName,
  type AutoCreationType,
  REQUIRED_AUTO_CREATION_FIELDS,
} from './addressConfiguration.js';
import {
  FLEX_FLOW_GROUP,
  type FlowFieldName,
  type Integration,
  type IntegrationType,
  REQUIRED_ON_CREATE,
  TOP_LEVEL_FIELDS,
} from './flexFlow.js';
import type { KindName, ResourceKind } from './kind.js';
import { ADDRESS_CONFIGURATION_RATE_LIMITS, FLEX_FLOW_RATE_LIMITS, MAX_FLOWS_PER_ACCOUNT } from './limits.js';

/** Every resource kind flexflow-sync manages; a YAML document without `kind:` is a Flex Flow. */

export const FLEX_FLOW: ResourceKind = Object.freeze<ResourceKind>({
  name: 'flex-flow',
  noun: 'flow',
  nounPlural: 'flows',
  key: 'friendly_name',
  sidPrefix: 'FO',
  addressField: 'contact_identity',
  fields: TOP_LEVEL_FIELDS,
  group: FLEX_FLOW_GROUP,
  requiredOnCreate: REQUIRED_ON_CREATE,
  api: { product: 'flex-api', collection: '/v1/FlexFlows', listKey: 'flex_flows', maxPageSize: 1000, keyInPath: false },
  rateLimits: FLEX_FLOW_RATE_LIMITS,
  maxPerAccount: MAX_FLOWS_PER_ACCOUNT,
} satisfies ResourceKind<FlowFieldName, keyof Integration, IntegrationType>);

export const ADDRESS_CONFIGURATION: ResourceKind = Object.freeze<ResourceKind>({
  name: 'address-configuration',
  noun: 'address configuration',
  nounPlural: 'address configurations',
  key: 'address',
  sidPrefix: 'IG',
  addressField: 'address',
  fields: ADDRESS_CONFIGURATION_FIELDS,
  group: {
    name: 'auto_creation',
    fields: AUTO_CREATION_FIELDS,
    discriminator: 'auto_creation.type',
    required: REQUIRED_AUTO_CREATION_FIELDS,
    insteadOfNull: 'to turn auto-creation off write auto_creation: {enabled: false}; to leave it unmanaged remove the key',
  },
  requiredOnCreate: ['address', 'type'],
  api: {
    product: 'conversations',
    collection: '/v1/Configuration/Addresses',
    listKey: 'address_configurations',
    maxPageSize: 50,
    keyInPath: true,
  },
  rateLimits: ADDRESS_CONFIGURATION_RATE_LIMITS,
  replaces: 'flex-flow',
} satisfies ResourceKind<AddressConfigurationFieldName, AutoCreationFieldName, AutoCreationType>);

/** In the order plans group them. */
export const KINDS: readonly ResourceKind[] = Object.freeze([FLEX_FLOW, ADDRESS_CONFIGURATION]);

export const DEFAULT_KIND: KindName = 'flex-flow';

export function kindNamed(name: KindName): ResourceKind {
  return KINDS.find((kind) => kind.name === name) as ResourceKind;
}
