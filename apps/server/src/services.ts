import { resolve } from 'node:path';
import { registerExportKinds } from './export-kinds';
import { AccountsService } from './modules/accounts/accounts.service';
import { AuditService } from './modules/audit/audit.service';
import { AuthService } from './modules/auth/auth.service';
import { SecondFactorService } from './modules/auth/second-factor.service';
import { SmsCodesService } from './modules/auth/sms-codes.service';
import { BoardsService } from './modules/boards/boards.service';
import { CampaignSitesService } from './modules/campaigns/campaign-sites.service';
import { CampaignsService } from './modules/campaigns/campaigns.service';
import { CaptainPortraitsService } from './modules/captains/captain-portraits.service';
import { CaptainRecordsService } from './modules/captains/captain-records.service';
import { CaptainRegistrationService } from './modules/captains/captain-registration.service';
import { CaptainTrainingService } from './modules/captains/captain-training.service';
import { CaptainWorkService } from './modules/captains/captain-work.service';
import { CaptainsService } from './modules/captains/captains.service';
import { CoverageService } from './modules/captains/coverage.service';
import { RecruitmentService } from './modules/captains/recruitment.service';
import { CareService } from './modules/care/care.service';
import { CareVisitsService } from './modules/care/care-visits.service';
import { ChoreFiguresService } from './modules/chores/chore-figures.service';
import { ChorePublishingService } from './modules/chores/chore-publishing.service';
import { ChoreReviewService } from './modules/chores/chore-review.service';
import { ChoreTemplatesService } from './modules/chores/chore-templates.service';
import { ChoresService } from './modules/chores/chores.service';
import { ReviewQueueService } from './modules/chores/review-queue.service';
import { CouncilsService } from './modules/deliberation/councils.service';
import { DeliberationService } from './modules/deliberation/deliberation.service';
import { DeliberationExportsService } from './modules/deliberation/deliberation-exports.service';
import { ExportsService } from './modules/exports/exports.service';
import { FundsService } from './modules/funds/funds.service';
import { HonourCertificatesService } from './modules/honours/honour-certificates.service';
import { HonourTalliesService } from './modules/honours/honour-tallies.service';
import { HonoursService } from './modules/honours/honours.service';
import { HouseholdsService } from './modules/households/households.service';
import { HouseholdsExportService } from './modules/households/households-export.service';
import { HouseholdsExcelService } from './modules/households/households-import.service';
import { MallService } from './modules/mall/mall.service';
import { MallExportsService } from './modules/mall/mall-exports.service';
import { MallOrdersService } from './modules/mall/mall-orders.service';
import { PlacedOrdersService } from './modules/mall/mall-placed-orders.service';
import { SoldOutGoods } from './modules/mall/mall-sold-out';
import { MallTotalsService } from './modules/mall/mall-totals.service';
import { MonthlyReportsService } from './modules/monthly-reports/monthly-reports.service';
import { NoticesService } from './modules/notices/notices.service';
import { InAppChannel, OutboxChannel } from './modules/notifications/notification-channels';
import { NotificationsService } from './modules/notifications/notifications.service';
import { AliyunSms } from './modules/notifications/sms/aliyun-sms';
import { SmsDeliveryService } from './modules/notifications/sms/sms-delivery.service';
import { SmsOutboxService } from './modules/notifications/sms-outbox.service';
import { Open311Service } from './modules/open311/open311.service';
import { Open311ClientsService } from './modules/open311/open311-clients.service';
import { OrgService } from './modules/org/org.service';
import { PairingService } from './modules/partners/pairing.service';
import { PartnerAgreementsService } from './modules/partners/partner-agreements.service';
import { PartnersService } from './modules/partners/partners.service';
import { PhotosService } from './modules/photos/photos.service';
import { LedgerService } from './modules/points/ledger.service';
import { PointsService } from './modules/points/points.service';
import { ReportCategoriesService } from './modules/reports/report-categories.service';
import { ReportChangesService } from './modules/reports/report-changes.service';
import { ReportClocksService } from './modules/reports/report-clocks.service';
import { ReportDuplicatesService } from './modules/reports/report-duplicates.service';
import { ReportFiguresService } from './modules/reports/report-figures.service';
import { ReportHandlingService } from './modules/reports/report-handling.service';
import { HomeIntakeService } from './modules/reports/report-home-intake.service';
import { ReportIntakeService } from './modules/reports/report-intake.service';
import { ReportListsService } from './modules/reports/report-lists.service';
import { ReportViewsService } from './modules/reports/report-views.service';
import { ReportsService } from './modules/reports/reports.service';
import { ReportsPublicService } from './modules/reports/reports-public.service';
import { ResidencyService } from './modules/residency/residency.service';
import { ActivitiesService } from './modules/volunteering/activities.service';
import { ActivityAttendanceService } from './modules/volunteering/activity-attendance.service';
import { ActivitySignupsService } from './modules/volunteering/activity-signups.service';
import { DiaryService } from './modules/volunteering/diary.service';
import { VolunteersService } from './modules/volunteering/volunteers.service';
import { WorkbenchService } from './modules/workbench/workbench.service';
import type { Clock } from './platform/clock';
import type { Config } from './platform/config';
import type { PiiCipher } from './platform/crypto';
import type { Database } from './platform/db';
import { type BlobStore, LocalDiskStore } from './platform/files';
import { REPLICA_CHECK_EVERY_MS, ReplicaReads } from './platform/replica';

