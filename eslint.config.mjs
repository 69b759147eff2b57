// Lint as n8n's verification scan does (@n8n/eslint-plugin-community-nodes, recommended), plus
// eslint-plugin-n8n-nodes-base's community (package.json), credentials and nodes rule sets, with the
// rules the scan switches off switched off here too, and with inline configuration off as in the
// scan: an eslint-disable comment would hide here what the scan still reports. The scan itself
// (npm run scan) is the authority; this is its fast editor-side copy.
import tsParser from '@typescript-eslint/parser';
import communityNodes from '@n8n/eslint-plugin-community-nodes';

// eslint-plugin-n8n-nodes-base reads NODE_ENV when it loads, and under NODE_ENV=test takes every
// file for "Test.node.ts", a trigger node: load it with the real file names in view.
if (process.env.NODE_ENV === 'test') delete process.env.NODE_ENV;
const { default: n8nNodesBase } = await import('eslint-plugin-n8n-nodes-base');

const community = communityNodes.configs.recommended;

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'test/**', 'scripts/**', '*.js', '*.mjs'] },
	{ linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'error' } },
	{
		...community,
		files: ['package.json', 'nodes/**/*.ts', 'credentials/**/*.ts'],
		// typescript-estree reads a .json file as one object expression, which both plugins expect
		languageOptions: { parser: tsParser, parserOptions: { extraFileExtensions: ['.json'] } },
	},
	{
		files: ['package.json'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: n8nNodesBase.configs.community.rules,
	},
	{
		files: ['credentials/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// "Only applicable to nodes in the main repository" (the rule's own description);
			// n8n's community rule credential-documentation-url wants a full URL here instead.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			// switched off by the scan: the community rule credential-password-field is the one it runs
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// These two want the string 'main'; n8n's newer community rule node-connection-type-literal
			// wants NodeConnectionTypes.Main, which is what n8n itself now uses.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			// switched off by the scan: an API's own maximum (Blueshift's 50 per bulk call) is valid
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
];
