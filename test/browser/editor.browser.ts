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
const example = JSON.parse(readFileSync(path.join(ROOT, 'examples/blueshift-example.json'), 'utf8'));

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
		const n8n = new N8n('2.40.7');
		await n8n.importCredentials([
			{ id: 'bsExampleCred001', name: 'Blueshift (emulator)', type: 'blueshiftApi', data: { region: 'custom', baseUrl: emulator.url, apiKey: KEY } },
		]);
		await n8n.importWorkflows([example]);
		editor = await startEditor(n8n, 5693);
		selectors.setTestIdAttribute('data-test-id');
		browser = await chromium.launch({
			executablePath: '/usr/bin/chromium',
			args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
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

	const parameter = (name: string) => page.getByTestId('ndv').getByTestId(`parameter-input-${name}`);

	it('finds the node by searching "Blueshift", with its icon and three actions', async () => {
		await page.goto(`${editor.url}/workflow/new`);
		await page.getByTestId('node-creator-plus-button').click();
		await page.getByTestId('node-creator-search-bar').fill('Blueshift');
		const item = page.getByTestId('node-creator').getByTestId('item-iterator-item').filter({ hasText: 'Blueshift' }).first();
		await item.waitFor();
		expect(await item.locator('img, svg').count()).toBeGreaterThan(0);
		await expect(item.textContent()).resolves.toContain('Create and update customers in Blueshift');
		await shot('02-search');
		await item.click();
		const creator = page.getByTestId('node-creator');
		for (const action of ['Bulk upsert customers', 'Start tracking a customer', 'Upsert a customer']) {
			await creator.getByText(action, { exact: true }).waitFor();
		}
		await shot('03-actions');
		await creator.getByText('Upsert a customer', { exact: true }).click();
		await page.getByTestId('ndv').waitFor();
	});

	it('shows Upsert Customer with its fields and the existing credential', async () => {
		for (const name of ['resource', 'operation', 'dataMode', 'email', 'customerId', 'additionalFields', 'subscriptionGroups', 'customAttributes', 'options']) {
			await parameter(name).first().waitFor();
		}
		await expect(page.getByTestId('ndv').textContent()).resolves.toContain('Blueshift (emulator)');
		await shot('04-upsert-fields');
	});

	it('lists the subscription groups the account has in the picker', async () => {
		await page.getByTestId('ndv').getByRole('button', { name: 'Add Subscription Group' }).click();
		const picker = parameter('id').first();
		await picker.waitFor();
		await picker.click();
		for (const group of ['Newsletter (sg-newsletter)', 'Product updates (sg-product-updates)', 'Weekly promo (sg-weekly-promo)']) {
			await page.getByRole('option', { name: group }).waitFor();
		}
		await shot('05-subscription-groups');
		await page.getByRole('option', { name: 'Newsletter (sg-newsletter)' }).click();
		expect(emulator.received('/api/v1/subscription_groups/index_lite').length).toBeGreaterThan(0);
	});

	it('shows Start Tracking with the identifiers only', async () => {
		await parameter('operation').click();
		await page.getByRole('option', { name: 'Start Tracking' }).click();
		await parameter('email').waitFor();
		await parameter('customerId').waitFor();
		for (const hidden of ['dataMode', 'additionalFields', 'subscriptionGroups', 'customAttributes']) {
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
		for (const region of ['US', 'EU', 'Custom']) await page.getByRole('option', { name: region, exact: true }).waitFor();
		await shot('07-credential-regions');
		await page.getByRole('option', { name: 'Custom', exact: true }).click();
		await modal.getByTestId('parameter-input-baseUrl').locator('input').fill(emulator.url);
		await modal.getByTestId('parameter-input-apiKey').locator('input').fill('not-the-right-key');
		await modal.getByTestId('credential-save-button').click();
		await modal.getByText(/Couldn.t connect with these settings/).waitFor();
		await expect(modal.textContent()).resolves.toMatch(/did not accept|Authorization failed|401|Not authorized/i);
		await shot('08-credential-bad-key');
		await modal.getByTestId('parameter-input-apiKey').locator('input').fill(KEY);
		await modal.getByTestId('credential-save-button').click();
		await modal.getByTestId('credentials-config-container-test-success').waitFor();
		await shot('09-credential-good-key');
		expect(emulator.received('/api/v1/subscription_groups/index_lite', 401).length).toBeGreaterThan(0);
		expect(emulator.received('/api/v1/subscription_groups/index_lite', 200).length).toBeGreaterThan(0);
		await page.keyboard.press('Escape');
	});

	it('runs the example workflow from the editor with items on both branches', async () => {
		emulator.reset();
		await page.goto(`${editor.url}/workflow/${example.id}`);
		page.once('dialog', (dialog) => dialog.accept());
		await page.getByTestId('execute-workflow-button').click();
		const canvas = page.getByTestId('canvas');
		await canvas.getByText('116 items').waitFor({ timeout: 60_000 });
		await canvas.getByText('4 items').waitFor();
		await shot('10-example-run');
		expect(emulator.received('/api/v1/customers/bulk')).toHaveLength(3);
	});
});
