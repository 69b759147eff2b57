import type {
	IDataObject,
	IExecuteFunctions,
	INodeParameters,
	NodeParameterValueType,
} from 'n8n-workflow';

import { InvalidInput, reservedKeyIn, reservedKeyRule } from './inputKeys';

/**
 * Reads the node's parameters item by item. A parameter that is exactly `={{ $json.path }}` (dots
 * and ['quoted'] keys only) is read straight from the item's JSON, which is what n8n's expression
 * engine returns for it; anything else goes through `getNodeParameter`. n8n spends about 0.5 ms per
 * item resolving even the simplest expression (see shared notes and `npm run bench`), which for
 * Bulk Upsert is most of the node's CPU time; reading the value directly costs microseconds.
 *
 * None of this node's parameters declares a `validateType`, so n8n passes their expression results
 * through unchanged (it only rewrites dates inside objects); a plain value that is no expression is
 * returned as it is, as n8n would.
 */
const SIMPLE_JSON_PATH =
	/^=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*|\[\s*(?:'[^'\\]*'|"[^"\\]*")\s*\])+)\s*\}\}$/;
const SEGMENT = /\.([A-Za-z_$][\w$]*)|\[\s*(?:'([^'\\]*)'|"([^"\\]*)")\s*\]/g;

type Path = string[];

/** The property path of a `={{ $json... }}` expression, or undefined when it is anything else. */
export function simpleJsonPath(value: unknown): Path | undefined {
	if (typeof value !== 'string') return undefined;
	const match = SIMPLE_JSON_PATH.exec(value);
	if (!match) return undefined;
	return [...match[1].matchAll(SEGMENT)].map((m) => m[1] ?? m[2] ?? m[3]);
}

/** Marks a path the fast read cannot answer: n8n's expression engine must. */
const ASK_N8N = Symbol('ask n8n');

const isPlainObject = (value: unknown): value is IDataObject => {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
	const proto = Object.getPrototypeOf(value) as unknown;
	return proto === Object.prototype || proto === null;
};

/**
 * The value at `path` when every step is an own property of a plain object, which is exactly what
 * n8n's engine returns for it; anything else (a missing key, `.length` of a string, a getter of a
 * class instance) is left to n8n.
 */
function read(json: IDataObject, path: Path): unknown {
	let value: unknown = json;
	for (const key of path) {
		if (!isPlainObject(value) || !Object.prototype.hasOwnProperty.call(value, key)) return ASK_N8N;
		value = value[key];
	}
	return value;
}

/** Text fields: numbers and booleans become text; objects and lists are kept so validation names them. */
export function asText(value: unknown): unknown {
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (typeof value === 'string') return value.trim();
	return value;
}

export class ParameterReader {
	private readonly raw: INodeParameters;

	private readonly paths = new Map<string, Path | null>();

	constructor(private readonly ctx: IExecuteFunctions) {
		this.raw = ctx.getNode().parameters;
	}

	/** One parameter by its dotted path (`additionalFields.firstname`, `subscriptionGroups.groups[0].id`). */
	get(name: string, i: number, fallback: NodeParameterValueType = ''): unknown {
		let path = this.paths.get(name);
		if (path === undefined) {
			path = simpleJsonPath(rawAt(this.raw, name)) ?? null;
			this.paths.set(name, path);
		}
		const raw = rawAt(this.raw, name);
		if (raw === undefined) return fallback;
		const isExpression = typeof raw === 'string' && raw.startsWith('=');
		if (!isExpression && (raw === null || typeof raw !== 'object')) return raw;
		if (path) {
			const value = read(this.ctx.getInputData()[i]?.json ?? {}, path);
			// values an expression can return as they are; objects go through n8n (copies, dates),
			// whose copy would silently leave out keys named __proto__, constructor or prototype
			if (value !== ASK_N8N && (value === null || typeof value !== 'object')) return value;
			const reserved = value === ASK_N8N ? undefined : reservedKeyIn(value);
			if (reserved !== undefined) {
				throw new InvalidInput(name, reservedKeyRule(`The field ${name}`, reserved));
			}
		}
		return this.ctx.getNodeParameter(name, i, fallback);
	}

	/** Item i's Subscription Groups field as `[{ id, subscribed }]`, or undefined when none is set. */
	subscriptionGroups(i: number): IDataObject[] | undefined {
		const count = this.lengthOf('subscriptionGroups.groups');
		if (count === 0) return undefined;
		return Array.from({ length: count }, (_, n) => ({
			id: asText(this.get(`subscriptionGroups.groups[${n}].id`, i)),
			subscribed: this.get(`subscriptionGroups.groups[${n}].subscribed`, i),
		})) as IDataObject[];
	}

	/** The keys set in a collection parameter, without resolving them. */
	keysOf(name: string): string[] {
		const value = rawAt(this.raw, name);
		return value && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
	}

	/** How many entries a fixedCollection list holds, without resolving them. */
	lengthOf(name: string): number {
		const value = rawAt(this.raw, name);
		return Array.isArray(value) ? value.length : 0;
	}
}

function rawAt(parameters: INodeParameters, name: string): unknown {
	let value: unknown = parameters;
	for (const part of name.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== '')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as IDataObject)[part];
	}
	return value;
}
