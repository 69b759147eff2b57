import type { NodeConnectionType } from 'n8n-workflow';
import * as workflow from 'n8n-workflow';

/**
 * n8n's own name for the main connection, from whichever export the host's n8n-workflow has: the
 * object `NodeConnectionTypes` (n8n 1.8x and later, 2.x) or the older enum `NodeConnectionType`
 * (n8n 1.82 ships n8n-workflow 1.80, which has only the enum; importing `NodeConnectionTypes`
 * there leaves the node unloadable, "Unrecognized node type").
 */
type Connections = { Main: NodeConnectionType };
const host = workflow as unknown as {
	NodeConnectionTypes?: Connections;
	NodeConnectionType?: Connections;
};
export const NodeConnectionTypes: Connections = host.NodeConnectionTypes ??
	host.NodeConnectionType ?? { Main: 'main' as NodeConnectionType };
