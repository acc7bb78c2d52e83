import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

const LIST = new Set(
  fs
    .readFileSync(path.join(here, 'data/common-passcodes.txt'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#')),
);

/** Short words that are only weak with digits around them ("qwerty2026", "admin!123"). */
const COMMON_STEMS = new Set(
  'password passw0rd qwerty admin welcome letmein iloveyou parol sifre salam azerbaycan azerbaijan baku baki qarabag egov passcode dragon monkey abc test love pass user login'.split(
    ' ',
  ),
);

const KEYBOARD_ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'abcdefghijklmnopqrstuvwxyz'];

/** A run through a keyboard row or the alphabet, forwards or backwards ("12345678", "hgfedcba"). */
function isSequence(value: string): boolean {
  return KEYBOARD_ROWS.some((row) => {
    const both = [row, [...row].reverse().join('')];
    return both.some((r) => r.includes(value));
  });
}

/** Refuses the shipped list and the patterns every cracking dictionary starts with. */
export function isCommonPasscode(lower: string): boolean {
  if (LIST.has(lower)) return true;
  if (new Set(lower).size <= 2) return true;
  if (isSequence(lower)) return true;
  // Repetitions of a short chunk: "abcabcabc", "12121212".
  for (let size = 1; size <= 4; size++) {
    const chunk = lower.slice(0, size);
    if (chunk.repeat(Math.ceil(lower.length / size)).slice(0, lower.length) === lower) return true;
  }
  // A listed word with digits or "!" stuck on the end ("password2026!").
  const stem = lower.replace(/[\d!@#$%.*_-]+$/, '').replace(/^[\d!@#$%.*_-]+/, '');
  return stem !== lower && (LIST.has(stem) || COMMON_STEMS.has(stem) || stem.length === 0);
}
