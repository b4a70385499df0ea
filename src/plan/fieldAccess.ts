/**
 * Reading and building flow objects through the field table at the speed of hand-written code.
 * A loop doing `object[spec.name]` makes every property access in it megamorphic (~25 ns each in
 * V8); the functions here are compiled once from the table, so each access names its property
 * and stays fast. At 10,000 flows that was most of a plan's time. The table stays the only list
 * of fields: nothing here names one.
 */

/** Stands for a key the object does not have (an absent key is "not managed", unlike null). */
export const ABSENT: unique symbol = Symbol('absent');

export interface FieldAccess {
  /** The object's own value of each field, in table order; ABSENT where it has no such key. */
  readonly read: (object: object) => unknown[];
  /** An object with the fields in table order, leaving out those whose value is ABSENT. */
  readonly build: (values: readonly unknown[]) => Record<string, unknown>;
}

const FIELD_NAME = /^[a-z][a-z_]*$/;

/** `"name"` as a property key in generated code (names are checked, quoting is belt and braces). */
function key(name: string): string {
  // Not a property every object inherits, so that for plain data `k in object` means an own key (see read).
  if (!FIELD_NAME.test(name) || name in Object.prototype) throw new Error(`field name ${JSON.stringify(name)} is not a plain identifier`);
  return JSON.stringify(name);
}

/** A function from generated source that sees only ABSENT. */
function compile<T>(source: string): T {
  // The source is built from the checked field names of the table only, never from input.
  return new Function('absent', `return ${source};`)(ABSENT) as T;
}

export function compileFieldAccess(names: readonly string[]): FieldAccess {
  const keys = names.map(key);
  // A present value needs one load; `in` (an inline cache hit, unlike an Object.hasOwn call) only
  // tells an absent key from an explicit undefined.
  const reads = keys.map((k) => `object[${k}] !== undefined ? object[${k}] : ${k} in object ? undefined : absent`);
  const stores = keys.map((k, index) => `if (values[${index}] !== absent) result[${k}] = values[${index}];`);
  const read = compile<FieldAccess['read']>(`(object) => [${reads.join(', ')}]`);
  const build = compile<FieldAccess['build']>(`(values) => { const result = {}; ${stores.join(' ')} return result; }`);
  return { read, build };
}
