import type { FieldLookup, FieldSpec } from './field.js';
import type { ResourceKind } from './kind.js';

/** A name field of a kind (issue 20), as the field table declares it on the SID field it stands for. */
export interface NameField {
  /** The group both fields are in (`integration`); absent: the top level. */
  readonly group?: string;
  /** The SID field the name resolves to. */
  readonly sid: FieldSpec;
  readonly lookup: FieldLookup;
  /** `chat_service_sid`, `integration.flow_sid`. */
  readonly sidPath: string;
  /** `chat_service`, `integration.studio_flow`. */
  readonly namePath: string;
}

const NAME_FIELDS = new Map<ResourceKind, readonly NameField[]>();

/** Every name field of `kind`, top level first, in the table's order; worked out once per kind. */
export function nameFieldsOf(kind: ResourceKind): readonly NameField[] {
  let fields = NAME_FIELDS.get(kind);
  if (fields === undefined) {
    const of = (specs: readonly FieldSpec[], group?: string): NameField[] =>
      specs.flatMap((sid) => {
        if (sid.lookup === undefined) return [];
        const prefix = group === undefined ? '' : `${group}.`;
        return [
          {
            ...(group === undefined ? {} : { group }),
            sid,
            lookup: sid.lookup,
            sidPath: `${prefix}${sid.name}`,
            namePath: `${prefix}${sid.lookup.nameField}`,
          },
        ];
      });
    fields = Object.freeze([...of(kind.fields), ...of(kind.group.fields, kind.group.name)]);
    NAME_FIELDS.set(kind, fields);
  }
  return fields;
}

/** The name field that stands for the SID field at `sidPath`, if the table gives one. */
export function nameFieldFor(kind: ResourceKind, sidPath: string): NameField | undefined {
  return nameFieldsOf(kind).find((field) => field.sidPath === sidPath);
}
