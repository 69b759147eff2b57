import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { ParameterReader } from '../../helpers/parameters';
import { identifiersSchema } from '../../helpers/rules';
import { invalid, validateRecord, type Validated } from '../../helpers/validation';
import { listReader } from './locator';

const KEYS = ['email', 'customer_id'] as const;

/**
 * Builds and validates item i's record, `{ list_id, identifier_key, identifier_value }`; `group`
 * keeps lists (and keys) apart, since a call names one list and one key.
 */
export function listBuilder(ctx: IExecuteFunctions): (i: number) => Validated {
	const params = new ParameterReader(ctx);
	const listOf = listReader(ctx);
	return (i) => {
		const list = listOf(i);
		if ('rule' in list) return invalid(list.field, list.rule);
		const listId = list.id;
		const key = params.get('identifierKey', i, 'email');
		const rawValue = params.get('identifierValue', i);
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
