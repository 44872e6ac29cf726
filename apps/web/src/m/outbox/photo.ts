/**
 * Camera photos are shrunk on the phone before they are queued: a 12-megapixel shot becomes a
 * ≤1600 px JPEG of a few hundred KB, so it fits the outbox and uploads on a weak signal.
 */

export const MAX_EDGE = 1600;
export const JPEG_QUALITY = 0.8;

/** The size a w×h image is drawn at so its longer edge is at most `max` (never enlarged). */
export function fitWithin(w: number, h: number, max = MAX_EDGE): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(w, h));
  return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) };
}

async function decode(
  file: Blob,
): Promise<{ source: CanvasImageSource; width: number; height: number; free: () => void }> {
  if (typeof createImageBitmap === 'function') {
    try {
      const bmp = await createImageBitmap(file, { imageOrientation: 'from-image' });
      return { source: bmp, width: bmp.width, height: bmp.height, free: () => bmp.close() };
    } catch {
      // fall back to <img> (older WebViews)
    }
  }
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    return { source: img, width: img.naturalWidth, height: img.naturalHeight, free: () => URL.revokeObjectURL(url) };
  } catch (e) {
    URL.revokeObjectURL(url);
    throw e;
  }
}

/** Downscales an image file to a JPEG blob (≤1600 px, quality 0.8). Throws if it is not an image. */
export async function downscalePhoto(file: Blob): Promise<Blob> {
  const img = await decode(file);
  try {
    const { width, height } = fitWithin(img.width, img.height);
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const g = canvas.getContext('2d');
    if (!g) throw new Error('no 2d canvas');
    g.fillStyle = '#fff'; // transparent PNGs become white, not black
    g.fillRect(0, 0, width, height);
    g.drawImage(img.source, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('toBlob failed'))), 'image/jpeg', JPEG_QUALITY),
    );
  } finally {
    img.free();
  }
}
