import { z } from 'zod';
import { IdParam } from './common';

export const PhotoView = z.object({
  id: z.number(),
  url: z.string(),
  thumbUrl: z.string(),
  width: z.number(),
  height: z.number(),
});
export type PhotoView = z.infer<typeof PhotoView>;

export const PhotoParams = z.object({ id: IdParam }).strict();
export const PhotoQuery = z.object({ thumb: z.enum(['0', '1']).optional() }).strict();
