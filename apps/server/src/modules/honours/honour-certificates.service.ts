import { HONOUR_LABELS } from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import type { Db } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { shanghaiDay } from '../chores/chore-occurrence';
import { renderCertificate, verifyUrlOf } from './certificate-pdf';
import { periodLabel } from './honour-period';
import * as repo from './honours.repository';
import type { HonoursService } from './honours.service';

/**
 * Honour certificates (docs/rules.md#honours): the PDF of an honoured captain in a published round, for the
 * captain and the street's staff, and its public check by the token in its QR code.
 */
export class HonourCertificatesService {
  constructor(
    private readonly db: Db,
    private readonly publicUrl: string,
    private readonly honours: HonoursService,
  ) {}

  /** The certificate of an honoured captain in a published round: for the captain and the street's staff. */
  async certificate(ctx: RequestContext, roundId: number, userId: number): Promise<{ pdf: Buffer; filename: string }> {
    const r = await repo.findRound(this.db, roundId);
    if (!r) throw notFound();
    if (ctx.actor.userId !== userId) await this.honours.readable(ctx, roundId);
    const s = await repo.scoreOf(this.db, roundId, userId);
    if (r.status !== 'published' || !s || s.isHonoured !== 1 || !s.certificateToken) {
      throw new AppError('HONOUR_NOT_HONOURED');
    }
    const v = await repo.byToken(this.db, s.certificateToken);
    if (!v) throw new AppError('HONOUR_NOT_HONOURED');
    const title = HONOUR_LABELS[r.kind].zh;
    const pdf = await renderCertificate({
      name: s.name,
      title,
      periodLabel: periodLabel(r.period),
      streetName: v.streetName,
      issuedOn: shanghaiDay(new Date(r.publishedAt as string | Date)),
      verifyUrl: verifyUrlOf(this.publicUrl, s.certificateToken),
    });
    return { pdf, filename: `${s.name}-${title}-${r.period}.pdf` };
  }

  /** Verifies a certificate by the token in its QR code (public). */
  async verify(token: string) {
    const v = await repo.byToken(this.db, token);
    if (!v) throw notFound();
    return {
      valid: true as const,
      name: v.name,
      kind: v.kind,
      title: HONOUR_LABELS[v.kind].zh,
      period: v.period,
      streetName: v.streetName,
      publishedAt: new Date(v.publishedAt).toISOString(),
    };
  }
}
