const { src, dest, task } = require('gulp');

/** Copies icons and codex files (*.node.json) next to the compiled files, where n8n looks for them. */
function copyAssets() {
	return src(['nodes/**/*.{png,svg,json}', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

task('build:icons', copyAssets);
