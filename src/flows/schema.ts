import { type FieldSpec, MAX_NAME_LENGTH, sidPattern } from '../model/field.js';
import type { ResourceKind } from '../model/kind.js';
import { DEFAULT_KIND, KINDS } from '../model/kinds.js';
import { nameFieldsOf } from '../model/nameFields.js';
import { type JsonSchema, publishedSchemaUrl } from '../source/jsonSchema.js';
import { discriminatorSpec, keyIsFixed, migratedFromKey } from './fields.js';

/**
 * The schema files files point at: `flexflow.schema.json` takes every kind (a file may hold documents
 * of several, and files written before kinds existed reference it), one file per kind beside it.
 */
export const EDITOR_SCHEMA_FILE = 'flexflow.schema.json';
export const kindSchemaFile = (kind: ResourceKind): string => `${kind.name}.schema.json`;

/** A value that is a `${NAME}` reference, which editors cannot resolve and must accept anywhere. */
const PLACEHOLDER_PATTERN = '\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}';

export interface FlowSchemaOptions {
  /**
   * Accept `${NAME}` in place of any value, and any case of a case-insensitive value. On for the
   * committed schema that editors read (they see files before variables are resolved); off at run
   * time, where values are checked after substitution and lower-casing.
   */
  readonly placeholders: boolean;
}

/** `sms` → `[sS][mM][sS]`: JSON Schema patterns have no flags, and editors should accept `SMS`. */
function anyCasePattern(values: readonly string[]): string {
  const letters = (value: string): string =>
    [...value]
      .map((c) =>
        c.toLowerCase() === c.toUpperCase() ? c.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&') : `[${c.toLowerCase()}${c.toUpperCase()}]`,
      )
      .join('');
  return `^(?:${values.map(letters).join('|')})$`;
}

/** The JSON Schema of one document of `kind`, derived from its field table (src/model/kinds.ts). */
export function buildKindSchema(kind: ResourceKind, options: FlowSchemaOptions): JsonSchema {
  const property = (spec: FieldSpec, inGroup: boolean): JsonSchema => {
    // A group field is never required on create (`auto_creation.type` is not the top-level `type`).
    const nullable = inGroup || !kind.requiredOnCreate.includes(spec.name);
    const schema = fieldSchema(spec, nullable, !inGroup && (spec.name === kind.key || spec.name === 'friendly_name'));
    if (!options.placeholders) return { description: spec.description, ...schema };
    const anyCase =
      spec.caseInsensitive === true && spec.enum !== undefined && spec.type === 'string'
        ? [{ type: 'string', pattern: anyCasePattern(spec.enum) }]
        : [];
    // The description stays outside anyOf: editors show hover help from the property itself.
    return { description: spec.description, anyOf: [schema, ...anyCase, { type: 'string', pattern: PLACEHOLDER_PATTERN }] };
  };
  // A name field (issue 20) is text that names a resource, resolved at plan time; only its shape is checked here.
  const nameProperty = (sid: FieldSpec): [string, JsonSchema][] => {
    if (sid.lookup === undefined) return [];
    const schema = { type: 'string', minLength: 1, maxLength: MAX_NAME_LENGTH };
    const value = options.placeholders ? { anyOf: [schema, { type: 'string', pattern: PLACEHOLDER_PATTERN }] } : schema;
    return [[sid.lookup.nameField, { description: sid.lookup.description, ...value }]];
  };
  const properties = (specs: readonly FieldSpec[], inGroup: boolean): JsonSchema =>
    Object.fromEntries(specs.flatMap((spec) => [[spec.name, property(spec, inGroup)] as [string, JsonSchema], ...nameProperty(spec)]));
  // A required SID field may be given by its name instead: the rules check that one of them is there
  // (an `anyOf` of two `required` would word the error twice, and strict Ajv refuses it).
  const byName = new Set(nameFieldsOf(kind).map((field) => field.sidPath));
  const required = kind.requiredOnCreate.filter((name) => !byName.has(name));
  const discriminator = discriminatorSpec(kind);
  const isDefault = kind.name === DEFAULT_KIND;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: publishedSchemaUrl(kindSchemaFile(kind)),
    title: `flexflow-sync ${kind.noun}`,
    description: `One ${kind.noun} (kind: ${kind.name}). An omitted key is not managed; null manages the field as empty.`,
    type: 'object',
    required: [...(isDefault ? [] : ['kind']), ...required],
    additionalProperties: false,
    properties: {
      kind: {
        description: isDefault
          ? `The resource kind: ${kind.name}, also when kind is left out.`
          : `The resource kind: ${kind.name} (required: a document without kind is a ${DEFAULT_KIND}).`,
        const: kind.name,
      },
      ...properties(kind.fields, false),
      [kind.group.name]: {
        description:
          `What ${kind.group.discriminator} needs: each field applies to the ${kind.group.discriminator} values it names (${(discriminator.enum ?? []).join(', ')}).` +
          (kind.group.insteadOfNull === undefined ? '' : ` Not null: ${kind.group.insteadOfNull}.`),
        type: kind.group.insteadOfNull === undefined ? ['object', 'null'] : 'object',
        additionalProperties: false,
        properties: properties(kind.group.fields, true),
      },
      ...(keyIsFixed(kind)
        ? {}
        : {
            renamed_from: {
              description: `Names this ${kind.noun} had before, so that a rename updates the ${kind.noun} instead of replacing it.`,
              type: 'array',
              items: { type: 'string', minLength: 1, maxLength: MAX_NAME_LENGTH },
              uniqueItems: true,
            },
          }),
      ...migratedFromProperty(kind),
    },
  };
}

