import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A scratch directory and an openssl runner for the interoperability tests. */
export class OpenSsl {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'egov-pki-'));

  file(name: string, content?: string | Uint8Array): string {
    const file = path.join(this.dir, name);
    if (content !== undefined) fs.writeFileSync(file, content);
    return file;
  }

  /** Runs openssl; returns stdout+stderr and the exit status instead of throwing. */
  run(...args: string[]): { status: number; output: string } {
    const r = spawnSync('openssl', args, { cwd: this.dir, encoding: 'utf8' });
    return { status: r.status ?? 1, output: `${r.stdout}${r.stderr}` };
  }

  /** A PKCS#10 request with a fresh key, the way a person would make one with openssl. */
  csr(name: string, keyArgs: string[] = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']): string {
    const r = this.run(
      'req',
      '-new',
      ...keyArgs,
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-subj',
      '/CN=ignored',
      '-out',
      `${name}.csr`,
    );
    if (r.status !== 0) throw new Error(r.output);
    return fs.readFileSync(this.file(`${name}.csr`), 'utf8');
  }

  /** Asynchronous, for commands that talk to the server running in this very process (openssl ocsp -url). */
  runAsync(...args: string[]): Promise<{ status: number; output: string }> {
    return new Promise((resolve) => {
      execFile(
        'openssl',
        args,
        { cwd: this.dir, encoding: 'utf8', timeout: 20_000 },
        (error, stdout, stderr) =>
          resolve({
            status: error ? ((error as { code?: number }).code ?? 1) : 0,
            output: `${stdout}${stderr}`,
          }),
      );
    });
  }

  close(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
