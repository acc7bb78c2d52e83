import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const source = path.join(root, 'assets/app.scss');
const output = path.join(root, 'public/build/app.css');

/** Compiles the stylesheet when it is missing or older than its source; a no-op on a warm start. */
export async function buildAssets(): Promise<void> {
  const outputTime = fs.statSync(output, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (outputTime >= fs.statSync(source).mtimeMs) return;
  const sass = await import('sass');
  const result = sass.compile(source, {
    loadPaths: [path.join(root, 'node_modules')],
    style: 'compressed',
    silenceDeprecations: ['import'],
    quietDeps: true,
  });
  fs.mkdirSync(path.dirname(output), { recursive: true });
  const temporary = `${output}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, result.css);
  fs.renameSync(temporary, output);
}

/** Part of every asset URL, so browsers may cache assets for long and still see new ones. */
export function assetVersion(): string {
  try {
    return crypto.createHash('sha256').update(fs.readFileSync(output)).digest('hex').slice(0, 10);
  } catch {
    return 'dev';
  }
}