function migratedFromProperty(kind: ResourceKind): JsonSchema {
  const key = migratedFromKey(kind);
  if (key === undefined) return {};
  const description = `The ${kind.replaces} this ${kind.noun} replaces, by name (written by flexflow-sync migrate); never sent to Twilio.`;
  return {
    migrated_from: {
      description,
      type: 'object',
      additionalProperties: false,
      required: [key],
      properties: { [key]: { description, type: 'string', minLength: 1, maxLength: MAX_NAME_LENGTH } },
    },
  };
}

/**
 * The schema editors read: any kind, chosen by `kind` (absent: a Flex Flow). Each kind's schema is
 * embedded, so that the file works offline and alone.
 */
export function buildEditorSchema(): JsonSchema {
  const definitions = Object.fromEntries(
    KINDS.map((kind) => {
      // Embedded without $schema and $id: they belong to the file that holds them.
      const schema: Record<string, unknown> = { ...buildKindSchema(kind, { placeholders: true }) };
      delete schema.$schema;
      delete schema.$id;
      return [kind.name, schema];
    }),
  );
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: publishedSchemaUrl(EDITOR_SCHEMA_FILE),
    title: 'flexflow-sync resource',
    description: `One resource; its kind key says which: ${KINDS.map((kind) => kind.name).join(' or ')} (without kind: ${DEFAULT_KIND}).`,
    definitions,
    oneOf: KINDS.map((kind) => ({ $ref: `#/definitions/${kind.name}` })),
  };
}

function fieldSchema(spec: FieldSpec, nullable: boolean, nonEmpty: boolean): Record<string, unknown> {
  const type = spec.type === 'string-set' ? 'array' : spec.type;
  const schema: Record<string, unknown> = { type: nullable ? [type, 'null'] : type };
  if (spec.type === 'string-set') {
    // Repeats are refused rather than folded: a file should say what it means, and a set holds each event once.
    schema.items = { type: 'string', ...(spec.enum === undefined ? {} : { enum: [...spec.enum] }) };
    schema.uniqueItems = true;
    return schema;
  }
  if (nonEmpty) schema.minLength = 1;
  if (spec.sidPrefix !== undefined) schema.pattern = sidPattern(spec.sidPrefix).source;
  if (spec.pattern !== undefined) schema.pattern = spec.pattern;
  if (spec.enum !== undefined) schema.enum = nullable ? [...spec.enum, null] : [...spec.enum];
  if (spec.minimum !== undefined) schema.minimum = spec.minimum;
  if (spec.maximum !== undefined) schema.maximum = spec.maximum;
  if (spec.maxLength !== undefined) schema.maxLength = spec.maxLength;
  return schema;
}
