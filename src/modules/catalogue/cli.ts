import fs from 'node:fs';
import path from 'node:path';
import { EMBEDDED_NOTE, withDatabase } from '../../cli/database.ts';
import type { Command } from '../../cli/egov.ts';
import { systemClock } from '../../platform/clock.ts';
import { exportCatalogue } from './export.ts';
import { type ImportCounts, importCatalogue } from './import.ts';
import { CatalogueImportError } from './validate.ts';

function readJson(file: string): { data?: unknown; error?: string } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    return {
      error: `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    };
  }
  try {
    return { data: JSON.parse(text) };
  } catch (error) {
    return { error: `${file} is not valid JSON: ${(error as Error).message}` };
  }
}

const counts = (c: ImportCounts) => `${c.created} new, ${c.updated} changed, ${c.unchanged} unchanged`;

export const catalogueCommands: Record<string, Command> = {
  'catalogue import': {
    summary:
      'Import categories, agencies and services from a JSON file (docs/catalogue-format.md), upserting by code. ' +
      `All or nothing: any invalid entry changes nothing and is named with its field and reason. ${EMBEDDED_NOTE}`,
    usage: 'egov catalogue import FILE.json [--dry-run]',
    options: { 'dry-run': { type: 'boolean' } },
    run: async ({ values, positionals }) => {
      const file = positionals[0];
      if (!file || positionals.length > 1) {
        console.error('Usage: egov catalogue import FILE.json [--dry-run]');
        return 1;
      }
      const { data, error } = readJson(file);
      if (error) {
        console.error(error);
        return 1;
      }
      const dryRun = values['dry-run'] === true;
      return withDatabase(async (database) => {
        try {
          const report = await importCatalogue(database.db, data, {
            at: systemClock.now(),
            actor: { role: 'cli' },
            source: path.basename(file),
            dryRun,
          });
          console.log(`${dryRun ? 'Checked (nothing written)' : 'Imported'} ${file}:`);
          console.log(`  categories: ${counts(report.categories)}`);
          console.log(`  agencies:   ${counts(report.agencies)}`);
          console.log(`  services:   ${counts(report.services)}`);
          return 0;
        } catch (e) {
          if (!(e instanceof CatalogueImportError)) throw e;
          console.error(e.message);
          return 1;
        }
      });
    },
  },
  'catalogue export': {
    summary:
      'Write the catalogue in the import format (to standard output, or --output FILE); --published leaves ' +
      `out drafts and retired services, as open data does. ${EMBEDDED_NOTE}`,
    usage: 'egov catalogue export [--output FILE] [--published]',
    options: { output: { type: 'string', short: 'o' }, published: { type: 'boolean' } },
    run: async ({ values }) =>
      withDatabase(async (database) => {
        const file = await exportCatalogue(database.db, {
          publishedOnly: values.published === true,
          at: systemClock.now(),
        });
        const text = `${JSON.stringify(file, null, 2)}\n`;
        if (typeof values.output === 'string') {
          fs.writeFileSync(values.output, text);
          console.error(`Wrote ${file.services?.length ?? 0} services to ${values.output}.`);
        } else process.stdout.write(text);
        return 0;
      }),
  },
};
