import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants as zlib } from 'node:zlib';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { sql } from 'drizzle-orm';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { accountsRoutes } from './modules/accounts/accounts.routes';
import { auditRoutes } from './modules/audit/audit.routes';
import { authRoutes, SESSION_COOKIE, sessionCookieName } from './modules/auth/auth.routes';
import { SECOND_FACTOR_SETUP_PATHS, secondFactorRoutes } from './modules/auth/second-factor.routes';
import { purgeSessions } from './modules/auth/session-cleanup';
import { boardsRoutes } from './modules/boards/boards.routes';
import { campaignsRoutes } from './modules/campaigns/campaigns.routes';
import { captainRecordsRoutes } from './modules/captains/captain-records.routes';
import { captainRegistrationRoutes } from './modules/captains/captain-registration.routes';
import { captainTrainingRoutes } from './modules/captains/captain-training.routes';
import { captainWorkRoutes } from './modules/captains/captain-work.routes';
import { captainsRoutes } from './modules/captains/captains.routes';
import { coverageRoutes } from './modules/captains/coverage.routes';
import { recruitmentRoutes } from './modules/captains/recruitment.routes';
import { careRoutes } from './modules/care/care.routes';
import { choreSetupRoutes } from './modules/chores/chore-setup.routes';
import { choresRoutes } from './modules/chores/chores.routes';
import { councilsRoutes } from './modules/deliberation/councils.routes';
import { deliberationRoutes } from './modules/deliberation/deliberation.routes';
import { exportsRoutes } from './modules/exports/exports.routes';
import { fundsRoutes } from './modules/funds/funds.routes';
import { healthRoutes } from './modules/health/health.routes';
import { honoursRoutes } from './modules/honours/honours.routes';
import { householdsRoutes } from './modules/households/households.routes';
import { mallRoutes } from './modules/mall/mall.routes';
import { monthlyReportsRoutes } from './modules/monthly-reports/monthly-reports.routes';
import { noticesRoutes } from './modules/notices/notices.routes';
import { notificationsRoutes } from './modules/notifications/notifications.routes';
import { smsOutboxRoutes } from './modules/notifications/sms-outbox.routes';
import { open311Routes } from './modules/open311/open311.routes';
import { open311ClientsRoutes } from './modules/open311/open311-clients.routes';
import { orgRoutes } from './modules/org/org.routes';
import { partnersRoutes } from './modules/partners/partners.routes';
import { photosRoutes } from './modules/photos/photos.routes';
import { pointsRoutes } from './modules/points/points.routes';
import { reportsRoutes } from './modules/reports/reports.routes';
import { residencyRoutes } from './modules/residency/residency.routes';
import { diaryRoutes } from './modules/volunteering/diary.routes';
import { volunteeringRoutes } from './modules/volunteering/volunteering.routes';
import { workbenchRoutes } from './modules/workbench/workbench.routes';
import { type ConsoleScreens, screenFiles, screenStyles, withPreloads } from './platform/console-preloads';
import type { Database } from './platform/db';
import { AppError } from './platform/errors';
import { installErrorHandling, langOf, toErrorResponse, withRequestId } from './platform/http';
import { purgeIdempotencyKeys } from './platform/idempotency';
import { JobRunner } from './platform/jobs';
import { redactingSerializers } from './platform/log-redaction';
import { installObservability, Metrics, requestIdOf } from './platform/metrics';
import { installOriginCheck } from './platform/origin-check';
import { linkHeaderOf } from './platform/page-links';
import { installReadYourWrites } from './platform/read-your-writes';
import { installSecurityHeaders } from './platform/security-headers';
import { VERSION } from './platform/version';
import { type AppDeps, buildServices, type Services } from './services';

export { type AppDeps, buildServices, type Services } from './services';

