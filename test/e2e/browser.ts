import fs from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { buildTestApp, type TestApp, type TestAppOptions } from '../helpers/app.ts';

export const CHROMIUM = '/usr/bin/chromium';

// The flags this machine needs: no sandbox as root, and no background traffic to a network it cannot reach.
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserTest extends TestApp {
  baseUrl: string;
  browser: Browser;
  newPage(options?: { javaScriptEnabled?: boolean }): Promise<{ page: Page; context: BrowserContext }>;
}

/** The whole portal on a real port, and Debian's Chromium driven by playwright-core. */
export async function startBrowserTest(options: TestAppOptions = {}): Promise<BrowserTest> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: install it with "apt-get install -y chromium"`);
  const t = await buildTestApp(options);
  const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
  // playwright gives each launch a new empty profile of its own.
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  return {
    ...t,
    baseUrl: address,
    browser,
    newPage: async (pageOptions = {}) => {
      const context = await browser.newContext({ javaScriptEnabled: pageOptions.javaScriptEnabled ?? true });
      return { page: await context.newPage(), context };
    },
    close: async () => {
      await browser.close();
      await t.close();
    },
  };
}

/** WCAG 2.2 A and AA rules of axe; returns the violations so the test can print them. */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return result.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
}

export type { FastifyInstance };
