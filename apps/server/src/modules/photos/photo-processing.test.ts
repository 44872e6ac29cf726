import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { differenceHash, hammingDistance, PhotoRejected, processPhoto, sniffImage } from './photo-processing';

/** A 400×200 picture with a gradient and a block, so hashes have something to see. */
async function picture(seed = 0, format: 'jpeg' | 'png' | 'webp' = 'jpeg'): Promise<Buffer> {
  const w = 400;
  const h = 200;
  const px = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      const block = x > 100 + seed * 40 && x < 200 + seed * 40 && y > 50 && y < 150;
      px[i] = block ? 250 : (x * 255) / w;
      px[i + 1] = block ? 30 : (y * 255) / h;
      px[i + 2] = (seed * 60) % 255;
    }
  }
  return sharp(px, { raw: { width: w, height: h, channels: 3 } })
    [format]()
    .toBuffer();
}

describe('photo processing', () => {
  it('sniffs JPEG, PNG and WebP by content, and nothing else', async () => {
    expect(sniffImage(await picture(0, 'jpeg'))).toBe('jpeg');
    expect(sniffImage(await picture(0, 'png'))).toBe('png');
    expect(sniffImage(await picture(0, 'webp'))).toBe('webp');
    expect(sniffImage(Buffer.from('GIF89a……'))).toBeNull();
    expect(sniffImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
  });

  it('drops EXIF (GPS included) and applies the orientation', async () => {
    const withGps = await sharp(await picture())
      .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '22/1 22/1 0/1' } })
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    expect((await sharp(withGps).metadata()).exif).toBeDefined();
    const out = await processPhoto(withGps);
    const meta = await sharp(out.image).metadata();
    expect(meta.exif).toBeUndefined();
    expect([out.width, out.height]).toEqual([200, 400]); // rotated a quarter turn, upright
  });

  it('gives a re-encoded copy the same hash region and a different picture a distant one', async () => {
    const a = await picture(0);
    const again = await sharp(a).jpeg({ quality: 40 }).resize(300).toBuffer();
    const other = await picture(3);
    const ha = await differenceHash(a);
    expect(hammingDistance(ha, await differenceHash(again))).toBeLessThanOrEqual(6);
    expect(hammingDistance(ha, await differenceHash(other))).toBeGreaterThan(6);
  });

  it('refuses what is not an image, and a decompression bomb', async () => {
    await expect(processPhoto(Buffer.from('%PDF-1.7 not an image'))).rejects.toEqual(new PhotoRejected('type'));
    const huge = await sharp({ create: { width: 8000, height: 6000, channels: 3, background: '#fff' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    await expect(processPhoto(huge)).rejects.toEqual(new PhotoRejected('pixels'));
    const truncated = (await picture()).subarray(0, 200);
    await expect(processPhoto(truncated)).rejects.toBeInstanceOf(PhotoRejected);
  });
});