const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** The HTTP app: JSON API under /api/v1, its OpenAPI document, and the two built web apps. */
export async function buildApp(deps: AppDeps): Promise<{ app: FastifyInstance; services: Services; jobs: JobRunner }> {
  const { config } = deps;
  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            serializers: redactingSerializers,
            ...(deps.logStream ? { stream: deps.logStream } : {}),
          },
    bodyLimit: 1024 * 1024,
    genReqId: requestIdOf,
    // Fastify takes a hop count too (documented), though its types leave numbers out.
    trustProxy: config.trustProxy as boolean | string[],
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);

  // API answers over 1 KB are compressed on the fly (brotli at a cheap level: a list of 50 reports
  // shrinks ~8×); built assets are compressed once at build time and served as they are (serveWeb).
  await app.register(fastifyCompress, {
    threshold: 1024,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } },
    zlibOptions: { level: 6 },
  });
  await app.register(fastifyCookie);
  installOriginCheck(app, config);
  installSecurityHeaders(app);
  await app.register(fastifyMultipart, { limits: { fileSize: 10 * 1024 * 1024, files: 6, fields: 20, parts: 30 } });
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: '楼长通 louzhang API',
        version: VERSION,
        description:
          'Errors are `{ error: { code, message, fields? } }`, message in zh-CN or en by Accept-Language. ' +
          'Every creating POST accepts an `Idempotency-Key` header.',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/v1/docs' });

  const services = buildServices(deps);
  services.reads.logTo(app.log);
  await services.reads.start();
  app.addHook('onClose', () => services.reads.stop());
  services.auth.startSessionCache();
  app.addHook('onClose', () => services.auth.stopSessionCache());
  services.homeIntake.startRoutingCache();
  app.addHook('onClose', () => services.homeIntake.stopRoutingCache());
  services.soldOutGoods.start();
  app.addHook('onClose', () => services.soldOutGoods.stop());
  installReadYourWrites(app, services.reads, config.session.cookieSecure);
  const jobs = new JobRunner(deps.clock, (name, err) => app.log.error({ err, job: name }, 'job failed'));
  registerJobs(jobs, services);
  services.householdsExcel.onQueued(() => {
    jobs.runOnce('households.imports').catch((err) => app.log.error({ err, job: 'households.imports' }, 'job failed'));
  });
  // An export starts at once where jobs run (tests run it themselves, to race two runs).
  if (config.jobsEnabled) {
    services.exports.onQueued(() => {
      jobs.runOnce('exports.run').catch((err) => app.log.error({ err, job: 'exports.run' }, 'job failed'));
    });
  }
  registerCleanup(jobs, deps);
  if (deps.database.kind === 'pglite') registerEmbeddedMaintenance(jobs, deps.database);
  const metrics = new Metrics({
    database: deps.database,
    replica: () => services.reads.status(),
    outboxDepth: () => services.notifications.outboxDepth(),
    jobLag: () => Object.fromEntries(jobs.info().map((j) => [j.name, j.lagSeconds ?? 0])),
  });
  jobs.observe(metrics);
  installObservability(app, metrics, config.metricsToken);

  const cookieName = sessionCookieName(config);
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    const token = req.cookies[cookieName];
    req.actor = token ? await services.auth.resolve(token) : null;
    // A street requires a second factor this staff member has not set up: that comes first.
    if (req.actor?.secondFactorMissing && !SECOND_FACTOR_SETUP_PATHS.has(req.url.split('?')[0] as string)) {
      throw new AppError('TOTP_SETUP_REQUIRED');
    }
  });

  healthRoutes(app, deps.database, jobs, services.reads);
  authRoutes(app, services.auth, config);
  secondFactorRoutes(app, services.auth, services.secondFactor, services.org);
  orgRoutes(app, services.org);
  accountsRoutes(app, services.accounts, services.captainRegistration, cookieName);
  householdsRoutes(app, services.households, services.householdsExcel, services.householdsExport, {
    exportMaxRows: config.exports.syncMaxRows,
  });
  exportsRoutes(app, services.exports);
  monthlyReportsRoutes(app, services.monthlyReports);
  photosRoutes(app, services.photos);
  pointsRoutes(app, services.points);
  reportsRoutes(app, services.reports, services.reportsPublic, services.reportCategories, services.reportFigures, {
    exportMaxRows: config.exports.syncMaxRows,
  });
  boardsRoutes(app, services.boards);
  await open311Routes(app, services.open311, { postsPerMinute: 60 });
  open311ClientsRoutes(app, services.open311Clients);
  notificationsRoutes(app, services.notifications);
  smsOutboxRoutes(app, services.smsOutbox);
  mallRoutes(app, services.mall, services.mallPlacedOrders, services.mallOrders, services.mallExports);
  choreSetupRoutes(app, services.choreTemplates, services.chorePublishing);
  choresRoutes(app, services.chores, services.choreReview, services.reviewQueue, services.choreFigures);
  captainsRoutes(app, services.captains, services.captainPortraits);
  captainRegistrationRoutes(app, services.captainRegistration);
  captainRecordsRoutes(app, services.captainRecords);
  recruitmentRoutes(app, services.recruitment);
  coverageRoutes(app, services.coverage);
  captainWorkRoutes(app, services.captainWork);
  captainTrainingRoutes(app, services.captainTraining);
  honoursRoutes(app, services.honours, services.honourCertificates);
  careRoutes(app, services.care, services.careVisits);
  noticesRoutes(app, services.notices);
  residencyRoutes(app, services.residency);
  campaignsRoutes(app, services.campaigns, services.campaignSites);
  workbenchRoutes(app, services.workbench);
  auditRoutes(app, services.audit, { exportMaxRows: config.exports.syncMaxRows });
  deliberationRoutes(app, services.deliberation, services.deliberationExports);
  fundsRoutes(app, services.funds);
  councilsRoutes(app, services.councils);
  volunteeringRoutes(
    app,
    services.volunteers,
    services.activities,
    services.activitySignups,
    services.activityAttendance,
  );
  partnersRoutes(app, services.partners, services.partnerAgreements, services.pairing);
  diaryRoutes(app, services.diary);
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  serveWeb(app, config.webDistDir ? resolve(config.webDistDir) : DEFAULT_WEB_DIST, sessionCookieName(config));
  return { app, services, jobs };
}

