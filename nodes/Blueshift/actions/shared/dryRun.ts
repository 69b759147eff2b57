import type { INodeProperties } from 'n8n-workflow';

/**
 * The Dry Run option of every operation that writes (helpers/dryRun.ts runs it), and the notice
 * the panel shows while it is on, so that nobody leaves it on by mistake
 * (https://docs.n8n.io/integrations/creating-nodes/build/reference/ui-elements/#notice). The notice
 * names the option by its path from the root, `/options.dryRun`: n8n 1.82 cannot order a parameter
 * that depends on `options.dryRun` ("Could not resolve parameter dependencies") and every run fails.
 */

export const dryRunOption: INodeProperties = {
	displayName: 'Dry Run (Send Nothing)',
	name: 'dryRun',
	type: 'boolean',
	default: false,
	description:
		'Whether to only validate each item and output the request a real run would send (method, URL, query, JSON body, and for bulk operations its call), sending nothing to Blueshift',
};

/** The names of the operations whose Options collection offers Dry Run, from their fields. */
function writeOperations(properties: INodeProperties[]): string[] {
	const names = properties
		.filter((p) => p.name === 'options' && p.options?.some((o) => o.name === dryRunOption.name))
		.flatMap((p) => (p.displayOptions?.show?.operation ?? []) as string[]);
	return [...new Set(names)];
}

/** The notice shown above an operation's fields while its Dry Run option is on. */
export const dryRunNotice = (properties: INodeProperties[]): INodeProperties => ({
	displayName:
		'Dry Run is on: this node sends nothing to Blueshift. Each item comes out with the request a real run would send. Turn off Dry Run in Options to send.',
	name: 'dryRunNotice',
	type: 'notice',
	default: '',
	displayOptions: {
		show: { operation: writeOperations(properties), '/options.dryRun': [true] },
	},
});
