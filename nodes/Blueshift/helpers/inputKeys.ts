import type { IDataObject } from 'n8n-workflow';

/**
 * Key names the node refuses anywhere in what it sends. n8n's copies of parameters and request
 * bodies leave them out (n8n-workflow's deepCopy skips `reservedCopyKeys`), so a value so named
 * would be lost on its way to Blueshift, in some calls and not in others; and an own `__proto__`
 * key (JSON.parse makes one) turns into the object's prototype as soon as ordinary code copies it,
 * where a record would seem to hold fields it does not hold.
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
	'__proto__',
	'constructor',
	'prototype',
]);

/** A field's name (a custom attribute's, say) that is one of them. */
export const reservedNameRule = (label: string, key: string) =>
	`${label} name "${key}" cannot be sent: n8n drops the names __proto__, constructor and prototype from node parameters`;

/** A key at any depth of a value (an input item, a field's value) that is one of them. */
export const reservedKeyRule = (where: string, path: string) =>
	`${where} holds the key ${path}, which cannot be sent: keys named __proto__, constructor or prototype are refused at any depth (n8n drops them on the way to Blueshift, and __proto__ would be read as the object's prototype); rename it`;

/**
 * The path of the first own key with a reserved name at any depth of `value` (`car.constructor`,
 * `items[2].__proto__`), or undefined. Only own keys are looked at and the values are never read
 * through a prototype; it walks without recursion, so no nesting is too deep for it.
 */
export function reservedKeyIn(value: unknown): string | undefined {
	const stack: Array<[unknown, string]> = [[value, '']];
	const seen = new Set<object>();
	while (stack.length > 0) {
		const [current, path] = stack.pop() as [unknown, string];
		if (current === null || typeof current !== 'object' || seen.has(current)) continue;
		seen.add(current);
		if (Array.isArray(current)) {
			for (let k = current.length - 1; k >= 0; k--) stack.push([current[k], `${path}[${k}]`]);
			continue;
		}
		const keys = Object.keys(current);
		const reserved = keys.find((key) => RESERVED_NAMES.has(key));
		if (reserved !== undefined) return path ? `${path}.${reserved}` : reserved;
		for (let k = keys.length - 1; k >= 0; k--) {
			const key = keys[k];
			stack.push([(current as IDataObject)[key], path ? `${path}.${key}` : key]);
		}
	}
	return undefined;
}

/**
 * Bad input found while a field is read (ParameterReader): the runner makes the item's result of
 * it, naming the field and the rule, as for any other invalid item.
 */
export class InvalidInput extends Error {
	constructor(
		readonly field: string,
		readonly rule: string,
	) {
		super(rule);
	}
}
