import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { said } from '../../helpers/answer';
import { single, type Operation } from '../../helpers/operation';
import { Rejection } from '../../helpers/outcome';
import { asText, ParameterReader } from '../../helpers/parameters';
import { EMAIL_MAX_ELSEWHERE, identifyingEmail } from '../../helpers/rules';
import { run } from '../../helpers/runner';
import { validateRecord, withoutEmpty, type Validated } from '../../helpers/validation';
import { emailField } from '../shared/fields';
import { optionsField } from '../shared/options';
import { isProfile, READ_RETRY_ON, READ_RETRY_ONCE, refusedIn } from './common';
import { LIFECYCLE_RATE, show } from './fields';
import { asBoolean, choicesOf, withChoices } from './record';

const operation = ['search'];

const searchSchema = z.object({ email: identifyingEmail });

/** The record: `{ email }`, sent as the query string; Best Match Only beside it. */
function searchBuilder(ctx: IExecuteFunctions): (i: number) => Validated {
	const params = new ParameterReader(ctx);
	return (i) =>
		withChoices(
			validateRecord(
				searchSchema,
				withoutEmpty({ email: asText(params.get('email', i)) } as IDataObject),
			),
			{ bestMatchOnly: asBoolean(params.get('options.bestMatchOnly', i, false)) },
		);
}

/**
 * The profiles of a search answer. Blueshift answers `users` (every match) and `user` (the one it
 * calls most relevant; the same profile when only one matches). The best match is `user`; an answer
 * with matches but no `user` (not documented) takes the first of `users`. An empty answer, or
 * empty ones, is no match: the pages do not say how Blueshift answers an unknown email (a 404 or
 * an empty 200), so both are read as no match. A body that reports a failure, or holds neither key
 * but something else, is no search answer: the item says what came back.
 */
export function profilesOf(body: IDataObject, bestMatchOnly: boolean): IDataObject[] | Rejection {
	const refused = refusedIn(body, 'named', 'search results');
	if (refused) return refused;
	const { users, user } = body;
	const hasUsers = Array.isArray(users);
	// neither key, in a body that holds something else: not a search answer (empty: no match)
	const neither = users === undefined && user === undefined && Object.keys(body).length > 0;
	if (
		neither ||
		(users !== undefined && !hasUsers) ||
		(user !== undefined && user !== null && !isProfile(user))
	) {
		return new Rejection(
			`Blueshift's search answer is not in the documented shape (it said: ${said(body)})`,
			'Expected "users" as a list of profiles and "user" as one profile. Run the item again; if it persists, contact Blueshift support.',
		);
	}
	const all = hasUsers ? (users as unknown[]).filter(isProfile) : [];
	const best = isProfile(user) && Object.keys(user).length > 0 ? user : all[0];
	if (bestMatchOnly) return best ? [best] : [];
	if (all.length > 0) return all;
	return best ? [best] : [];
}

/**
 * GET /api/v1/customers?email=, one call per item; one output item per profile found, paired to
 * its item (https://developer.blueshift.com/reference/get_api-v1-customers).
 */
export const search: Operation = {
	family: 'customers',
	readOnly: true,
	rate: { option: 'callsPerSecond', default: 50 },
	retryOn: READ_RETRY_ON,
	retryOnce: READ_RETRY_ONCE,
	build: searchBuilder,
	request: ([record]) => ({
		method: 'GET',
		path: '/api/v1/customers',
		qs: { email: record.email },
	}),
	settle: single((body, record) => profilesOf(body, choicesOf(record).bestMatchOnly === true)),
	// no match may come as a 404 (not documented either way; a second one, see READ_RETRY_ONCE): no item, not an error
	failure: (answer) => (answer.status === 404 ? [[]] : undefined),
};

export const description: INodeProperties[] = [
	emailField(
		show(operation),
		{
			of: 'the customers to find',
			emailMax: EMAIL_MAX_ELSEWHERE,
			rule: 'Blueshift searches by email only (not by customer_id); several profiles can share one email',
		},
		true,
	),
	optionsField(show(operation), search, {
		...LIFECYCLE_RATE,
		onceNote: 'a second 404 means no customer matched',
		extra: [
			{
				displayName: 'Best Match Only',
				name: 'bestMatchOnly',
				type: 'boolean',
				default: false,
				description:
					'Whether to output only the profile Blueshift marks as the most relevant match, instead of one item per matching profile',
			},
		],
	}),
];

export async function execute(this: IExecuteFunctions) {
	return await run(this, search);
}
