import type { IDataObject } from 'n8n-workflow';

import type { ApiAnswer, ApiFailure, BlueshiftTransport } from '../../shared/transport';
import { DryRun } from './dryRun';
import { NextPage, type Operation, type Request, type Settled } from './operation';
import { ItemFailure, Rejection, type Results } from './outcome';
import type { Remembered } from './rerun';

/** The records of one call, and the input items they came from. */
export interface Call {
	/** Set when the call was not sent because a 413 lowered the size after it was formed. */
	resize?: boolean;
	number: number;
	group: string | undefined;
	items: number[];
	records: IDataObject[];
	bytes: number;
}

/**
 * The runner's "dispatch paced" and "settle" stages: sends the calls of one run through the
 * transport (whose pacer decides when each starts) and turns each answer into the results of its
 * items. A 413 on a call of several records lowers the size of later calls to what Blueshift took
 * and sends the call again in pieces of that size; so does a call formed before that lesson, when
 * its turn comes (see `resend`).
 */
export class Calls {
	/** Records per call: the Batch Size option, lowered when Blueshift answers 413. */
	batchSize: number;

	private numbered = 0;

	private readonly pending = new Set<Promise<void>>();

	/** Paged reads: what the item's earlier pages gave, until its last page settles it. */
	private readonly pages = new Map<number, { pagesRead: number; results: IDataObject[] }>();

	constructor(
		private readonly op: Operation,
		private readonly results: Results,
		/** The transport, or in a dry run what settles each call from its request instead. */
		private readonly transport: BlueshiftTransport | DryRun,
		batchSize: number,
		private readonly remembered: Map<number, Remembered> | undefined,
	) {
		this.batchSize = batchSize;
	}

	/** A new, empty call for the records of one group. */
	open(group: string | undefined, bytes: number): Call {
		return { number: ++this.numbered, group, items: [], records: [], bytes };
	}

	/** Whether no new call may start: the run stopped on a failure, or the execution was cancelled. */
	get halted(): boolean {
		return this.results.stopped || this.transport.cancelled;
	}

	/** Sends a call; its answer settles its items when it comes. In a dry run, its request does. */
	dispatch(call: Call): void {
		let request: Request;
		try {
			request = this.op.request(call.records, call.group);
		} catch (error) {
			this.unexpected(call, error);
			return;
		}
		if (this.transport instanceof DryRun) {
			this.route(call, this.transport.preview(this.op, call, request));
			return;
		}
		const { method, path, body, qs } = request;
		const sent = this.transport
			.request(method, path, body, {
				qs,
				retryOn: this.op.retryOn,
				retryOnce: this.op.retryOnce,
				statusIsAnswer: this.op.statusIsAnswer,
				listAnswer: this.op.listAnswer,
				retryUnknown: this.op.retryUnknown,
				mayStart: () => this.mayStart(call),
			})
			.then((answer) => this.settle(call, answer))
			.catch((error: unknown) => this.unexpected(call, error));
		this.pending.add(sent);
		void sent.finally(() => this.pending.delete(sent));
	}

	/** Waits until every call sent, and every call sent again, has its answer. */
	async finished(): Promise<void> {
		while (this.pending.size > 0) await Promise.all([...this.pending]);
	}

	/** Asked by the pacer when the call's slot comes: may it start now? */
	private mayStart(call: Call): boolean {
		if (this.halted) return false;
		// formed before a 413 taught a smaller size: resent in pieces of that size instead
		if (call.items.length > this.batchSize) {
			call.resize = true;
			return false;
		}
		this.results.started(call.items);
		return true;
	}

	/** Sends a call's records again as calls of at most `size`, in order. */
	private resend(call: Call, size: number): void {
		for (let from = 0; from < call.items.length; from += size) {
			const to = from + size;
			this.dispatch({
				number: ++this.numbered,
				group: call.group,
				items: call.items.slice(from, to),
				records: call.records.slice(from, to),
				bytes: 0,
			});
		}
	}

	private settle(call: Call, answer: ApiAnswer): void {
		if (!answer.ok && answer.notSent) {
			if (call.resize && !this.halted) this.resend(call, this.batchSize);
			else call.items.forEach((i) => this.pagingStopped(i));
			return; // otherwise it never left: the items stay "never sent"
		}
		if (!answer.ok && answer.status === 413 && this.op.batch?.splitOn413 && call.items.length > 1) {
			const half = Math.ceil(call.items.length / 2);
			this.batchSize = Math.min(this.batchSize, half);
			this.results.unstart(call.items); // refused whole: not in flight until a half starts
			this.resend(call, half);
			return;
		}
		const settled = answer.ok
			? this.op.settle(answer.body, call.records, call.group)
			: this.op.failure?.(answer, call.records, call.group);
		if (settled) this.route(call, settled);
		else this.failAll(call, answer as ApiFailure);
	}

