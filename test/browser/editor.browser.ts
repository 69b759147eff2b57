import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, selectors, type Browser, type Page } from 'playwright-core';

import { Emulator } from '../emulator/server';
import { N8n, ROOT, startEditor } from '../e2e/n8n';

/**
 * The node as a builder meets it: n8n 2.x's editor in headless Chromium, the package installed from
 * its tarball, the emulator behind the credential. Screenshots of every step go to
 * .artifacts/screenshots (not committed).
 */
const KEY = 'browser-user-api-key';
const SHOTS = path.join(ROOT, '.artifacts', 'screenshots');
const example = JSON.parse(
	readFileSync(path.join(ROOT, 'examples/blueshift-example.json'), 'utf8'),
);

describe('n8n editor with the Blueshift node', () => {
	const emulator = new Emulator({ keys: [KEY] });
	let editor: Awaited<ReturnType<typeof startEditor>>;
	let browser: Browser;
	let page: Page;
	const shot = async (name: string) => {
		await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
	};

	beforeAll(async () => {
		mkdirSync(SHOTS, { recursive: true });
		await emulator.start();
		const n8n = new N8n('2.41.1');
		await n8n.importCredentials([
			{
				id: 'bsExampleCred001',
				name: 'Blueshift (emulator)',
				type: 'blueshiftApi',
				data: { region: 'custom', baseUrl: emulator.url, apiKey: KEY },
			},
		]);
		await n8n.importWorkflows([example]);
		editor = await startEditor(n8n, 5693);
		selectors.setTestIdAttribute('data-test-id');
		browser = await chromium.launch({
			executablePath: '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
			],
		});
		page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
		page.setDefaultTimeout(30_000);
		await page.goto(`${editor.url}/signin`);
		await page.getByTestId('emailOrLdapLoginId').locator('input').fill(editor.owner.email);
		await page.locator('input[type=password]').first().fill(editor.owner.password);
		await shot('01-sign-in');
		await page.getByRole('button', { name: /sign in/i }).click();
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
	}, 600_000);

	afterAll(async () => {
		await browser?.close();
		await editor?.stop();
		await emulator.stop();
	});

	/** A parameter of the open node: simple ones carry a test id, collections a label. */
	const parameter = (name: string) =>
		page
			.getByTestId('ndv')
			.locator(`[data-test-id="parameter-input-${name}"], label[for="${name}"]`);
	/** The input of a simple parameter of the open node. */
	const input = (name: string) => page.getByTestId('ndv').getByTestId(`parameter-input-${name}`);
	/** An entry of the dropdown that is open. */
	const option = (text: string) =>
		page.locator('.el-popper:visible').getByText(text, { exact: true });

	it('finds the node by searching "Blueshift", with its icon and its customer actions', async () => {
		await page.goto(`${editor.url}/workflow/new`);
		// an empty workflow's node creator lists triggers only (Blueshift Trigger): start it with
		// n8n's Manual Trigger, so that the next search lists actions
		await page.getByTestId('node-creator-plus-button').click();
		await page.getByTestId('node-creator-search-bar').fill('manual');
		await page
			.getByTestId('node-creator')
			.getByTestId('item-iterator-item')
			.filter({ hasText: 'Trigger manually' })
			.first()
			.click();
		await page.keyboard.press('Escape');
		await page.getByTestId('node-creator-plus-button').click();
		await page.getByTestId('node-creator-search-bar').fill('Blueshift');
		const item = page
			.getByTestId('node-creator')
			.getByTestId('item-iterator-item')
			.filter({ hasText: 'Blueshift' })
			.first();
		await item.waitFor();
		expect(await item.locator('img, svg').count()).toBeGreaterThan(0);
		// n8n lists the app once, its trigger and its actions together, described by the trigger
		await expect(item.textContent()).resolves.toMatch(/in Blueshift|Blueshift campaign activity/);
		await shot('02-search');
		await item.click();
		const creator = page.getByTestId('node-creator');
		for (const action of [
			'Create or update many customers',
			'Start tracking a customer',
			'Create or update a customer',
		]) {
			await creator.getByText(action, { exact: true }).waitFor();
		}
		await shot('03-actions');
		await creator.getByText('Create or update a customer', { exact: true }).click();
		await page.getByTestId('ndv').waitFor();
	});

	it('shows Create or Update with its fields and the existing credential', async () => {
		for (const name of [
			'resource',
			'operation',
			'dataMode',
			'email',
			'customerId',
			'additionalFields',
			'subscriptionGroups',
			'customAttributes',
			'options',
		]) {
			await parameter(name).first().waitFor();
		}
		await expect(
			page.getByTestId('ndv').getByTestId('node-credentials-select').locator('input').inputValue(),
		).resolves.toBe('Blueshift (emulator)');
		await shot('04-upsert-fields');
	});

	it('lists the subscription groups the account has in the picker', async () => {
		await page.getByTestId('ndv').getByRole('button', { name: 'Add Subscription Group' }).click();
		const picker = input('id');
		await picker.waitFor();
		// the first click on a freshly added picker may only focus it while its options load
		for (let i = 0; i < 5 && !(await option('Newsletter (newsletter)').isVisible()); i++) {
			await picker.locator('input').first().click();
			await page.waitForTimeout(1000);
		}
		// the label shown, the subscription_group_id stored (never the uuid)
		for (const group of [
			'Newsletter (newsletter)',
			'Product updates (product_updates)',
			'Weekly promo (weekly_promo)',
		]) {
			await option(group).waitFor();
		}
		await shot('05-subscription-groups');
		await option('Newsletter (newsletter)').click();
		expect(emulator.received('/api/v1/subscription_groups/index_lite').length).toBeGreaterThan(0);
	});

	it('shows Start Tracking with the identifiers only', async () => {
		await input('operation').click();
		await option('Start Tracking').click();
		await input('email').waitFor();
		await input('customerId').waitFor();
		for (const hidden of [
			'dataMode',
			'additionalFields',
			'subscriptionGroups',
			'customAttributes',
		]) {
			await expect(parameter(hidden).count()).resolves.toBe(0);
		}
		await shot('06-start-tracking-fields');
	});

	it('offers US, EU and Custom in the credential form; Custom shows the base URL; the test tells good from bad keys', async () => {
		await page.getByTestId('ndv').getByTestId('node-credentials-select').click();
		await page.getByText('Create new credential').click();
		const modal = page.getByTestId('editCredential-modal');
		await modal.waitFor();
		await expect(modal.getByTestId('parameter-input-baseUrl').count()).resolves.toBe(0);
		await modal.getByTestId('parameter-input-region').click();
		for (const region of ['US', 'EU', 'Custom']) await option(region).waitFor();
		await shot('07-credential-regions');
		await option('Custom').click();
		await modal.getByTestId('parameter-input-baseUrl').locator('input').fill(emulator.url);
		await modal.getByTestId('parameter-input-apiKey').locator('input').fill('not-the-right-key');
		await modal.getByTestId('credential-save-button').click();
		await modal.getByText(/Couldn.t connect with these settings/).waitFor();
		await modal.getByText('More details').click();
		await expect(modal.textContent()).resolves.toMatch(/Unauthorized|401|Not authorized/i);
		await expect(modal.textContent()).resolves.not.toContain('not-the-right-key');
		await shot('08-credential-bad-key');
		await modal.getByTestId('parameter-input-apiKey').locator('input').fill(KEY);
		await modal.getByTestId('credential-save-button').click();
		// with a key that works the test passes and the editor closes the form, the credential in use
		await modal.waitFor({ state: 'hidden' });
		await expect(
			page.getByTestId('ndv').getByTestId('node-credentials-select').locator('input').inputValue(),
		).resolves.toBe('Blueshift account');
		await shot('09-credential-good-key');
		expect(emulator.received('/api/v1/subscription_groups/index_lite', 401).length).toBeGreaterThan(
			0,
		);
		const good = emulator.received('/api/v1/subscription_groups/index_lite', 200);
		expect(good.length).toBeGreaterThan(0);
		expect(good.at(-1)?.user).toEqual({ user: KEY, password: '' });
	});

	it('picks a campaign from the list (API-triggered first), finds it by name, and the picked one runs', async () => {
		await input('resource').click();
		await option('Campaign').click();
		await parameter('campaign').first().waitFor();
		await page.getByTestId('ndv').getByTestId('rlc-input').first().click();
		// the list is a popover n8n teleports out of the field: its items and search are found on the page
		const items = page.getByTestId('rlc-item');
		await items.filter({ hasText: 'Order shipped' }).first().waitFor();
		// Trigger: the event- and API-triggered campaigns come first
		await expect(items.first().textContent()).resolves.toMatch(/Order shipped/);
		await shot('10-campaign-picker');
		const search = page.getByTestId('rlc-search').first();
		const box =
			(await search.evaluate((e) => e.tagName)) === 'INPUT' ? search : search.locator('input');
		await box.fill('Password');
		await items.filter({ hasText: 'Password reset' }).first().waitFor();
		await expect(items.filter({ hasText: 'Order shipped' }).count()).resolves.toBe(0);
		await shot('11-campaign-picker-search');
		await items.filter({ hasText: 'Password reset' }).first().click();
		await input('email').locator('input').fill('picker@example.com');
		await page.getByTestId('node-execute-button').first().click();
		const messages = () =>
			(emulator as unknown as { messages: Array<Record<string, unknown>> }).messages;
		for (let i = 0; i < 60 && messages().length === 0; i++) await page.waitForTimeout(500);
		expect(messages().map((m) => [m.campaign_uuid, m.email])).toEqual([
			['9a1c3e5f-7b2d-4f68-8e0a-2c4e6a8b0d13', 'picker@example.com'],
		]);
		expect(emulator.received('/api/v2/campaigns.json').map((r) => r.query.name)).toContain(
			'Password',
		);
		await shot('12-campaign-picked-run');
	});

	it('runs the example workflow from the editor with items on both branches', async () => {
		emulator.reset();
		emulator.reject('customer42@example.com', { email: ['has been blocked'] });
		await page.goto(`${editor.url}/workflow/${example.id}`);
		await page.locator('[data-test-id="canvas-node"][data-node-name="Bulk Upsert"]').waitFor();
		page.once('dialog', (dialog) => dialog.accept());
		await page.getByTestId('execute-workflow-button').click();
		const canvas = page.getByTestId('canvas');
		// the Bulk Upsert's two outputs: 116 records saved, 4 to fix (3 bad inputs, 1 rejected)
		await canvas.getByText('116 items').first().waitFor({ timeout: 60_000 });
		await canvas.getByText('4 items').first().waitFor();
		await shot('13-example-run');
		expect(emulator.received('/api/v1/customers/bulk')).toHaveLength(3);
	});
});
