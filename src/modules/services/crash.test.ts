import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { createResident, TEST_PASSCODE } from '../../../test/helpers/identity.ts';
import { openDatabase } from '../../platform/db/client.ts';
import { migrate } from '../../platform/db/migrate.ts';
import { MLSPP_0002 } from './demo/definitions.ts';
import { applications, saveDefinition } from './index.ts';

// A real `egov serve` on the embedded database, killed with SIGKILL in the middle of a burst of
// submissions: every receipt the client got must name an application that exists exactly once.

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function serve(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/egov.ts', 'serve'], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      DEMO_DATA: 'false',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
    },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (
      await fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { child, url };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start');
}

async function session(url: string, fin: string) {
  const jar = new Map<string, string>();
  const keep = (r: Response) => {
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (name) jar.set(name, value.join('='));
    }
    return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  };
  const page = await fetch(`${url}/en/login`);
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  let cookie = keep(page);
  const login = await fetch(`${url}/en/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ _csrf: token, fin, passcode: TEST_PASSCODE }).toString(),
  });
  cookie = keep(login);
  assert.equal(login.status, 303);
  const account = await fetch(`${url}/en/account/applications`, { headers: { cookie } });
  cookie = keep(account);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await account.text())?.[1] ?? '';
  return { cookie, csrf };
}

// A child killed by a signal keeps exitCode null (signalCode is set instead).
const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

describe('submissions survive a crash', () => {
  it('keeps every receipted application exactly once after SIGKILL and restart', {
    timeout: 180_000,
  }, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egov-crash-'));
    try {
      const database = await openDatabase({ pgliteDir: path.join(dataDir, 'pglite') });
      await migrate(database);
      const resident = await createResident(database);
      await saveDefinition(
        database.db,
        { code: 'MLSPP-0002', agencyCode: 'MLSPP', definition: MLSPP_0002 },
        new Date(),
      );
      await database.close();

      const first = await serve(dataDir);
      const { cookie, csrf } = await session(first.url, resident.fin);
      const receipts = new Map<string, string>();
      let sent = 0;
      const submit = async (key: string) => {
        const res = await fetch(`${first.url}/api/v1/services/MLSPP-0002/applications`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
          body: JSON.stringify({
            submissionKey: key,
            data: {
              householdSize: 2,
              monthlyIncome: 100,
              employment: 'pensioner',
              address: 'Şəki, Azadlıq 3',
            },
          }),
        });
        if (res.status === 201 || res.status === 200) receipts.set(key, (await res.json()).number);
      };
      const burst: Promise<unknown>[] = [];
      for (let wave = 0; wave < 40; wave++) {
        for (let i = 0; i < 8; i++)
          burst.push(submit(`crash-key-${String(sent++).padStart(8, '0')}`).catch(() => undefined));
        if (receipts.size >= 20 && !hasExited(first.child)) first.child.kill('SIGKILL');
        await new Promise((r) => setTimeout(r, 15));
      }
      if (!hasExited(first.child)) first.child.kill('SIGKILL');
      await Promise.all(burst);
      await new Promise((r) => (hasExited(first.child) ? r(null) : first.child.once('exit', r)));
      assert.ok(receipts.size >= 1, 'some submissions were receipted before the kill');

      const second = await serve(dataDir);
      // Retrying a receipted submission after the restart gives the same receipt, not a second application.
      const again = await session(second.url, resident.fin);
      const [someKey, someNumber] = [...receipts][0] as [string, string];
      const retry = await fetch(`${second.url}/api/v1/services/MLSPP-0002/applications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: again.cookie, 'x-csrf-token': again.csrf },
        body: JSON.stringify({
          submissionKey: someKey,
          data: { householdSize: 2, monthlyIncome: 100, employment: 'pensioner', address: 'Şəki, Azadlıq 3' },
        }),
      });
      assert.equal(retry.status, 200);
      assert.equal((await retry.json()).number, someNumber);
      await new Promise((r) => {
        if (hasExited(second.child)) return r(null);
        second.child.once('exit', r);
        second.child.kill('SIGTERM');
      });

      const check = await openDatabase({ pgliteDir: path.join(dataDir, 'pglite') });
      const rows = await check.db
        .select()
        .from(applications)
        .where(eq(applications.personId, resident.personId));
      await check.close();
      const byKey = new Map<string, number>();
      for (const row of rows) byKey.set(row.submissionKey, (byKey.get(row.submissionKey) ?? 0) + 1);
      for (const [key, number] of receipts) {
        assert.equal(byKey.get(key), 1, `receipted ${key} exists once`);
        assert.ok(rows.some((r) => r.number === number && r.status === 'submitted'));
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
