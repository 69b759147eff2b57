import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// the bench's writer only (no n8n is started): `npm run bench --write` puts its figures between
// markers of files that other changes own, and must never touch anything else
type Target = { key: string; file: string; start: string; end: string };
const { writeMarked, TARGETS, BUSY_TARGETS } = require('../../scripts/bench.js') as {
	writeMarked: (file: string, markers: { start: string; end: string }, content: string) => void;
	TARGETS: Target[];
	BUSY_TARGETS: Target[];
};

const markers = { start: '<!-- bench:results -->', end: '<!-- /bench:results -->' };

describe('npm run bench --write', () => {
	let dir: string;
	beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-write-'))));
	afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

	const file = (text: string) => {
		const at = path.join(dir, 'throughput.md');
		fs.writeFileSync(at, text);
		return at;
	};

	it('writes into docs/throughput.md and README.md, between their markers', () => {
		expect(
			TARGETS.map((t) => [path.relative(path.join(__dirname, '..', '..'), t.file), t.start, t.end]),
		).toEqual([
			[path.join('docs', 'throughput.md'), '<!-- bench:results -->', '<!-- /bench:results -->'],
			['README.md', '<!-- bench:table -->', '<!-- /bench:table -->'],
		]);
		// two CPU burners beside it: beside the quiet figures, not over them
		expect(
			BUSY_TARGETS.map((t) => [path.relative(path.join(__dirname, '..', '..'), t.file), t.start]),
		).toEqual([[path.join('docs', 'throughput.md'), '<!-- bench:busy -->']]);
		for (const target of [...TARGETS, ...BUSY_TARGETS]) {
			expect(fs.readFileSync(target.file, 'utf8')).toContain(target.end);
		}
	});

	it('replaces only what stands between the markers, the same way each time', () => {
		const at = file(
			`# Throughput\n\nBefore.\n${markers.start}\nold figures\n${markers.end}\nAfter.\n`,
		);
		writeMarked(at, markers, '| new | figures |');
		const once = fs.readFileSync(at, 'utf8');
		expect(once).toBe(
			`# Throughput\n\nBefore.\n${markers.start}\n| new | figures |\n${markers.end}\nAfter.\n`,
		);
		writeMarked(at, markers, '| new | figures |');
		expect(fs.readFileSync(at, 'utf8')).toBe(once);
	});

	it.each([
		['no start marker', `text\n${markers.end}\n`, markers.start],
		['no end marker', `${markers.start}\ntext\n`, markers.end],
		['an end marker before the start marker', `${markers.end}\n${markers.start}\n`, markers.end],
		[
			'the start marker twice',
			`${markers.start}\n${markers.start}\n${markers.end}\n`,
			`a single ${markers.start}`,
		],
	])('fails clearly with %s, and changes nothing', (_, text, missing) => {
		const at = file(text);
		expect(() => writeMarked(at, markers, 'figures')).toThrow(`has no ${missing}`);
		expect(fs.readFileSync(at, 'utf8')).toBe(text);
	});

	it('creates no file: a missing one is an error', () => {
		const at = path.join(dir, 'missing.md');
		expect(() => writeMarked(at, markers, 'figures')).toThrow('does not exist');
		expect(fs.existsSync(at)).toBe(false);
	});
});
