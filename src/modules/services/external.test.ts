import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import type { BrowserLike } from '../../../test/helpers/browser-like.ts';
import { createResident, loginAs } from '../../../test/helpers/identity.ts';
import { auditLog } from '../audit/index.ts';
import { statEvents } from '../statistics/events.tables.ts';
import type { ExternalDefinition } from './definition.model.ts';
import { saveDefinition } from './definitions.ts';
import { endpointSecret, resetBreakers } from './external.service.ts';

const CODE = 'AZERSU-0002';
const text3 = (s: string) => ({ az: s, en: s, ru: s });

/** The agency's own system: checks the portal's signature, then answers as `mode` says. */
class AgencySystem {
  mode: 'answer' | 'fail-twice' | 'down' | 'slow' | 'garbage' = 'answer';
  calls = 0;
  bodies: Record<string, unknown>[] = [];
  private failures = 0;
  readonly server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      this.calls++;
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(req.headers['x-egov-signature'])) ?? [];
      const expected = crypto.createHmac('sha256', this.secret).update(`${t}.${raw}`).digest('hex');
      if (!v1 || v1 !== expected) return res.writeHead(401).end('{"error":"bad signature"}');
      this.bodies.push(JSON.parse(raw));
      if (this.mode === 'down' || (this.mode === 'fail-twice' && this.failures++ < 2))
        return res.writeHead(503).end();
      if (this.mode === 'slow') return setTimeout(() => res.end('{"text":"late"}'), 1500);
      if (this.mode === 'garbage') return res.end('<html>oops</html>');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ text: { az: 'Borc: 0 AZN', en: 'Balance due: 0 AZN', ru: 'Долг: 0 AZN' } }));
    });
  });
  constructor(private readonly secret: string) {}
}

describe('services answered by an agency system', () => {
  let t: TestApp;
  let agency: AgencySystem;
  let browser: BrowserLike;

  before(async () => {
    t = await buildTestApp({ demo: true });
    agency = new AgencySystem(endpointSecret(t.app.platform.secret, CODE));
    await new Promise<void>((resolve) => agency.server.listen(0, '127.0.0.1', resolve));
    const definition: ExternalDefinition = {
      kind: 'external',
      note: text3('Pay your bills.'),
      keys: [
        {
          name: 'subscriber',
          label: text3('Subscriber number'),
          pattern: '[0-9]{9}',
          maxLength: 9,
          error: text3('Enter the 9-digit subscriber number'),
        },
      ],
      endpoint: {
        url: `http://127.0.0.1:${(agency.server.address() as AddressInfo).port}/portal`,
        timeoutMs: 500,
        retries: 2,
      },
    };
    await saveDefinition(t.database.db, { code: CODE, agencyCode: 'AZERSU', definition }, t.clock.now());
    browser = await loginAs(t.app, await createResident(t.database));
  });
  beforeEach(() => {
    resetBreakers();
    agency.mode = 'answer';
    agency.calls = 0;
  });
  after(async () => {
    agency.server.close();
    await t.close();
  });

  const uses = async () =>
    (
      await t.database.db
        .select()
        .from(statEvents)
        .where(and(eq(statEvents.serviceCode, CODE), eq(statEvents.outcome, 'answered')))
    ).length;
  // In the order written (a select without order by may return them in any order).
  const calls = async () =>
    t.database.db.select().from(auditLog).where(eq(auditLog.action, 'external.call')).orderBy(auditLog.id);
  const ask = async (subscriber: string) => {
    await browser.get(`/en/services/${CODE}/start`);
    return browser.post(`/en/services/${CODE}/ask`, { subscriber });
  };

  it('sends a signed request with the pseudonym, shows the answer, counts one use and audits the call', async () => {
    const [usesBefore, callsBefore] = [await uses(), (await calls()).length];
    const start = await browser.get(`/az/services/${CODE}/start`);
    assert.equal(start.statusCode, 200);
    assert.match(start.body, /Subscriber number/);
    const res = await ask('501234567');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Balance due: 0 AZN/);
    const sent = agency.bodies.at(-1) as { input: unknown; user: string; service: string };
    assert.deepEqual(sent.input, { subscriber: '501234567' });
    assert.equal(sent.service, CODE);
    assert.match(sent.user, /^[A-Za-z0-9_-]{32}$/, 'a pseudonym, not a FIN');
    const events = await t.database.db.select().from(statEvents).where(eq(statEvents.serviceCode, CODE));
    assert.notEqual(sent.user, events.at(-1)?.userKey, 'not the statistics key either');
    assert.equal(await uses(), usesBefore + 1);
    const audit = await calls();
    assert.equal(audit.length, callsBefore + 1);
    assert.equal(audit.at(-1)?.outcome, 'success');
  });

  it('retries a failing system with back-off and answers when it recovers', async () => {
    agency.mode = 'fail-twice';
    const res = await ask('501234567');
    assert.equal(res.statusCode, 200);
    assert.equal(agency.calls, 3);
    assert.equal((await calls()).at(-1)?.details?.attempts, 3);
  });

  it('says the system did not answer when it times out or answers garbage, and counts no use', async () => {
    const before = await uses();
    agency.mode = 'slow';
    const slow = await ask('501234567');
    assert.equal(slow.statusCode, 503);
    assert.match(slow.body, /did not answer/);
    agency.mode = 'garbage';
    const garbage = await ask('501234567');
    assert.equal(garbage.statusCode, 503);
    assert.equal(garbage.body.includes('oops'), false, 'the agency page is never shown');
    assert.equal(await uses(), before);
    assert.equal((await calls()).at(-1)?.outcome, 'failure');
  });

  it('stops calling a system that is down (circuit open) and says so at once', async () => {
    agency.mode = 'down';
    for (let i = 0; i < 3; i++) assert.equal((await ask('501234567')).statusCode, 503);
    const callsWhenOpen = agency.calls;
    const paused = await ask('501234567');
    assert.equal(paused.statusCode, 503);
    assert.match(paused.body, /not sending requests to it for a short while/);
    assert.equal(agency.calls, callsWhenOpen, 'no call while the circuit is open');
    assert.equal((await calls()).at(-1)?.reason, 'circuit open');
  });

  it('checks the questions first: bad input gets the error summary and nothing is sent', async () => {
    const res = await ask("1' or 1=1");
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /govuk-error-summary/);
    assert.match(res.body, /Enter the 9-digit subscriber number/);
    assert.equal(agency.calls, 0);
  });

  it('refuses a definition whose endpoint is plain http to another host', async () => {
    await assert.rejects(
      saveDefinition(
        t.database.db,
        {
          code: CODE,
          agencyCode: 'AZERSU',
          definition: { kind: 'external', note: text3('x'), endpoint: { url: 'http://agency.example/x' } },
        },
        t.clock.now(),
      ),
      /endpoint\/url/,
    );
  });
});
