import { toDataURL } from 'qrcode';
import { useEffect, useState } from 'react';

/** A QR code as an image (big, high contrast, for scanning from a phone screen or a printout). */
export function QrCode({ text, size = 240, alt }: { text: string; size?: number; alt: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    toDataURL(text, { margin: 2, width: size * 2, errorCorrectionLevel: 'M' }).then(
      (url) => live && setSrc(url),
      () => live && setSrc(null),
    );
    return () => {
      live = false;
    };
  }, [text, size]);
  return (
    <div className="m-qr" style={{ width: size, height: size }}>
      {src && <img src={src} width={size} height={size} alt={alt} data-qr={text} />}
    </div>
  );
}
