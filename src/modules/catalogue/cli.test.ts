import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { fixtureCatalogue } from './test-fixture.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('egov catalogue import / export', () => {
  let dir: string;
  const egov = (...args: string[]) => {
    const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'silent' };
    delete env.DATABASE_URL;
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/egov.ts', ...args], {
      cwd: root,
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    return { code: result.status, out: result.stdout, err: result.stderr };
  };
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'egov-cli-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('explains in --help that the embedded database must not be in use', () => {
    const help = egov('catalogue', 'import', '--help');
    assert.equal(help.code, 0);
    assert.match(help.out, /Usage: egov catalogue import FILE\.json/);
    assert.match(help.out, /stop the portal first/);
  });

  it('imports a file, refuses a bad one naming the entry, and exports the same format', () => {
    const good = path.join(dir, 'good.json');
    fs.writeFileSync(good, JSON.stringify(fixtureCatalogue()));
    const first = egov('catalogue', 'import', good);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /services: {3}4 new, 0 changed, 0 unchanged/);

    const broken = fixtureCatalogue();
    (broken.services?.[0] as { authLevel: string }).authLevel = 'retina-scan';
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify(broken));
    const refused = egov('catalogue', 'import', bad);
    assert.equal(refused.code, 1);
    assert.match(
      refused.err,
      /services\[0\] "MLSPP-0002", field "authLevel": must be one of none, passcode, esignature/,
    );

    const exported = egov('catalogue', 'export', '--published');
    assert.equal(exported.code, 0, exported.err);
    const file = JSON.parse(exported.out);
    assert.equal(file.format, 'egov-catalogue/1');
    assert.deepEqual(file.services.map((s: { code: string }) => s.code).sort(), [
      'MCHT-0001',
      'MLSPP-0001',
      'MLSPP-0002',
    ]);
  });

  it('refuses clearly while another process holds the embedded database', () => {
    fs.mkdirSync(path.join(dir, 'pglite'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'pglite', 'egov.pid'), String(process.pid));
    const busy = egov('catalogue', 'export');
    assert.equal(busy.code, 1);
    assert.match(busy.err, /in use by process \d+/);
    fs.rmSync(path.join(dir, 'pglite', 'egov.pid'));
  });

  it('says what is wrong with a missing or unreadable file', () => {
    const missing = egov('catalogue', 'import', path.join(dir, 'nope.json'));
    assert.equal(missing.code, 1);
    assert.match(missing.err, /Cannot read .*nope\.json: ENOENT/);
    const text = path.join(dir, 'text.json');
    fs.writeFileSync(text, '{ not json');
    assert.match(egov('catalogue', 'import', text).err, /is not valid JSON/);
  });
});
