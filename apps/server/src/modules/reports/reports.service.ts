import type { Actor } from '../../platform/actor';
import type { Db } from '../../platform/db';
import type { ReportClocksService } from './report-clocks.service';
import type { ReportDuplicatesService } from './report-duplicates.service';
import type { ReportHandlingService } from './report-handling.service';
import type { ReportIntakeService } from './report-intake.service';
import type { ReportListsService } from './report-lists.service';
import type { ReportViewsService } from './report-views.service';

/**
 * Residents' reports (docs/rules.md#reports): intake from every door, routing from the building's captain (or
 * property window) up through grid, community and street to a department (社区吹哨、部门报到), SLA
 * clocks that escalate by themselves, ratings that reopen, duplicates joined and merged. Every change
 * is one compare-and-set on the report's `version` plus one timeline event, audit row and notifications
 * in the same transaction (ReportChangesService).
 *
 * What the routes and other modules call, each workflow in its own service: intake (ReportIntakeService),
 * the handlers' actions and the rating (ReportHandlingService), duplicates (ReportDuplicatesService), the
 * SLA job (ReportClocksService), one report (ReportViewsService) and the lists (ReportListsService).
 */
export class ReportsService {
  /** Whether `actor` may see a report that photo `photoId` is attached to (for PhotosService.read). */
  readonly seesPhoto: (db: Db, actor: Actor, photoId: number) => Promise<boolean>;

  constructor(
    private readonly intake: ReportIntakeService,
    private readonly handling: ReportHandlingService,
    private readonly duplicates: ReportDuplicatesService,
    private readonly clocks: ReportClocksService,
    private readonly views: ReportViewsService,
    private readonly lists: ReportListsService,
  ) {
    this.seesPhoto = views.seesPhoto;
  }

  // ---------------------------------------------------------------- intake

  create(...a: Parameters<ReportIntakeService['create']>) {
    return this.intake.create(...a);
  }
  createFromSystem(...a: Parameters<ReportIntakeService['createFromSystem']>) {
    return this.intake.createFromSystem(...a);
  }

  // ---------------------------------------------------------------- handling

  accept(...a: Parameters<ReportHandlingService['accept']>) {
    return this.handling.accept(...a);
  }
  answer(...a: Parameters<ReportHandlingService['answer']>) {
    return this.handling.answer(...a);
  }
  resolve(...a: Parameters<ReportHandlingService['resolve']>) {
    return this.handling.resolve(...a);
  }
  escalate(...a: Parameters<ReportHandlingService['escalate']>) {
    return this.handling.escalate(...a);
  }
  reject(...a: Parameters<ReportHandlingService['reject']>) {
    return this.handling.reject(...a);
  }
  returnToStreet(...a: Parameters<ReportHandlingService['returnToStreet']>) {
    return this.handling.returnToStreet(...a);
  }
  rate(...a: Parameters<ReportHandlingService['rate']>) {
    return this.handling.rate(...a);
  }

  // ---------------------------------------------------------------- duplicates

  similar(...a: Parameters<ReportDuplicatesService['similar']>) {
    return this.duplicates.similar(...a);
  }
  join(...a: Parameters<ReportDuplicatesService['join']>) {
    return this.duplicates.join(...a);
  }
  merge(...a: Parameters<ReportDuplicatesService['merge']>) {
    return this.duplicates.merge(...a);
  }

  // ---------------------------------------------------------------- clocks

  runClocks(...a: Parameters<ReportClocksService['run']>) {
    return this.clocks.run(...a);
  }

  // ---------------------------------------------------------------- reads

  get(...a: Parameters<ReportViewsService['get']>) {
    return this.views.get(...a);
  }
  photo(...a: Parameters<ReportViewsService['photo']>) {
    return this.views.photo(...a);
  }
  list(...a: Parameters<ReportListsService['list']>) {
    return this.lists.list(...a);
  }
  exportRows(...a: Parameters<ReportListsService['exportRows']>) {
    return this.lists.exportRows(...a);
  }
  handlingCounts(...a: Parameters<ReportListsService['handlingCounts']>) {
    return this.lists.handlingCounts(...a);
  }
  places(...a: Parameters<ReportListsService['places']>) {
    return this.lists.places(...a);
  }
}
