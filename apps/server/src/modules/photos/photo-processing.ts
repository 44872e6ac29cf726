import { createHash } from 'node:crypto';
import sharp, { type Metadata } from 'sharp';

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/** 40 megapixels: more than any phone camera, less than a decompression bomb. */
export const MAX_PHOTO_PIXELS = 40_000_000;
const MAX_EDGE = 2048;
const THUMB_EDGE = 320;

export type SniffedType = 'jpeg' | 'png' | 'webp';

/** The image type by magic bytes, whatever the file name or declared content type says. */
export function sniffImage(buf: Buffer): SniffedType | null {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'jpeg';
  if (buf.length >= 8 && buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return 'png';
  }
  if (buf.length >= 12 && buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WEBP') {
    return 'webp';
  }
  return null;
}

export interface ProcessedPhoto {
  image: Buffer;
  thumb: Buffer;
  sha256: string;
  phash: string;
  width: number;
  height: number;
}

export class PhotoRejected extends Error {
  constructor(readonly reason: 'type' | 'size' | 'pixels' | 'decode') {
    super(reason);
  }
}

/**
 * Re-encodes an upload to JPEG: applies the EXIF orientation, then drops all metadata (sharp writes
 * none unless asked), which removes the GPS position phones record. Also makes a thumbnail and the
 * perceptual hash.
 */
export async function processPhoto(input: Buffer): Promise<ProcessedPhoto> {
  if (input.length > MAX_PHOTO_BYTES) throw new PhotoRejected('size');
  if (!sniffImage(input)) throw new PhotoRejected('type');
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: MAX_PHOTO_PIXELS }).metadata();
  } catch (err) {
    if (/pixel limit/i.test(String(err))) throw new PhotoRejected('pixels');
    throw new PhotoRejected('decode');
  }
  if ((meta.width ?? 0) * (meta.height ?? 0) > MAX_PHOTO_PIXELS) throw new PhotoRejected('pixels');
  try {
    const base = () => sharp(input, { limitInputPixels: MAX_PHOTO_PIXELS }).rotate();
    const { data: image, info } = await base()
      .resize({ width: MAX_EDGE, height: MAX_EDGE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    const thumb = await sharp(image)
      .resize({ width: THUMB_EDGE, height: THUMB_EDGE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 75 })
      .toBuffer();
    return {
      image,
      thumb,
      sha256: createHash('sha256').update(image).digest('hex'),
      phash: await differenceHash(image),
      width: info.width,
      height: info.height,
    };
  } catch {
    throw new PhotoRejected('decode');
  }
}

/**
 * dHash: shrink to 9×8 grey, one bit per horizontally adjacent pair (left brighter than right).
 * Robust to re-encoding, resizing and small edits; reused photos land within a few bits.
 */
export async function differenceHash(image: Buffer): Promise<string> {
  const px = await sharp(image).greyscale().resize(9, 8, { fit: 'fill' }).raw().toBuffer();
  let bits = 0n;
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++) {
      bits = (bits << 1n) | ((px[y * 9 + x] as number) > (px[y * 9 + x + 1] as number) ? 1n : 0n);
    }
  }
  return bits.toString(16).padStart(16, '0');
}

/** Bits that differ between two hashes. */
export function hammingDistance(a: string, b: string): number {
  let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let n = 0;
  while (x) {
    n += Number(x & 1n);
    x >>= 1n;
  }
  return n;
}