	/** Details an item's failure carries about its call: its bulk call, or how far its paging got. */
	private context(call: Call): IDataObject {
		const read = call.items.length === 1 ? this.pages.get(call.items[0]) : undefined;
		if (read) return { paging: { pagesRead: read.pagesRead, resultsRead: read.results.length } };
		if (this.op.batch === undefined) return {};
		return { call: { number: call.number, size: call.items.length, items: call.items } };
	}

	/** A page with another after it: keep what it gave, and send the item's next call. */
	private nextPage(call: Call, i: number, page: NextPage): void {
		const read = this.pages.get(i) ?? { pagesRead: 0, results: [] };
		read.pagesRead++;
		for (const result of page.results) read.results.push(result);
		this.pages.set(i, read);
		if (this.halted) this.pagingStopped(i);
		else this.dispatch({ ...this.open(call.group, 0), items: [i], records: [page.record] });
	}

	/**
	 * Stopped or cancelled before an item's next page: it fails saying how far it got, instead of
	 * standing as "never sent" in the stop report when earlier pages were read.
	 */
	private pagingStopped(i: number): void {
		const read = this.pages.get(i);
		if (!read || this.results.done(i)) return;
		const { description } = this.pagesNote(i, { description: 'Its later pages were not read.' });
		const reason = 'The read stopped before its last page: the run stopped or was cancelled';
		const paging = { pagesRead: read.pagesRead, resultsRead: read.results.length };
		this.results.fail(new ItemFailure(i, reason, description, { itemIndex: i, paging }));
	}

	/** A failure's description, which says so when it came after some of the item's pages were read. */
	private pagesNote(i: number, failure: { description: string }): { description: string } {
		const read = this.pages.get(i);
		if (!read) return { description: failure.description };
		const note = `It failed after ${read.pagesRead} page(s) (${read.results.length} result(s)) had been read; run the item again to read from the start.`;
		return { description: `${failure.description} ${note}` };
	}

	/** The item's output: its earlier pages' results, then the last page's. */
	private withPages(i: number, result: IDataObject | IDataObject[]): IDataObject | IDataObject[] {
		const read = this.pages.get(i);
		if (!read) return result;
		this.pages.delete(i);
		return read.results.concat(result);
	}

	/** A failed answer that the operation does not read: every record of the call fails with it. */
	private failAll(call: Call, answer: ApiFailure): void {
		const context = this.context(call);
		for (const i of call.items) {
			const failure = ItemFailure.fromApi(i, { ...answer, ...this.pagesNote(i, answer) }, context);
			this.results.fail(failure);
			// it may have arrived: a re-run by n8n's Retry On Fail must not send it again
			if (answer.maybeSent) this.remembered?.set(i, failure);
		}
	}

	/** One result per record: the call's successes first, so that under Stop Workflow they count as accepted. */
	private route(call: Call, settled: Settled[]): void {
		const failed: Array<[number, Rejection]> = [];
		call.items.forEach((i, position) => {
			const result = settled[position];
			if (result instanceof Rejection) failed.push([i, result]);
			else if (result instanceof NextPage) this.nextPage(call, i, result);
			else if (result === undefined) {
				failed.push([
					i,
					new Rejection(
						'Blueshift answered without a result for this record',
						'The answer does not show it as done; check it in Blueshift before running it again.',
					),
				]);
			} else {
				const output = this.withPages(i, result);
				this.results.succeed(i, output);
				this.remembered?.set(i, output);
			}
		});
		const context = this.context(call);
		for (const [i, rejection] of failed) {
			const { description } = this.pagesNote(i, rejection);
			const noted = new Rejection(rejection.reason, description, rejection.apiError);
			this.results.fail(ItemFailure.rejected(i, noted, context));
		}
	}

	/**
	 * A call that threw instead of answering (a fault of the node, not of the item): its items that
	 * have no result yet fail with the reason, and the run's other calls go on. An item whose call
	 * had started may have reached Blueshift: like a lost answer, n8n's Retry On Fail does not
	 * resend it.
	 */
	private unexpected(call: Call, error: unknown): void {
		const said = (error as { message?: unknown } | undefined)?.message;
		const message =
			typeof said === 'string' ? said : typeof error === 'string' ? error : 'unknown error';
		const reason = `The node failed on this item's call to Blueshift: ${this.transport.redact(message).slice(0, 200)}`;
		for (const i of call.items) {
			if (this.results.done(i)) continue;
			const sent = this.results.inFlight(i);
			// after a stop (Stop Workflow), an item that was not sent stays "never sent" in the report
			if (!sent && this.results.stopped) continue;
			const failure = new ItemFailure(
				i,
				reason,
				sent
					? 'The call may or may not have reached Blueshift; check there before running the item again.'
					: 'The call was not sent to Blueshift; run the item again.',
				{ itemIndex: i },
			);
			this.results.fail(failure);
			if (sent) this.remembered?.set(i, failure);
		}
	}
}
