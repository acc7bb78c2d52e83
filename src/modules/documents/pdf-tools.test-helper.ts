import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** poppler-utils and NSS tools, when installed (.ci/run installs them); tests that need them skip otherwise. */
export function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

function withFile<T>(pdf: Uint8Array, run: (file: string, dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'egov-pdf-'));
  try {
    const file = path.join(dir, 'document.pdf');
    fs.writeFileSync(file, pdf);
    return run(file, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function pdfText(pdf: Uint8Array): string {
  return withFile(pdf, (file) =>
    execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }),
  );
}

export function pdfInfo(pdf: Uint8Array): string {
  return withFile(pdf, (file) => execFileSync('pdfinfo', ['-enc', 'UTF-8', file], { encoding: 'utf8' }));
}

/** pdfsig's report, with our root CA trusted in a throwaway NSS database when a PEM is given. */
export function pdfsig(pdf: Uint8Array, rootPem?: string): string {
  return withFile(pdf, (file, dir) => {
    const args = [file];
    if (rootPem) {
      const nss = path.join(dir, 'nss');
      fs.mkdirSync(nss);
      fs.writeFileSync(path.join(dir, 'root.pem'), rootPem);
      execFileSync('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
      execFileSync('certutil', [
        '-A',
        '-d',
        `sql:${nss}`,
        '-n',
        'egov-root',
        '-t',
        'CT,C,C',
        '-a',
        '-i',
        path.join(dir, 'root.pem'),
      ]);
      args.unshift('-nssdir', `sql:${nss}`);
    }
    // pdfsig exits non-zero when a signature does not validate; the report is what the tests read.
    const result = spawnSync('pdfsig', args, { encoding: 'utf8' });
    return `${result.stdout}${result.stderr}`;
  });
}
