import { createCanvas } from '@napi-rs/canvas';
import jsQR from 'jsqr';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * Reads a PDF the way a person would see it, with PDF.js and an npm canvas (no system tools): each
 * page's text, the share of dark pixels once rendered, and the QR code found on it, if any.
 */
export async function readPdf(
  pdf: Buffer,
): Promise<{ pages: { text: string; darkShare: number; qr: string | null }[] }> {
  const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false }).promise;
  const pages: { text: string; darkShare: number; qr: string | null }[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    const text = content.items.map((it) => ('str' in it ? it.str : '')).join('');
    const viewport = page.getViewport({ scale: 1.5 });
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvasContext: ctx as never, canvas: canvas as never, viewport }).promise;
    const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let dark = 0;
    for (let p = 0; p < img.data.length; p += 4) if ((img.data[p] ?? 255) < 128) dark++;
    const qr = jsQR(new Uint8ClampedArray(img.data), img.width, img.height);
    pages.push({ text, darkShare: dark / (img.width * img.height), qr: qr?.data ?? null });
  }
  await doc.destroy();
  return { pages };
}
