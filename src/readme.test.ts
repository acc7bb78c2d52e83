import assert from 'node:assert/strict';
import fs from 'node:fs';
import { it } from 'node:test';
import { VARIABLES } from './config.ts';

it('the README documents every configuration variable', () => {
  const readme = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  for (const variable of VARIABLES)
    assert.match(readme, new RegExp(`\\| \`${variable.name}\` \\|`), variable.name);
});
