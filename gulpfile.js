'use strict';
/**
 * Icons into dist/: the node and credential icons (svg, png) next to their compiled files, as n8n
 * loads them (`icon: 'file:blueshift.svg'`). `n8n-node build` copies them too; this keeps the
 * step explicit and runnable alone (`npx gulp build:icons`) after a plain `tsc`.
 */
const path = require('node:path');
const { task, src, dest, parallel } = require('gulp');

const copy = (folder) => {
	const copyFolder = () =>
		src(path.resolve(folder, '**', '*.{png,svg}'), { encoding: false, allowEmpty: true }).pipe(
			dest(path.resolve('dist', folder)),
		);
	copyFolder.displayName = `icons of ${folder}`;
	return copyFolder;
};

task('build:icons', parallel(copy('nodes'), copy('credentials')));
