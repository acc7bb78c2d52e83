import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

// DejaVu Sans (Bitstream Vera licence + public-domain DejaVu changes; redistribution and embedding allowed,
// see docs/documents.md) covers Azerbaijani Latin (ə ğ ı ş ç ö ü) and Cyrillic. Read once per process.
const require = createRequire(import.meta.url);
const dir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

let cached: { regular: Uint8Array; bold: Uint8Array } | undefined;

export function documentFonts(): { regular: Uint8Array; bold: Uint8Array } {
  cached ??= {
    regular: fs.readFileSync(path.join(dir, 'DejaVuSans.ttf')),
    bold: fs.readFileSync(path.join(dir, 'DejaVuSans-Bold.ttf')),
  };
  return cached;
}
