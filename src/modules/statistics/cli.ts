import fs from 'node:fs';
import readline from 'node:readline';
import { EMBEDDED_NOTE, withDatabase } from '../../cli/database.ts';
import type { Command } from '../../cli/egov.ts';
import { systemClock } from '../../platform/clock.ts';
import { LANGUAGES, type Language } from '../../platform/i18n/i18n.ts';
import { resolveSecretKey } from '../../platform/secret.ts';
import type { ImportProgress, ImportSummary } from './import.ts';
import { isDate, parsePeriod } from './period.ts';

/** A progress bar on stderr, only on a terminal: bytes read, rate in lines/s and time left. */
function progressBar(total: number | undefined) {
  if (!process.stderr.isTTY) return undefined;
  const started = Date.now();
  return (p: ImportProgress) => {
    const seconds = (Date.now() - started) / 1000 || 0.001;
    const rate = Math.round(p.lines / seconds);
    const share = total ? Math.min(1, p.bytes / total) : 0;
    const left = total && share > 0 ? Math.round((seconds / share) * (1 - share)) : undefined;
    const bar = total
      ? `[${'#'.repeat(Math.round(share * 30)).padEnd(30)}] ${Math.round(share * 100)}% `
      : '';
    process.stderr.write(
      `\r${bar}${p.lines} lines, ${rate}/s${left !== undefined ? `, ${left}s left` : ''}   `,
    );
  };
}

function printSummary(summary: ImportSummary, seconds: number): void {
  const imported = Object.entries(summary.imported)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const { storing, rollups, visits } = summary.seconds;
  console.log(
    `Read ${summary.lines} lines in ${seconds.toFixed(1)} s (storing ${storing.toFixed(1)} s, rollups ${rollups.toFixed(1)} s, web visits ${visits.toFixed(1)} s). Imported: ${imported}.`,
  );
  console.log(
    `Already imported before (skipped): ${summary.duplicates}. Bad lines (skipped): ${summary.badLines}.`,
  );
  for (const p of summary.problems.slice(0, 50)) console.error(`  line ${p.line}: ${p.reason}`);
  if (summary.badLines > 50) console.error(`  … and ${summary.badLines - 50} more bad lines.`);
}

export const statisticsCommands: Record<string, Command> = {
  'stats import': {
    summary: `Import usage history (NDJSON: service_use, pageview, certificate_issued, passcode_issued) from a file or stdin ("-"). Safe to repeat. ${EMBEDDED_NOTE}`,
    usage: 'egov stats import FILE.ndjson|-',
    run: ({ positionals }) =>
      withDatabase(async (database, config) => {
        const file = positionals[0] ?? '-';
        if (file !== '-' && !fs.existsSync(file)) {
          console.error(`No such file: ${file}`);
          return 1;
        }
        const input = file === '-' ? process.stdin : fs.createReadStream(file);
        const total = file === '-' ? undefined : fs.statSync(file).size;
        const started = Date.now();
        // Loaded here, not at the top: the command table stays light (src/cli/commands.ts).
        const { importEvents } = await import('./import.ts');
        let summary: ImportSummary | undefined;
        try {
          summary = await importEvents(
            database,
            readline.createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY }),
            {
              secret: resolveSecretKey(config.secretKey, config.dataDir),
              timeZone: config.timeZone,
              now: systemClock.now(),
              onProgress: progressBar(total),
            },
          );
        } catch (error) {
          console.error(
            `\nImport stopped: ${(error as Error).message}. Batches committed before the failure stay; run the same import again to finish (lines already imported are skipped).`,
          );
          return 2;
        }
        if (process.stderr.isTTY) process.stderr.write('\n');
        printSummary(summary, (Date.now() - started) / 1000);
        return summary.badLines > 0 ? 1 : 0;
      }),
  },
  'stats report': {
    summary: 'Write the statistics report of a period [from, to) as JSON or text.',
    usage: 'egov stats report --from 2016-01-01 --to 2016-07-01 [--format json|text] [--lang az|en|ru]',
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      format: { type: 'string' },
      lang: { type: 'string' },
    },
    run: ({ values }) => {
      const format = (values.format as string | undefined) ?? 'json';
      const lang = ((values.lang as string | undefined) ?? 'az') as Language;
      if (!['json', 'text'].includes(format) || !LANGUAGES.includes(lang)) {
        console.error('--format must be json or text, --lang az, en or ru.');
        return Promise.resolve(1);
      }
      if (!isDate(values.from) || !isDate(values.to)) {
        console.error('--from and --to must be dates YYYY-MM-DD (the period is [from, to)).');
        return Promise.resolve(1);
      }
      const { period, problem } = parsePeriod({ from: values.from, to: values.to }, values.from);
      if (problem) {
        console.error(
          problem === 'order' ? '--from must be before --to.' : 'The period must lie between 2000 and 2100.',
        );
        return Promise.resolve(1);
      }
      return withDatabase(async (database, config) => {
        const { buildReport } = await import('./report.ts');
        const { reportParagraphs } = await import('./report-text.ts');
        await import('./messages.ts');
        const report = await buildReport(database.db, period, config.timeZone, lang);
        if (format === 'json') console.log(JSON.stringify(report, null, 2));
        else console.log(reportParagraphs(report, lang, config.timeZone).join('\n\n'));
        return 0;
      });
    },
  },
};
