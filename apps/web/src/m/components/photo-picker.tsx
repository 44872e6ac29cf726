import Toast from 'antd-mobile/es/components/toast';
import CameraOutline from 'antd-mobile-icons/es/CameraOutline';
import CloseCircleFill from 'antd-mobile-icons/es/CloseCircleFill';
import { useEffect, useMemo, useRef, useState } from 'react';
import { fmt, useI18n } from '../../common/i18n';
import { downscalePhoto } from '../outbox/photo';

/**
 * "拍照" with the back camera (`capture=environment`; a phone without one offers the gallery), each
 * photo downscaled on the phone at once. Shows the photos taken with a big × to drop one.
 */
export function PhotoPicker({
  photos,
  onChange,
  max = 6,
  label,
}: {
  photos: Blob[];
  onChange: (photos: Blob[]) => void;
  max?: number;
  label?: string;
}) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const urls = useMemo(() => photos.map((p) => URL.createObjectURL(p)), [photos]);
  useEffect(
    () => () => {
      for (const u of urls) URL.revokeObjectURL(u);
    },
    [urls],
  );

  async function picked(files: FileList | null) {
    if (!files || files.length === 0) return;
    setBusy(true);
    const added: Blob[] = [];
    try {
      for (const f of Array.from(files).slice(0, max - photos.length)) {
        try {
          added.push(await downscalePhoto(f));
        } catch {
          Toast.show({ content: t.mOutbox.notAnImage });
        }
      }
      if (added.length) onChange([...photos, ...added]);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  }

  return (
    <div className="m-photos">
      {urls.map((u, i) => (
        <div key={u} className="m-photo">
          <img src={u} alt={fmt(t.mOutbox.photoN, { n: i + 1 })} />
          <button
            type="button"
            className="m-photo-remove"
            aria-label={fmt(t.mOutbox.removePhoto, { n: i + 1 })}
            onClick={() => onChange(photos.filter((_, j) => j !== i))}
          >
            <CloseCircleFill />
          </button>
        </div>
      ))}
      {photos.length < max && (
        <label className="m-photo-add" aria-busy={busy}>
          <CameraOutline className="m-photo-add-icon" />
          <span>{busy ? t.common.loading : (label ?? t.mOutbox.takePhoto)}</span>
          <input
            ref={input}
            type="file"
            accept="image/*"
            capture="environment"
            className="m-visually-hidden"
            data-testid="photo-input"
            onChange={(e) => void picked(e.target.files)}
          />
        </label>
      )}
    </div>
  );
}
