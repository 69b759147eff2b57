import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { ParameterReader } from '../../helpers/parameters';
import { identifiersSchema } from '../../helpers/rules';
import { invalid, validateRecord, type Validated } from '../../helpers/validation';

const KEYS = ['email', 'customer_id'] as const;

/** The list ID as the path takes it: a positive integer (given as a number or as digits). */
function listIdOf(value: unknown): number | undefined {
	const text =
		typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (!/^[1-9]\d{0,15}$/.test(text)) return undefined;
	const id = Number(text);
	return Number.isSafeInteger(id) ? id : undefined;
}

/**
 * Builds and validates item i's record, `{ list_id, identifier_key, identifier_value }`; `group`
 * keeps lists (and keys) apart, since a call names one list and one key.
 */
export function listBuilder(ctx: IExecuteFunctions): (i: number) => Validated {
	const params = new ParameterReader(ctx);
	return (i) => {
		const rawList = params.get('listId', i);
		const key = params.get('identifierKey', i, 'email');
		const rawValue = params.get('identifierValue', i);
		const listId = listIdOf(rawList);
		if (listId === undefined) {
			return invalid(
				'listId',
				`List ID (list_id) must be the list's number, e.g. 52817 (got ${JSON.stringify(rawList ?? '').slice(0, 60)})`,
			);
		}
		if (!(KEYS as readonly unknown[]).includes(key)) {
			return invalid(
				'identifierKey',
				`Identifier Key (identifier_key) must be email or customer_id (got ${JSON.stringify(key).slice(0, 40)})`,
			);
		}
		const value =
			typeof rawValue === 'number' && Number.isFinite(rawValue)
				? String(rawValue)
				: typeof rawValue === 'string'
					? rawValue.trim()
					: rawValue;
		if (value === undefined || value === null || value === '') {
			return invalid(
				'identifierValue',
				`Identifier Value (identifier_value) is required: the customer's ${key === 'email' ? 'email' : 'customer ID'}`,
			);
		}
		if (typeof value !== 'string') {
			return invalid(
				'identifierValue',
				'Identifier Value (identifier_value) must be text or a number',
			);
		}
		if (key === 'email') {
			const checked = validateRecord(identifiersSchema, { email: value });
			if (!checked.ok) {
				return invalid(
					'identifierValue',
					`Identifier Value (identifier_value) is not a valid email for Identifier Key "email": ${checked.rule}`,
				);
			}
		}
		const record: IDataObject = {
			list_id: listId,
			identifier_key: key as string,
			identifier_value: value,
		};
		return { ok: true, record, group: `${listId}:${key as string}` };
	};
}
