import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

function startCli(
  args: string[],
  env: Record<string, string>,
): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/egov.ts', ...args], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
  });
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  return { child, output: () => output };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

async function until(check: () => boolean, what: string, attempts = 600): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('egov serve', () => {
  it('exits 1 with a clear message when the database cannot be reached', async () => {
    const { child, output } = startCli(['serve'], {
      DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/none',
      PORT: '0',
    });
    assert.equal(await exited(child), 1);
    assert.match(output(), /Cannot open PostgreSQL at postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none/);
    assert.doesNotMatch(output(), /secret/);
  });

  it('starts on the embedded database, refuses a second writer, and stops cleanly on SIGTERM', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egov-serve-'));
    const env = { DATA_DIR: dataDir, PORT: '0', DEMO_DATA: 'false' };
    const server = startCli(['serve'], env);
    try {
      await until(() => /portal started/.test(server.output()), 'the server to start');
      const second = startCli(['migrate'], env);
      assert.equal(await exited(second.child), 1);
      assert.match(second.output(), /in use by process \d+.*Stop that process first/s);
      server.child.kill('SIGTERM');
      assert.equal(await exited(server.child), 0);
      assert.match(server.output(), /"msg":"stopped"/);
      assert.equal(fs.existsSync(path.join(dataDir, 'pglite', 'egov.pid')), false);
    } finally {
      server.child.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('prints help for every command', async () => {
    for (const args of [['--help'], ['serve', '--help'], ['migrate', '--help'], ['seed', 'demo', '--help']]) {
      const run = startCli(args, {});
      assert.equal(await exited(run.child), 0, args.join(' '));
      assert.match(run.output(), /Usage: egov/);
    }
  });
});
