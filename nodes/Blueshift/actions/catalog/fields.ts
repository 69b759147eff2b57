import type { INodeProperties } from 'n8n-workflow';

import { uuidLocatorField } from '../../helpers/locator';
import type { Operation } from '../../helpers/operation';
import { attributesField, dataModeField } from '../shared/fields';
import { optionsField } from '../shared/options';
import { CATALOG } from './locator';

/**
 * UI fields of the catalog operations. Each builder takes the operations the field is shown for,
 * so every operation file lists exactly what it displays.
 */

export const show = (operation: string[], extra: Record<string, Array<string | boolean>> = {}) => ({
	show: { resource: ['catalog'], operation, ...extra },
});

/** Blueshift takes at most this many products in one call (413 beyond). */
export const MAX_PRODUCTS = 100;

/**
 * No rate is documented for the catalog endpoints: the node's own default, 5 calls per second,
 * the figure Blueshift recommends for its other bulk writes (customers, events). See docs/catalog.md.
 */
export const CATALOG_CALLS_PER_SECOND = 5;

/** The catalog as a resource locator: From List (searchable), By UUID, By URL. */
export const catalogField = (operation: string[]): INodeProperties =>
	uuidLocatorField(CATALOG, show(operation), 'The Blueshift catalog to use');

const requiredText = (
	operation: string[],
	displayName: string,
	name: string,
	description: string,
	placeholder: string,
): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	required: true,
	default: '',
	placeholder,
	description,
	displayOptions: show(operation, { dataMode: ['defineBelow'] }),
});

/** The product fields: Define Below (the page's required fields, then the optional ones) or Auto-Map. */
export const productFields = (operation: string[]): INodeProperties[] => {
	const defineBelow = show(operation, { dataMode: ['defineBelow'] });
	return [
		dataModeField(
			show(operation),
			'Send each input item as the product; its keys must be named as Blueshift names them (product_id, title, image, web_link, availability, category, ...)',
		),
		requiredText(
			operation,
			'Product ID',
			'productId',
			'Your unique ID of the product (product_id), at most 64 characters: the ID your events send in product_ids',
			'PROD123456',
		),
		requiredText(
			operation,
			'Title',
			'title',
			'Title of the product, at most 255 characters',
			'Premium Laptop 15-inch',
		),
		requiredText(
			operation,
			'Image URL',
			'image',
			'Link to the image of the product (image), at most 500 characters',
			'https://example.com/images/product.jpg',
		),
		requiredText(
			operation,
			'Web Link',
			'webLink',
			'URL of the product on your site (web_link), at most 500 characters',
			'https://example.com/products/laptop-001',
		),
		requiredText(
			operation,
			'Availability',
			'availability',
			'Availability of the product, e.g. in_stock',
			'in_stock',
		),
		requiredText(
			operation,
			'Category',
			'category',
			'Categories from the root of the taxonomy: a list from an expression, or text separated by commas',
			'Electronics, Electronics > Laptops',
		),
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: defineBelow,
			options: [
				{ displayName: 'Brand', name: 'brand', type: 'string', default: '' },
				{
					displayName: 'Latitude',
					name: 'latitude',
					type: 'string',
					default: '',
					placeholder: '40.7128',
					description: 'Latitude of the product location, between -90 and 90',
				},
				{
					displayName: 'Longitude',
					name: 'longitude',
					type: 'string',
					default: '',
					placeholder: '-74.0060',
					description: 'Longitude of the product location, between -180 and 180',
				},
				{
					displayName: 'MSRP',
					name: 'msrp',
					type: 'string',
					default: '',
					placeholder: '999.99',
					description: 'Suggested retail price, a number without currency symbol',
				},
				{
					displayName: 'Parent SKU',
					name: 'parentSku',
					type: 'string',
					default: '',
					description: 'SKU that ties the variants of a product together (parent_sku)',
				},
				{
					displayName: 'Price',
					name: 'price',
					type: 'string',
					default: '',
					placeholder: '899.99',
					description: 'Selling price, a number without currency symbol',
				},
				{
					displayName: 'Tags',
					name: 'tags',
					type: 'string',
					default: '',
					placeholder: 'bestseller, premium',
					description:
						'Collections the product belongs to: a list from an expression, or text separated by commas',
				},
			],
		},
		attributesField(defineBelow, {
			name: 'customAttributes',
			displayName: 'Custom Attributes',
			description: "Sent as top-level keys of the product (your catalog's own columns)",
			nameDescription: 'Attribute name as your catalog knows it; must not be a standard field',
		}),
	];
};

/** The Options collection: Batch Size where `op` batches; every catalog call is paced alike. */
export const catalogOptionsField = (operation: string[], op: Operation): INodeProperties =>
	optionsField(show(operation), op, {
		batch: `Products per call; Blueshift takes at most ${MAX_PRODUCTS}`,
		rate: 'Pace of calls. Blueshift documents no rate for catalogs; 5 per second is its recommendation for the other bulk writes, and every execution on the same account shares it. Lower it when Blueshift answers 429.',
	});
