import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deviceClass, exclusionReason, pageFromPath, pageFromRoute, referrerHost } from './classify.ts';
import { defaultPeriod, localDate, parsePeriod } from './period.ts';

describe('classifying requests', () => {
  it('derives the kind of page and its service or agency from the route', () => {
    assert.deepEqual(pageFromRoute('/:lang/services/:code', { lang: 'az', code: 'MLSPP-0001' }), {
      pageType: 'service',
      serviceCode: 'MLSPP-0001',
      agencyCode: undefined,
      path: '/services/MLSPP-0001',
    });
    assert.equal(pageFromRoute('/:lang/agencies/:code', { code: 'MCHT' }).agencyCode, 'MCHT');
    assert.equal(pageFromRoute('/:lang/services', {}).pageType, 'catalogue');
    assert.equal(pageFromRoute('/:lang', {}).pageType, 'home');
    assert.equal(pageFromRoute('/:lang/something-new', {}).pageType, 'other');
    assert.equal(pageFromRoute('/:lang/something-new', {}, 'news').pageType, 'news');
    assert.equal(pageFromRoute('/:lang/services/:code', { code: '<x>' }).serviceCode, undefined);
  });

  it('classifies imported paths the same way without keeping private segments', () => {
    assert.equal(pageFromPath('/en/services/SVC-1/apply?step=2').path, '/services/SVC-1');
    assert.equal(pageFromPath('/az/account/applications/12345').path, '/account');
    assert.equal(pageFromPath('/weird/thing').path, '/(other)');
    assert.equal(pageFromPath('/ru').pageType, 'home');
  });

  it('tells devices, bots and referrers apart', () => {
    assert.equal(deviceClass('Mozilla/5.0 (Linux; Android 14; Pixel 8) Mobile Safari/537.36'), 'mobile');
    assert.equal(deviceClass('Mozilla/5.0 (Linux; Android 13; SM-X200) Safari/537.36'), 'tablet');
    assert.equal(deviceClass('Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X)'), 'tablet');
    assert.equal(deviceClass('Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0'), 'desktop');
    const facts = (userAgent: string | undefined) => ({ userAgent, headers: {}, hasCookies: false });
    assert.equal(exclusionReason(facts('Mozilla/5.0 (compatible; bingbot/2.0)')), 'bot');
    assert.equal(exclusionReason(facts('curl/8.5.0')), 'bot');
    assert.equal(exclusionReason(facts('')), 'no_user_agent');
    assert.equal(exclusionReason(facts('Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0')), undefined);
    assert.equal(referrerHost('https://www.Google.com/search?q=x', ['portal.gov.az']), 'google.com');
    assert.equal(referrerHost('https://portal.gov.az/az', ['portal.gov.az']), undefined);
    assert.equal(referrerHost('https://WWW.Portal.gov.az?x=1', ['portal.gov.az']), undefined);
    assert.equal(
      referrerHost('https://portal.gov.az.evil.com/', ['portal.gov.az']),
      'portal.gov.az.evil.com',
    );
    assert.equal(referrerHost('https://portal.gov.az@evil.com/', ['portal.gov.az']), 'evil.com');
    assert.equal(referrerHost('javascript:alert(1)', []), undefined);
    assert.equal(referrerHost(`https://${'a'.repeat(300)}.com/`, []), undefined);
  });

  it('reads periods as local dates, half-open, defaulting to the last 30 days', () => {
    const now = new Date('2026-03-01T21:30:00Z');
    assert.equal(localDate(now, 'Asia/Baku'), '2026-03-02');
    assert.deepEqual(defaultPeriod(now, 'Asia/Baku'), { from: '2026-02-01', to: '2026-03-03' });
    assert.deepEqual(parsePeriod({ from: '2016-01-01', to: '2016-07-01' }, now, 'Asia/Baku'), {
      period: { from: '2016-01-01', to: '2016-07-01' },
      problems: [],
    });
    assert.deepEqual(parsePeriod({ from: '2016-02-30' }, now, 'Asia/Baku').problems, ['fromInvalid']);
    assert.deepEqual(parsePeriod({ from: '2016-07-01', to: '2016-07-01' }, now, 'Asia/Baku').problems, [
      'order',
    ]);
  });
});
