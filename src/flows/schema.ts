import { INTEGRATION_FIELDS, REQUIRED_ON_CREATE, TOP_LEVEL_FIELDS } from '../model/flexFlow.js';
import { type FieldSpec, MAX_NAME_LENGTH, sidPattern } from '../model/field.js';
import { PACKAGE_VERSION } from '../version.js';

export type JsonSchema = Readonly<Record<string, unknown>>;

/**
 * Where the published package serves a schema file of this version. A schema's `$id` is this URL, so
 * that it resolves to the very schema once the version is on npm; before that (and offline) an
 * editor should reference the file in the repository by a relative path, as `export` writes it.
 */
export function publishedSchemaUrl(file: string, version: string = PACKAGE_VERSION): string {
  return `https://unpkg.com/flexflow-sync@${version}/schema/${file}`;
}

const FLOW_SCHEMA_ID = publishedSchemaUrl('flexflow.schema.json');
/** A value that is a `${NAME}` reference, which editors cannot resolve and must accept anywhere. */
const PLACEHOLDER_PATTERN = '\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}';

export interface FlowSchemaOptions {
  /**
   * Accept `${NAME}` in place of any value. On for the committed schema that editors read (they see
   * files before variables are resolved); off at run time, where values are checked after substitution.
   */
  readonly placeholders: boolean;
}

/** The JSON Schema of one flow document, derived from the field table in src/model/flexFlow.ts. */
export function buildFlowSchema(options: FlowSchemaOptions): JsonSchema {
  const property = (spec: FieldSpec): JsonSchema => {
    const schema = fieldSchema(spec, !REQUIRED_ON_CREATE.includes(spec.name));
    // The description stays outside anyOf: editors show hover help from the property itself.
    return { description: spec.description, ...(options.placeholders ? { anyOf: [schema, { type: 'string', pattern: PLACEHOLDER_PATTERN }] } : schema) };
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: FLOW_SCHEMA_ID,
    title: 'flexflow-sync flow',
    description: 'One Twilio Flex Flow. An omitted key is not managed; null manages the field as empty.',
    type: 'object',
    required: [...REQUIRED_ON_CREATE],
    additionalProperties: false,
    properties: {
      ...Object.fromEntries(TOP_LEVEL_FIELDS.map((spec) => [spec.name, property(spec)])),
      integration: {
        description: 'What integration_type needs: its fields apply to studio, external or task as each says. A change to any of them sends them all.',
        type: ['object', 'null'],
        additionalProperties: false,
        properties: Object.fromEntries(INTEGRATION_FIELDS.map((spec) => [spec.name, property(spec)])),
      },
      renamed_from: {
        description: 'Names this flow had before, so that a rename updates the flow instead of replacing it.',
        type: 'array',
        items: { type: 'string', minLength: 1, maxLength: MAX_NAME_LENGTH },
        uniqueItems: true,
      },
    },
  };
}

function fieldSchema(spec: FieldSpec, nullable: boolean): JsonSchema {
  const schema: Record<string, unknown> = { type: nullable ? [spec.type, 'null'] : spec.type };
  if (spec.name === 'friendly_name') schema.minLength = 1;
  if (spec.sidPrefix !== undefined) schema.pattern = sidPattern(spec.sidPrefix).source;
  if (spec.enum !== undefined) schema.enum = nullable ? [...spec.enum, null] : [...spec.enum];
  if (spec.minimum !== undefined) schema.minimum = spec.minimum;
  if (spec.maximum !== undefined) schema.maximum = spec.maximum;
  if (spec.maxLength !== undefined) schema.maxLength = spec.maxLength;
  return schema;
}