/**
 * PGlite has no autovacuum and no checkpointer (measured: WAL grew to 673 MB for 112 MB of
 * data): the embedded mode checkpoints and vacuums itself every half hour. PostgreSQL does its own.
 */
function registerEmbeddedMaintenance(jobs: JobRunner, database: Database): void {
  jobs.register('db.maintenance', 30 * 60_000, async () => {
    await database.db.execute(sql`vacuum analyze`);
    await database.db.execute(sql`checkpoint`);
  });
}

/** Outbox messages are kept this long (what was sent, for support questions), then deleted. */
const OUTBOX_RETENTION_DAYS = 30;

/** Background work of every module (docs/rules.md#system-shape); each job is idempotent and safe on several instances. */
function registerJobs(jobs: JobRunner, services: Services): void {
  // Modules with background work register it here: jobs.register(name, everyMs, (now) => …).
  jobs.register('auth.purge', 60 * 60_000, (now) => services.auth.purge(now));
  jobs.register('reports.clocks', 60_000, (now) => services.reports.runClocks(now));
  // Maintained figures: drain the queue of changed building-days; once a day recompute a sample and fail
  // (logged, in the job metrics) on any drift.
  jobs.register('reports.totals', 10_000, () => services.reportFigures.refresh());
  jobs.register('reports.totals-drift', 24 * 60 * 60_000, () => services.reportFigures.drift());
  // The chores and mall totals the same way (docs/rules.md#maintained-figures).
  jobs.register('chores.totals', 10_000, () => services.choreFigures.refresh());
  jobs.register('chores.totals-drift', 24 * 60 * 60_000, () => services.choreFigures.drift());
  jobs.register('mall.totals', 10_000, () => services.mallTotals.refresh());
  jobs.register('mall.totals-drift', 24 * 60 * 60_000, () => services.mallTotals.drift());
  jobs.register('chores.generate', 5 * 60_000, (now) => services.chorePublishing.generateDue(now));
  jobs.register('chores.expire-claims', 60_000, (now) => services.chores.expireClaims(now));
  jobs.register('mall.window-opening', 30 * 60_000, (now) => services.mall.announceWindows(now));
  jobs.register('captains.expire-points', 60 * 60_000, (now) => services.captainRecords.expireExitedPoints(now));
  jobs.register('care.reminders', 30 * 60_000, (now) => services.careVisits.runReminders(now));
  // Household imports: started at once when one is queued; the interval picks up any left behind.
  jobs.register('households.imports', 15_000, () => services.householdsExcel.runQueued());
  jobs.register('exports.run', 15_000, () => services.exports.runQueued());
  jobs.register('exports.purge', 60 * 60_000, (now) => services.exports.purge(now));
  // Last month's report of every street and community, from the 1st, a few each run.
  jobs.register('monthly-reports.run', 10 * 60_000, (now) => services.monthlyReports.runMonthly(now));
  jobs.register('households.imports-purge', 24 * 60 * 60_000, (now) => services.householdsExcel.purge(now));
  jobs.register('notifications.outbox-purge', 60 * 60_000, (now) =>
    services.notifications.purgeOutbox(now, OUTBOX_RETENTION_DAYS),
  );
  const sms = services.smsDelivery;
  if (sms) {
    jobs.register('sms.send', 10_000, () => sms.sendDue());
    jobs.register('sms.delivery-status', 60_000, () => sms.checkDelivery());
  }
}

