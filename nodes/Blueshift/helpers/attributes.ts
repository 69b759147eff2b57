import type { IDataObject } from 'n8n-workflow';

import { RESERVED_NAMES, reservedNameRule } from './inputKeys';
import type { ParameterReader } from './parameters';
import { invalid, withoutEmpty, type Invalid } from './validation';

/** How one operation takes a list of `{ name, value }` attributes as top-level keys of its record. */
export interface AttributeRules {
	/** The fixedCollection parameter (`customAttributes`, `attributes`). */
	parameter: string;
	/** How a message names one: "Custom attribute", "Attribute". */
	label: string;
	/** The record's own fields: an attribute may not take their names. */
	owned: readonly string[];
	/** What a message says of an attribute named like one of them. */
	clash: (key: string) => string;
	/** Whether a value counts as not given (default: undefined, null or ""): it is not sent. */
	isEmpty?: (value: unknown) => boolean;
}

const notGiven = (value: unknown) => value === undefined || value === null || value === '';

/**
 * Adds item i's attributes to `record`, each under its trimmed name, or says which one is bad: a
 * value without a name, a name n8n would drop, a name of the record's own fields, a name given
 * twice. An attribute without name and value is skipped; one with a name and no value is not sent.
 */
export function addAttributes(
	params: ParameterReader,
	i: number,
	record: IDataObject,
	{ parameter, label, owned, clash, isEmpty = notGiven }: AttributeRules,
): Invalid | undefined {
	for (let n = 0; n < params.lengthOf(`${parameter}.attributes`); n++) {
		const name = params.get(`${parameter}.attributes[${n}].name`, i);
		const value = params.get(`${parameter}.attributes[${n}].value`, i);
		const key = typeof name === 'string' ? name.trim() : '';
		const field = `${parameter}[${n}].name`;
		const empty = isEmpty(value);
		if (!key && empty) continue;
		if (!key) return invalid(field, `${label} ${n + 1} has a value but no name`);
		if (RESERVED_NAMES.has(key)) return invalid(field, reservedNameRule(label, key));
		if (owned.includes(key)) return invalid(field, clash(key));
		if (Object.prototype.hasOwnProperty.call(record, key)) {
			return invalid(field, `${label} "${key}" is given twice`);
		}
		if (!empty) record[key] = value as IDataObject[string];
	}
	return undefined;
}

/**
 * Item i's record from its fields: the values given in `fields` (empty ones left out), its
 * Subscription Groups, then its attributes; or the attribute that is bad.
 */
export function fieldRecord(
	params: ParameterReader,
	i: number,
	fields: IDataObject,
	rules: AttributeRules,
): { ok: true; record: IDataObject } | Invalid {
	const record = withoutEmpty(fields);
	const groups = params.subscriptionGroups(i);
	if (groups) record.subscription_groups = groups;
	return addAttributes(params, i, record, rules) ?? { ok: true, record };
}
