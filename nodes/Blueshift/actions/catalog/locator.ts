import type { IExecuteFunctions } from 'n8n-workflow';

import { appUrl, uuidReader, type UuidObject } from '../../helpers/locator';

/**
 * The Catalog field: a resource locator over a catalog's UUID (helpers/locator.ts). Blueshift's
 * pages give a catalog's app URL as
 * https://app.getblueshift.com/dashboard#/app/catalogs/<CATALOG_UUID>/details ("Get catalog details").
 */
export const CATALOG: UuidObject = {
	parameter: 'catalog',
	label: 'Catalog',
	appPath: 'catalogs',
	example: 'dd0d2987-9e57-47d4-9380-8a3e959cbe8e',
	searchListMethod: 'searchCatalogs',
};

export const catalogAppUrl = (region: unknown, uuid: string) => appUrl(CATALOG, region, uuid);

export const catalogReader = (ctx: IExecuteFunctions) => uuidReader(ctx, CATALOG);
