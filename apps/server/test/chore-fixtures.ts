import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';

let seed = 1;
/**
 * A JPEG whose perceptual hash differs from every other call's: a 9×8 grid of seeded random greys,
 * scaled up. Same `n` → same picture.
 */
export async function distinctJpeg(n = seed++ * 7919): Promise<Buffer> {
  let s = (n * 2654435761) >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % 256;
  };
  const raw = Buffer.alloc(9 * 8 * 3);
  for (let i = 0; i < 72; i++) raw.fill(next(), i * 3, i * 3 + 3);
  return sharp(raw, { raw: { width: 9, height: 8, channels: 3 } })
    .resize(90, 80, { kernel: 'nearest' })
    .jpeg()
    .toBuffer();
}

/** Uploads through POST /api/v1/photos and returns the photo id. */
export async function uploadPhoto(app: FastifyInstance, cookie: string, bytes?: Buffer): Promise<number> {
  const body = bytes ?? (await distinctJpeg());
  const boundary = `----chores${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
    ),
    body,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/photos',
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie },
  });
  if (res.statusCode !== 201) throw new Error(`upload failed: ${res.statusCode} ${res.body}`);
  return res.json().id;
}
