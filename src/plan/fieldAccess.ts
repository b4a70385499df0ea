/**
 * Flow objects read into, and built from, arrays in field-table order, so the diff compares values
 * slot by slot. The table stays the only list of fields: nothing here names one.
 */

/** Stands for a key the object does not have (an absent key is "not managed", unlike null). */
export const ABSENT: unique symbol = Symbol('absent');

export interface FieldAccess {
  /** The object's own value of each field, in table order; ABSENT where it has no such key. */
  readonly read: (object: object) => unknown[];
  /** An object with the fields in table order, leaving out those whose value is ABSENT. */
  readonly build: (values: readonly unknown[]) => Record<string, unknown>;
}

export function fieldAccess(names: readonly string[]): FieldAccess {
  const read = (object: object): unknown[] => {
    const record = object as Readonly<Record<string, unknown>>;
    const values: unknown[] = new Array(names.length);
    for (let index = 0; index < names.length; index += 1) {
      const name = names[index] as string;
      values[index] = Object.hasOwn(record, name) ? record[name] : ABSENT;
    }
    return values;
  };
  const build = (values: readonly unknown[]): Record<string, unknown> => {
    const result: Record<string, unknown> = {};
    for (let index = 0; index < names.length; index += 1) {
      if (values[index] !== ABSENT) result[names[index] as string] = values[index];
    }
    return result;
  };
  return { read, build };
}
