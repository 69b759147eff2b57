/** At most `max` calls of one transport open at once; the rest wait in order. */
export class Permits {
	private open = 0;

	private readonly waiting: Array<() => void> = [];

	constructor(readonly max: number) {}

	async run<T>(task: () => Promise<T>): Promise<T> {
		if (this.open >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
		else this.open++;
		try {
			return await task();
		} finally {
			const next = this.waiting.shift();
			if (next) next();
			else this.open--;
		}
	}
}