/**
 * The composition root of the modules: every service built from exactly the dependencies it uses (the
 * HTTP app in app.ts, the seed CLI and the tests build the same graph).
 */
export interface AppDeps {
  config: Config;
  database: Database;
  clock: Clock;
  cipher: PiiCipher;
  /** A streaming replica of `database` for lag-tolerant reads (DATABASE_REPLICA_URL); none: all reads on `database`. */
  replica?: Database;
  /** Where uploads go; local disk under the data folder unless given. */
  store?: BlobStore;
  /** Where log lines go; stdout unless given (tests read them). */
  logStream?: NodeJS.WritableStream;
}

/** Services built from their dependencies; each lists exactly what it uses. */
export function buildServices({ config, database, replica, clock, cipher, store }: AppDeps) {
  const db = database.db;
  // Dashboards, exports and the big lists read here: the replica while it is fresh, else the primary.
  const reads = new ReplicaReads(database, replica ?? null, {
    maxLagSeconds: config.replica?.maxLagSeconds ?? 10,
    checkEveryMs: REPLICA_CHECK_EVERY_MS,
  });
  const blobs = store ?? new LocalDiskStore(resolve(config.dataDir, 'files'));
  const photos = new PhotosService(db, clock, blobs);
  const smsOutbox = new SmsOutboxService(db, clock, cipher);
  const smsCodes = new SmsCodesService(db, clock, cipher, smsOutbox);
  const secondFactor = new SecondFactorService(db, clock, cipher);
  const auth = new AuthService(db, clock, cipher, config, smsCodes, secondFactor);
  const org = new OrgService(db, clock);
  const accounts = new AccountsService(db, clock, cipher, org, auth);
  const households = new HouseholdsService(db, reads, clock, cipher, org);
  const householdsExcel = new HouseholdsExcelService(db, clock, cipher, households, auth, blobs);
  const householdsExport = new HouseholdsExportService(db, reads, clock, cipher, households);
  const honourTallies = new HonourTalliesService();
  const ledger = new LedgerService(clock, honourTallies);
  const points = new PointsService(db, clock, ledger);
  // In-app inbox plus a local outbox standing in for SMS / WeChat until a real sender drains it (docs/rules.md#notifications).
  const notifications = new NotificationsService(db, clock, [new InAppChannel(), new OutboxChannel('sms')]);
  const captainRegistration = new CaptainRegistrationService(db, clock, accounts);
  const captainRecords = new CaptainRecordsService(db, clock, cipher, captainRegistration, ledger);
  // An exited captain's points stay redeemable for the street's period (docs/rules.md#captains).
  const soldOutGoods = new SoldOutGoods(db, config.soldOutCacheMs);
  const mall = new MallService(db, clock, ledger, notifications, captainRecords, soldOutGoods);
  const mallPlacedOrders = new PlacedOrdersService(db, clock, ledger, notifications);
  const mallTotals = new MallTotalsService(db);
  const mallExports = new MallExportsService(db, clock, mall);
  const mallOrders = new MallOrdersService(db, clock, cipher);
  const residency = new ResidencyService(db, clock, cipher, households, accounts, notifications);
  const reportChanges = new ReportChangesService(clock, notifications);
  const reportViews = new ReportViewsService(db, cipher, photos, residency);
  const homeIntake = new HomeIntakeService(db, clock, cipher, photos, notifications, residency, config.routingCacheMs);
  const reports = new ReportsService(
    new ReportIntakeService(db, clock, cipher, photos, residency, reportChanges, reportViews, homeIntake),
    new ReportHandlingService(db, clock, photos, reportChanges, reportViews, honourTallies),
    new ReportDuplicatesService(db, clock, reportChanges, reportViews),
    new ReportClocksService(db, clock, reportChanges),
    reportViews,
    new ReportListsService(db, reads, clock, cipher),
  );
  const reportsPublic = new ReportsPublicService(db, clock);
  const reportCategories = new ReportCategoriesService(db, clock);
  const reportFigures = new ReportFiguresService(db, reads);
  const choreTemplates = new ChoreTemplatesService(db, clock);
  const chorePublishing = new ChorePublishingService(db, clock);
  const chores = new ChoresService(db, clock, photos);
  const choreReview = new ChoreReviewService(db, clock, photos, ledger, notifications);
  const choreFigures = new ChoreFiguresService(db, clock, org, ledger);
  const reviewQueue = new ReviewQueueService(db, reads, clock, cipher, choreReview);
  const captains = new CaptainsService(db, reads, clock, cipher, chores, ledger);
  const recruitment = new RecruitmentService(db, clock, cipher, captainRegistration);
  const coverage = new CoverageService(db, reads, households, clock);
  const captainWork = new CaptainWorkService(db, clock, cipher);
  const captainTraining = new CaptainTrainingService(db, clock);
  const open311 = new Open311Service(db, clock, cipher, reports, reportsPublic, reportCategories, config.publicUrl);
  const open311Clients = new Open311ClientsService(db, clock);
  const care = new CareService(db, clock, cipher, org);
  const careVisits = new CareVisitsService(db, clock, cipher, care, reports, notifications);
  const notices = new NoticesService(db, clock, notifications, config.publicUrl, photos);
  const campaigns = new CampaignsService(db, clock);
  const campaignSites = new CampaignSitesService(db, clock, photos, notifications, campaigns);
  const deliberation = new DeliberationService(db, clock, photos, {
    outbox: smsOutbox,
    cipher,
    publicUrl: config.publicUrl,
  });
  const deliberationExports = new DeliberationExportsService(db, clock, deliberation);
  const funds = new FundsService(db, clock, photos, deliberation);
  const councils = new CouncilsService(db, clock);
  const captainPortraits = new CaptainPortraitsService(db, clock, photos);
  const volunteers = new VolunteersService(db, reads, clock);
  const activities = new ActivitiesService(db, clock, notifications);
  const activitySignups = new ActivitySignupsService(db, clock, notifications, cipher, activities);
  const activityAttendance = new ActivityAttendanceService(db, clock, ledger, activities);
  const partners = new PartnersService(db, clock, photos);
  const partnerAgreements = new PartnerAgreementsService(db, clock);
  const diary = new DiaryService(db, clock, cipher, photos);
  const pairing = new PairingService(db, clock);
  const honours = new HonoursService(db, clock, captainRecords, ledger, config.publicUrl, notifications, {
    storedTop: config.honoursStoredTop,
  });
  const honourCertificates = new HonourCertificatesService(db, config.publicUrl, honours);
  const boards = new BoardsService(db, cipher, reportsPublic, config.publicUrl, notices, captainPortraits, honours);
  const workbench = new WorkbenchService(reports, choreReview, mall, residency);
  const audit = new AuditService(db, clock);
  const exports = new ExportsService(db, clock, cipher, blobs, auth, { keepDays: config.exports.keepDays });
  registerExportKinds(exports, { reports, householdsExport, audit });
  const monthlyReports = new MonthlyReportsService(db, clock, blobs, {
    org,
    reportFigures,
    choreFigures,
    careVisits,
    mall,
    coverage,
  });
  // With a real provider configured, a sender drains the SMS outbox; otherwise messages stay there.
  const smsDelivery =
    config.sms.provider === 'aliyun'
      ? new SmsDeliveryService(db, clock, cipher, new AliyunSms(config.sms), { templates: config.sms.templates })
      : null;
  // A photo is shown to whoever may see what it is attached to.
  for (const feature of [
    reports,
    choreReview,
    mall,
    campaignSites,
    notices,
    captainPortraits,
    deliberation,
    funds,
    partners,
    diary,
  ])
    photos.addAttachment(feature.seesPhoto);
  return {
    reads,
    auth,
    secondFactor,
    smsOutbox,
    smsCodes,
    accounts,
    org,
    households,
    householdsExcel,
    householdsExport,
    exports,
    monthlyReports,
    photos,
    ledger,
    points,
    mall,
    soldOutGoods,
    mallPlacedOrders,
    mallOrders,
    mallTotals,
    mallExports,
    notifications,
    reports,
    /** The resident's report at home, for its routing cache's start and stop. */
    homeIntake,
    reportsPublic,
    reportCategories,
    reportFigures,
    choreTemplates,
    chorePublishing,
    chores,
    choreReview,
    choreFigures,
    reviewQueue,
    captains,
    captainRegistration,
    captainPortraits,
    captainRecords,
    recruitment,
    coverage,
    captainWork,
    captainTraining,
    honours,
    honourCertificates,
    boards,
    open311,
    open311Clients,
    care,
    careVisits,
    notices,
    deliberation,
    deliberationExports,
    funds,
    councils,
    residency,
    campaigns,
    campaignSites,
    workbench,
    audit,
    volunteers,
    activities,
    activitySignups,
    activityAttendance,
    partners,
    partnerAgreements,
    pairing,
    diary,
    smsDelivery,
  };
}
export type Services = ReturnType<typeof buildServices>;
