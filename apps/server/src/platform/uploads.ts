import type { FastifyRequest } from 'fastify';
import { AppError } from './errors';

/**
 * The one file of a multipart request, whole, or PAYLOAD_TOO_LARGE. busboy cuts a file at the limit and
 * marks it `truncated`; whether `toBuffer()` then throws depends on how the body arrived, so the mark and
 * the length are checked here as well: a cut file is never handed on as if it were the upload.
 */
export async function readUploadedFile(req: FastifyRequest, maxBytes: number): Promise<Buffer> {
  return (await readUploadedFileNamed(req, maxBytes)).bytes;
}

/** As readUploadedFile, with the name the sender gave the file. */
export async function readUploadedFileNamed(
  req: FastifyRequest,
  maxBytes: number,
): Promise<{ bytes: Buffer; fileName: string | null }> {
  if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  const file = await req.file({ limits: { fileSize: maxBytes, files: 1 }, throwFileSizeLimit: true });
  if (!file) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'file', message: 'required' }] });
  const bytes = await file.toBuffer();
  if (file.file.truncated || bytes.length > maxBytes) throw new AppError('PAYLOAD_TOO_LARGE');
  return { bytes, fileName: file.filename || null };
}
