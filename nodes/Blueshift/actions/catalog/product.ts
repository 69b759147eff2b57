import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { z } from 'zod';

import { asText, ParameterReader } from '../../helpers/parameters';
import { invalid, withoutEmpty, type Validated } from '../../helpers/validation';
import { RESERVED_NAMES, reservedNameRule } from '../../helpers/inputKeys';
import { catalogReader } from './locator';

/**
 * A product of Add or Update Items, as Blueshift's "Add items to a catalog" page states it
 * (developer.blueshift.com, PUT /api/v1/catalogs/{catalog_uuid}.json): image, product_id, title,
 * web_link, availability and category required; product_id at most 64 characters, title 255,
 * image and web_link 500; msrp and price numbers without currency symbol; latitude within -90..90,
 * longitude -180..180; category and tags lists of text; any other key is the catalog's own column.
 * The page types product_id, prices and coordinates as text: numbers given for them go out as text.
 */

export const PRODUCT_ID_MAX = 64;
export const TITLE_MAX = 255;
export const LINK_MAX = 500;

/** The fields the page names; a custom attribute may not take one of these names. */
export const PRODUCT_FIELDS: Record<string, string> = {
	product_id: 'Product ID',
	title: 'Title',
	image: 'Image URL',
	web_link: 'Web Link',
	availability: 'Availability',
	category: 'Category',
	brand: 'Brand',
	msrp: 'MSRP',
	price: 'Price',
	tags: 'Tags',
	parent_sku: 'Parent SKU',
	latitude: 'Latitude',
	longitude: 'Longitude',
};

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const AS_TEXT = ['product_id', 'msrp', 'price', 'latitude', 'longitude'];

const text = () => z.string({ invalid_type_error: 'must be text', required_error: 'is required' });
const required = (max?: number) => {
	const filled = text().trim().min(1, 'is required');
	return max ? filled.max(max, `must be at most ${max} characters`) : filled;
};
const numeric = () =>
	text().trim().regex(NUMBER, 'must be a number without currency symbol, e.g. 899.99');
const coordinate = (limit: number) =>
	numeric().refine(
		(value) => !NUMBER.test(value) || Math.abs(Number(value)) <= limit,
		`must be between -${limit} and ${limit}`,
	);
const list = () =>
	z.array(text().trim().min(1, 'must not be empty'), {
		invalid_type_error: 'must be a list of text',
		required_error: 'is required',
	});

export const productSchema = z
	.object({
		product_id: required(PRODUCT_ID_MAX),
		title: required(TITLE_MAX),
		image: required(LINK_MAX),
		web_link: required(LINK_MAX),
		availability: required(),
		category: list().min(1, 'must hold at least one category'),
		brand: text().optional(),
		msrp: numeric().optional(),
		price: numeric().optional(),
		tags: list().optional(),
		parent_sku: text().optional(),
		latitude: coordinate(90).optional(),
		longitude: coordinate(180).optional(),
	})
	.passthrough();

/** Validates a product; a failure names every field and rule, the first one as `field`. */
export function validateProduct(product: IDataObject): Validated {
	for (const key of AS_TEXT) {
		const value = product[key];
		if (typeof value === 'number' && Number.isFinite(value)) product[key] = String(value);
	}
	const parsed = productSchema.safeParse(product);
	if (parsed.success) return { ok: true, record: parsed.data as IDataObject };
	const issues = parsed.error.issues.map((issue) => {
		const top = String(issue.path[0] ?? 'product');
		const field = issue.path
			.map((part) => (typeof part === 'number' ? `[${part}]` : part))
			.join('.')
			.replace(/\.\[/g, '[');
		return {
			field: field || 'product',
			rule: `${PRODUCT_FIELDS[top] ? `${PRODUCT_FIELDS[top]} (${field})` : field} ${issue.message}`,
		};
	});
	return {
		ok: false,
		field: issues[0].field,
		rule: issues[0].rule,
		message: issues.map((i) => i.rule).join('; '),
	};
}

/** A list field from Define Below: a list as given, or text split at commas. */
function listOf(value: unknown): unknown {
	if (typeof value === 'string')
		return value
			.split(',')
			.map((part) => part.trim())
			.filter(Boolean);
	return value;
}

/** Additional Fields: UI name -> Blueshift name and how to read it. */
const ADDITIONAL: Record<string, [string, (value: unknown) => unknown]> = {
	brand: ['brand', asText],
	latitude: ['latitude', asText],
	longitude: ['longitude', asText],
	msrp: ['msrp', asText],
	parentSku: ['parent_sku', asText],
	price: ['price', asText],
	tags: ['tags', listOf],
};

function fromFields(params: ParameterReader, i: number): Validated {
	const fields: IDataObject = {
		product_id: asText(params.get('productId', i)) as string,
		title: asText(params.get('title', i)) as string,
		image: asText(params.get('image', i)) as string,
		web_link: asText(params.get('webLink', i)) as string,
		availability: asText(params.get('availability', i)) as string,
		category: listOf(params.get('category', i)) as string[],
	};
	for (const key of params.keysOf('additionalFields')) {
		const known = ADDITIONAL[key];
		if (known)
			fields[known[0]] = known[1](params.get(`additionalFields.${key}`, i)) as IDataObject[string];
	}
	const product = withoutEmpty(fields);
	if (Array.isArray(product.tags) && product.tags.length === 0) delete product.tags;
	const count = params.lengthOf('customAttributes.attributes');
	for (let n = 0; n < count; n++) {
		const name = params.get(`customAttributes.attributes[${n}].name`, i);
		const value = params.get(`customAttributes.attributes[${n}].value`, i);
		const key = typeof name === 'string' ? name.trim() : '';
		const field = `customAttributes[${n}].name`;
		const empty = value === undefined || value === null || value === '';
		if (!key && empty) continue;
		if (!key) return invalid(field, `Custom attribute ${n + 1} has a value but no name`);
		if (RESERVED_NAMES.has(key)) return invalid(field, reservedNameRule('Custom attribute', key));
		if (PRODUCT_FIELDS[key]) {
			return invalid(
				field,
				`Custom attribute "${key}" collides with the standard field ${key}: set it in its own field`,
			);
		}
		if (Object.prototype.hasOwnProperty.call(product, key))
			return invalid(field, `Custom attribute "${key}" is given twice`);
		if (!empty) product[key] = value as IDataObject[string];
	}
	return validateProduct(product);
}

/**
 * Builds item i's product and validates it; `group` is the catalog's UUID, so products of different
 * catalogs never share a call.
 */
export function productBuilder(ctx: IExecuteFunctions): (i: number) => Validated {
	const params = new ParameterReader(ctx);
	const catalogOf = catalogReader(ctx);
	return (i) => {
		const catalog = catalogOf(i);
		if ('rule' in catalog) return invalid('catalog', catalog.rule);
		const product =
			params.get('dataMode', i, 'defineBelow') === 'autoMapInputData'
				? validateProduct(withoutEmpty({ ...(ctx.getInputData()[i]?.json ?? {}) }))
				: fromFields(params, i);
		return product.ok ? { ...product, group: catalog.uuid } : product;
	};
}
