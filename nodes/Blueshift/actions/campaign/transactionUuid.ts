import { createHash, randomUUID } from 'crypto';

import { UUID } from '../../helpers/rules';

/**
 * `transaction_uuid`, Blueshift's idempotency key for campaign triggers
 * (https://developer.blueshift.com/reference/post_api-v1-campaigns-execute): a
 * trigger whose key was already processed is answered 200 and sends no second message. It must be
 * a well-formed UUID.
 *
 * - Transaction UUID empty: the node derives one per run of the node and item, a UUID v5 of
 *   `<instance id>/<workflow id>/<execution id>/<node name>/<run index>/<item index>` in
 *   NODE_NAMESPACE, so every retry of the call (inside the node, or n8n's Retry On Fail, which keeps
 *   the run index) carries the same key, while a second run of the node in the same execution (a
 *   loop, an AI agent calling the tool again) and another n8n instance get keys of their own.
 * - Transaction UUID a UUID: sent as given.
 * - Transaction UUID any other text (a business key such as an order id): a UUID v5 of that text
 *   with the campaign's UUID as namespace, so the same key for the same campaign is the same
 *   trigger in every execution, and the same key for another campaign is another trigger.
 */

/** This node's namespace for the keys it derives itself (a random UUID, fixed once). */
export const NODE_NAMESPACE = '452e97e5-9e1e-4016-8d37-ff4f0839061b';

export const isUuid = (value: string) => UUID.test(value);

/** RFC 9562 UUID version 5: SHA-1 of the namespace's 16 bytes and the name's UTF-8 bytes. */
export function uuidV5(name: string, namespace: string): string {
	if (!isUuid(namespace)) throw new Error(`Not a UUID: ${namespace}`);
	const hash = createHash('sha1')
		.update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
		.update(Buffer.from(name, 'utf8'))
		.digest();
	const bytes = hash.subarray(0, 16);
	bytes[6] = (bytes[6] & 0x0f) | 0x50;
	bytes[8] = (bytes[8] & 0x3f) | 0x80;
	const hex = bytes.toString('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Where a run of the node stands: what makes a derived key unique to one trigger. */
export interface RunScope {
	instanceId: string;
	workflowId: string;
	executionId: string | undefined;
	nodeName: string;
	runIndex: number;
}

/** The key the node derives for an item when the user gives none. */
export function derivedTransactionUuid(scope: RunScope, item: number): string {
	if (!scope.executionId) return randomUUID(); // no execution id (never seen in n8n): still one per item and run
	const { instanceId, workflowId, executionId, nodeName, runIndex } = scope;
	return uuidV5(
		`${instanceId}/${workflowId}/${executionId}/${nodeName}/${runIndex}/${item}`,
		NODE_NAMESPACE,
	);
}

/** The key for what the user gave: a UUID as is, any other text as a name-based UUID in the campaign's namespace. */
export function transactionUuidOf(given: string, campaignUuid: string): string {
	return isUuid(given) ? given : uuidV5(given, campaignUuid);
}
