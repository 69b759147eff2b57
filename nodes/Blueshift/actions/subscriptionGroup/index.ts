import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../router';

/** The operations of this resource, by the value workflows store. */
export const operations: Record<string, OperationModule> = {};

export const description: INodeProperties[] = [];
