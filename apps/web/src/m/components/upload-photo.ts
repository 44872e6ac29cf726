import { api } from '../../common/api';

/** Uploads one photo taken on the phone (already downscaled) and returns its id, for a request to name it. */
export async function uploadPhoto(blob: Blob): Promise<number> {
  const form = new FormData();
  form.append('file', blob, 'photo.jpg');
  return (await api.post<{ id: number }>('/photos', form)).id;
}