/** Rows that only ever grow: answered Idempotency-Keys past their TTL, sessions nobody can use any more. */
function registerCleanup(jobs: JobRunner, deps: AppDeps): void {
  jobs.register('cleanup.idempotency-keys', 60 * 60_000, (now) => purgeIdempotencyKeys(deps.database.db, now));
  jobs.register('cleanup.sessions', 30 * 60_000, (now) => purgeSessions(deps.database.db, now, deps.config.session));
}

/** Serves the built console (/console/) and phone app (/m/) with SPA fallback, when they have been built. */
function serveWeb(app: FastifyInstance, dist: string, sessionCookie: string): void {
  const built = existsSync(dist);
  if (built) {
    void app.register(fastifyStatic, {
      root: dist,
      prefix: '/',
      wildcard: false,
      index: false,
      // dist/assets/x-<hash>.js.br and .gz are written by the build; sent as they are to who accepts them.
      preCompressed: true,
      cacheControl: false,
      setHeaders(res, path) {
        // Hashed file names never change content: cache them for a year. Everything else (the service
        // worker, the manifest, icons) is checked again each time, so a new release is seen at once.
        res.header('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  const indexOf = (appDir: 'console' | 'm') => {
    const file = join(dist, appDir, 'index.html');
    return existsSync(file) ? readFileSync(file, 'utf8') : null;
  };
  const consoleScreens = (): ConsoleScreens => {
    const file = join(dist, 'console', 'preload.json');
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ConsoleScreens) : {};
  };
  app.get('/', { schema: { hide: true } }, (_req, reply) => reply.redirect('/m/'));
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    if (!path.startsWith('/api/') && req.method === 'GET' && built) {
      const appDir = path.startsWith('/console') ? 'console' : path.startsWith('/m') ? 'm' : null;
      let html = appDir ? indexOf(appDir) : null;
      if (html && appDir === 'console') {
        const screens = consoleScreens();
        const signedIn = Boolean(req.cookies[sessionCookie]);
        html = withPreloads(html, screenFiles(screens, path, signedIn), screenStyles(screens, path, signedIn));
      }
      if (html) {
        const links = appDir === 'm' ? linkHeaderOf(html) : undefined;
        if (links) reply.header('link', links);
        return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
      }
    }
    const { status, body } = toErrorResponse(new AppError('ROUTE_NOT_FOUND'), langOf(req));
    return reply.status(status).send(withRequestId(body, req.id));
  });
}
