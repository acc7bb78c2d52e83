import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

describe('config', () => {
  it('fills defaults for an empty environment', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.timeZone, 'Asia/Baku');
    assert.equal(config.publicUrl, 'http://localhost:3000');
    assert.match(config.dataDir, /\/data$/);
  });

  it('lists every invalid variable with its value and what is expected', () => {
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        TIME_ZONE: 'Mars/Olympus',
        DEMO_DATA: 'maybe',
      });
      assert.fail('expected a ConfigError');
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(
        error.problems.map((p) => [p.name, p.given]),
        [
          ['PORT', 'eighty'],
          ['DATABASE_URL', 'mysql://x'],
          ['TIME_ZONE', 'Mars/Olympus'],
          ['DEMO_DATA', 'maybe'],
        ],
      );
      assert.match(error.problems[0]?.expected ?? '', /integer/);
    }
  });

  it('egov serve exits 1 with a readable list when the configuration is wrong', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/egov.ts', 'serve'], {
      env: { ...process.env, PORT: '99999', LOG_LEVEL: 'loud' },
      encoding: 'utf8',
    });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /PORT: given "99999", expected an integer 0-65535/);
    assert.match(result.stderr, /LOG_LEVEL: given "loud"/);
  });
});
