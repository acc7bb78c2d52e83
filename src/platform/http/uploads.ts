import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';

/** A file as the multipart parser leaves it in the body: buffered in memory, never written to disk here. */
export interface Upload {
  data: Buffer;
  /** True when the file was longer than the limit (data holds only its first part). */
  truncated: boolean;
  filename: string;
}

export interface UploadLimits {
  fileSize: number;
  files: number;
  fields: number;
  fieldSize: number;
}

/**
 * @fastify/multipart for the calling plugin's scope only: fields and files land in `request.body` (the CSRF
 * check finds `_csrf` there as in any form); an oversized file is marked truncated rather than thrown, so
 * the route can answer with its own localised error.
 */
export async function registerUploads(app: FastifyInstance, limits: UploadLimits): Promise<void> {
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { ...limits, parts: limits.files + limits.fields },
    async onFile(part: MultipartFile) {
      const data = await part.toBuffer();
      (part as unknown as { value: Upload }).value = {
        data,
        truncated: part.file.truncated,
        filename: part.filename ?? '',
      };
    },
  });
}

/** A chosen file, or undefined when the field was left empty (or is not a file part at all). */
export function asUpload(value: unknown): Upload | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const upload = value as Upload;
  if (!Buffer.isBuffer(upload.data)) return undefined;
  return upload.data.length > 0 || upload.truncated ? upload : undefined;
}
