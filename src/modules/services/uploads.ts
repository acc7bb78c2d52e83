import crypto from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/client.ts';
import type { Upload } from '../../platform/http/uploads.ts';
import type { ApplicationDefinition, FormField } from './definition.model.ts';
import { applicationFiles } from './services.tables.ts';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/**
 * The types a file field may accept, each recognised by its first bytes. The file name and the content type
 * the browser sends are never trusted: an HTML page or a program named "contract.pdf" is refused.
 */
const SIGNATURES: Record<string, { magic: number[]; extension: string }> = {
  'application/pdf': { magic: [0x25, 0x50, 0x44, 0x46, 0x2d], extension: 'pdf' },
  'image/jpeg': { magic: [0xff, 0xd8, 0xff], extension: 'jpg' },
  'image/png': { magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], extension: 'png' },
};
export const KNOWN_TYPES = Object.keys(SIGNATURES);

/** What an application's data holds for an uploaded file (and so what a signature covers). */
export interface FileRef {
  id: string;
  name: string;
  type: string;
  size: number;
  sha256: string;
}

export const FILE_REF_SCHEMA = {
  type: 'object',
  required: ['id', 'name', 'type', 'size', 'sha256'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: '^[0-9a-f-]{36}$' },
    name: { type: 'string', maxLength: 120 },
    type: { enum: KNOWN_TYPES },
    size: { type: 'integer', minimum: 1, maximum: MAX_FILE_BYTES },
    sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
  },
};

export { asUpload, type Upload } from '../../platform/http/uploads.ts';

export function detectType(data: Uint8Array): string | undefined {
  for (const [type, { magic }] of Object.entries(SIGNATURES))
    if (data.length >= magic.length && magic.every((byte, i) => data[i] === byte)) return type;
  return undefined;
}

/** A name safe to show and to put in a content-disposition header: letters, digits, dot, dash, underscore. */
export function safeName(filename: string, type: string): string {
  const base = filename.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._ -]/gu, '_')
    .replace(/^[.\s]+/, '')
    .slice(0, 100)
    .trim();
  return cleaned || `file.${SIGNATURES[type]?.extension ?? 'bin'}`;
}

export type UploadCheck =
  | { ok: true; ref: FileRef; content: Buffer }
  | { ok: false; problem: 'type' | 'size' };

export function fieldLimit(field: FormField): number {
  return Math.min(field.maxBytes ?? MAX_FILE_BYTES, MAX_FILE_BYTES);
}

/** Checks one upload against its field: size first (a truncated part is too big), then the content's type. */
export function checkUpload(field: FormField, upload: Upload): UploadCheck {
  if (upload.truncated || upload.data.length > fieldLimit(field)) return { ok: false, problem: 'size' };
  const type = detectType(upload.data);
  if (!type || !(field.accept ?? KNOWN_TYPES).includes(type)) return { ok: false, problem: 'type' };
  return {
    ok: true,
    content: upload.data,
    ref: {
      id: crypto.randomUUID(),
      name: safeName(upload.filename, type),
      type,
      size: upload.data.length,
      sha256: crypto.createHash('sha256').update(upload.data).digest('hex'),
    },
  };
}

export const fileFields = (definition: ApplicationDefinition) =>
  definition.fields.filter((f) => f.type === 'file');

export function isFileRef(value: unknown): value is FileRef {
  return !!value && typeof value === 'object' && typeof (value as FileRef).sha256 === 'string';
}

/**
 * Makes the stored files of a draft match its data: files no longer referenced (replaced or removed) are
 * deleted, new ones inserted. Runs in the draft's transaction.
 */
export async function syncFiles(
  tx: Tx,
  applicationId: string,
  data: Record<string, unknown>,
  added: { field: string; ref: FileRef; content: Buffer }[],
  at: Date,
): Promise<void> {
  const kept = Object.values(data)
    .filter(isFileRef)
    .map((ref) => ref.id);
  const existing = await tx
    .select({ id: applicationFiles.id })
    .from(applicationFiles)
    .where(eq(applicationFiles.applicationId, applicationId));
  const stale = existing.map((r) => r.id).filter((id) => !kept.includes(id));
  if (stale.length > 0) await tx.delete(applicationFiles).where(inArray(applicationFiles.id, stale));
  for (const { field, ref, content } of added)
    await tx.insert(applicationFiles).values({
      id: ref.id,
      applicationId,
      field,
      name: ref.name,
      contentType: ref.type,
      size: ref.size,
      sha256: ref.sha256,
      content,
      createdAt: at,
    });
}

/** One stored file of an application (the caller has checked who may read the application). */
export async function applicationFile(db: Db, applicationId: string, fileId: string) {
  if (!/^[0-9a-f-]{36}$/.test(fileId)) return undefined;
  const [row] = await db
    .select()
    .from(applicationFiles)
    .where(and(eq(applicationFiles.applicationId, applicationId), eq(applicationFiles.id, fileId)));
  return row;
}

/**
 * Whether every file the application's data names is stored with exactly the bytes its SHA-256 says: the
 * signature covers the hashes, so a file changed in the table must read as a changed application.
 */
export async function filesIntact(db: Db, applicationId: string, data: Record<string, unknown>) {
  const refs = Object.values(data).filter(isFileRef);
  if (refs.length === 0) return true;
  const rows = await db
    .select()
    .from(applicationFiles)
    .where(eq(applicationFiles.applicationId, applicationId));
  return refs.every((ref) => {
    const row = rows.find((r) => r.id === ref.id);
    return !!row && crypto.createHash('sha256').update(row.content).digest('hex') === ref.sha256;
  });
}
