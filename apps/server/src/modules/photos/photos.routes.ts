import { PhotoParams, PhotoQuery, PhotoView } from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../platform/http';
import { readUploadedFile } from '../../platform/uploads';
import { MAX_PHOTO_BYTES } from './photo-processing';
import type { PhotosService } from './photos.service';

export function photosRoutes(app: FastifyInstance, photos: PhotosService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['photos'];

  r.post(
    '/api/v1/photos',
    {
      schema: {
        tags,
        summary: '上传照片（重新编码，去除位置信息）/ Upload a photo (re-encoded, location removed)',
        consumes: ['multipart/form-data'],
        response: { 201: PhotoView },
      },
      config: {
        rateLimit: { max: 120, timeWindow: '1 minute', keyGenerator: (req) => String(req.actor?.userId ?? req.ip) },
      },
    },
    async (req, reply) => {
      const ctx = contextOf(req);
      const bytes = await readUploadedFile(req, MAX_PHOTO_BYTES);
      return reply.status(201).send(await photos.upload(ctx, bytes));
    },
  );

  r.get(
    '/api/v1/photos/:id',
    { schema: { tags, summary: '查看照片 / A photo (JPEG)', params: PhotoParams, querystring: PhotoQuery } },
    async (req, reply) => {
      const bytes = await photos.read(contextOf(req), req.params.id, req.query.thumb === '1');
      return (
        reply
          .type('image/jpeg')
          // What a photo shows depends on who may see what it is attached to: nothing kept in caches.
          .header('cache-control', 'private, no-store')
          .send(bytes)
      );
    },
  );
}
