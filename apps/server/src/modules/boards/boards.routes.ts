import { BoardBuildingList, IdParams } from '@louzhang/contracts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../platform/http';
import type { BoardsService } from './boards.service';

function sendPdf(reply: FastifyReply, file: { pdf: Buffer; filename: string }) {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
    .header('cache-control', 'no-store')
    .send(file.pdf);
}

export function boardsRoutes(app: FastifyInstance, boards: BoardsService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['boards'];

  r.get(
    '/api/v1/buildings/:id/board.pdf',
    { schema: { tags, summary: '楼栋公示牌 / Printable building board (A4 PDF)', params: IdParams } },
    async (req, reply) => sendPdf(reply, await boards.building(contextOf(req), req.params.id)),
  );

  r.get(
    '/api/v1/org-units/:id/boards.pdf',
    {
      schema: {
        tags,
        summary: '批量打印公示牌 / Boards of every building of a community, grid or estate (one PDF)',
        params: IdParams,
      },
    },
    async (req, reply) => sendPdf(reply, await boards.under(contextOf(req), req.params.id)),
  );

  r.get(
    '/api/v1/org-units/:id/board-buildings',
    {
      schema: {
        tags,
        summary: '可打印公示牌的楼栋 / Buildings whose boards a batch for this community, grid or estate prints',
        params: IdParams,
        response: { 200: BoardBuildingList },
      },
    },
    async (req) => boards.buildingsOf(contextOf(req), req.params.id),
  );
}
