// Reading a plan's resource changes: what an action does, and the values before it as Terraform's state has
// them. A value the state lacks (an older provider's, or UNKNOWN) is not known; a null is the API's default,
// which the caller states.
import { asBool, asNumber, asString, UNKNOWN, type PlanObject, type ResourceChange, type Value } from '../api';

/** Whether the plan destroys the object: a delete, or a replacement in either order. `forget` keeps it. */
export function destroys(change: ResourceChange): boolean {
  return change.actions.includes('delete');
}

/** A replacement and its order: the old object first (`delete-first`), or the new one first (`create-first`). */
export function replacementOrder(change: ResourceChange): 'delete-first' | 'create-first' | undefined {
  const [first, second] = change.actions;
  if (first === 'delete' && second === 'create') return 'delete-first';
  if (first === 'create' && second === 'delete') return 'create-first';
  return undefined;
}

/** `deletes aws_x.y` or `replaces aws_x.y`: what the plan does, for messages. */
export function actionText(change: ResourceChange): string {
  return `${replacementOrder(change) ? 'replaces' : 'deletes'} ${change.address}`;
}

/** An attribute of a plan object; undefined when it is absent or not known. */
export function attributeOf(values: PlanObject | null, name: string): Value | undefined {
  if (!values || !Object.prototype.hasOwnProperty.call(values, name)) return undefined;
  const value = values[name]!;
  return value === UNKNOWN ? undefined : value;
}

/** A bool attribute; `whenNull` where the state holds null (the API's default); undefined when not known. */
export function boolAt(values: PlanObject | null, name: string, whenNull: boolean | undefined): boolean | undefined {
  const value = attributeOf(values, name);
  return value === null ? whenNull : value === undefined ? undefined : asBool(value);
}

/** A number attribute; `whenNull` where the state holds null; undefined when not known. */
export function numberAt(values: PlanObject | null, name: string, whenNull: number | undefined): number | undefined {
  const value = attributeOf(values, name);
  return value === null ? whenNull : value === undefined ? undefined : asNumber(value);
}

/** A string attribute, `''` for null; undefined when not known. */
export function stringAt(values: PlanObject | null, name: string): string | undefined {
  const value = attributeOf(values, name);
  return value === null ? '' : value === undefined ? undefined : asString(value);
}

/** The first element of a nested block attribute (a list of objects), `null` when the list is empty. */
export function firstBlock(values: PlanObject | null, name: string): PlanObject | null | undefined {
  const value = attributeOf(values, name);
  if (value === null || (Array.isArray(value) && value.length === 0)) return null;
  if (!Array.isArray(value)) return undefined;
  const first = (value as readonly Value[])[0];
  return first !== null && typeof first === 'object' && !Array.isArray(first) ? (first as PlanObject) : undefined;
}

/** `a, b and c`. */
export function listInWords(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
