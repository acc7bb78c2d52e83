import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAssets } from '../src/platform/views/assets.ts';
import { prepareTestDatabases } from './helpers/database.ts';

// Runs the suite with node:test: unit and integration tests by default, the browser tests with --browser.
// Extra arguments narrow the files (substring match), e.g. `npm test -- catalogue`.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const browser = args.includes('--browser');
const filters = args.filter((a) => !a.startsWith('--'));

const all = ['src', 'test'].flatMap((dir) =>
  fs
    .readdirSync(path.join(root, dir), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.join(dir, f)),
);
const files = all
  .filter((f) => f.startsWith(path.join('test', 'e2e')) === browser)
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

if (files.length === 0) {
  console.error('No test files matched.');
  process.exit(1);
}

await buildAssets();
await prepareTestDatabases();

const concurrency = browser ? 1 : Math.max(2, Math.min(4, os.availableParallelism()));
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
  { stdio: 'inherit', cwd: root },
);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
