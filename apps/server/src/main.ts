import { buildApp } from './app';
import { openCipher, openDatabase, openReplica } from './platform/bootstrap';
import { systemClock } from './platform/clock';
import { ConfigError, loadConfig } from './platform/config';
import { DataDirLockedError } from './platform/db';
import { loadDemoCampaigns } from './seed/demo-campaigns';
import { loadDemoChores } from './seed/demo-chores';
import { buildDemoData } from './seed/demo-data';
import { loadDemoDeliberation } from './seed/demo-deliberation';
import { loadDemoVolunteering } from './seed/demo-volunteering';
import { demoSecretsFor, isEmpty, loadDemo } from './seed/load-demo';

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config);
  const replica = await openReplica(config);
  const cipher = openCipher(config);
  const clock = systemClock;

  const seeding = config.seedOnEmpty && (await isEmpty(database.db));
  const secrets = demoSecretsFor(config.env);
  if (seeding) {
    process.stdout.write('首次启动，正在写入演示数据… / First start: loading demo data…\n');
    const r = await loadDemo(database.db, cipher, clock, undefined, secrets);
    process.stdout.write(`  ${r.orgUnits} org units, ${r.households} households, ${r.residents} residents\n`);
  }

  const { app, jobs, services } = await buildApp({ config, database, replica, clock, cipher });
  if (seeding) {
    await loadDemoChores(database.db, cipher, clock, services);
    await loadDemoCampaigns(database.db, cipher, clock, services);
    await loadDemoDeliberation(database.db, cipher, clock, services);
    await loadDemoVolunteering(database.db, cipher, clock, services);
  }
  const address = await app.listen({ host: config.host, port: config.port });
  const url = address.replace('0.0.0.0', '127.0.0.1').replace('[::1]', '127.0.0.1');

  const lines = [
    '',
    `louzhang listening on ${url}`,
    `  手机端 Phone app   ${url}/m/`,
    `  管理后台 Console   ${url}/console/`,
    `  API docs          ${url}/api/v1/docs`,
    `  database          ${database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)'}`,
  ];
  if (replica) {
    const s = services.reads.status();
    lines.push(
      `  read replica      DATABASE_REPLICA_URL, ${s.inUse ? `in use (lag ${s.lagSeconds ?? '?'} s)` : `not in use now (${s.reason}): its reads go to the primary`}`,
    );
  }
  if (seeding && !secrets.shared) {
    lines.push('', `演示账号密码（仅显示一次）Demo password, shown once: ${secrets.password}`);
    lines.push(`演示 Open311 密钥 Demo Open311 key, shown once: ${secrets.open311Key}`);
  }
  if (config.seedOnEmpty && secrets.shared) {
    lines.push('', `演示账号 Demo logins (password ${secrets.password}):`);
    for (const u of buildDemoData().users)
      lines.push(
        `  ${u.phone}  ${u.roles
          .map((r) => r.role)
          .join(',')
          .padEnd(18)} ${u.note}`,
      );
  }
  lines.push(
    '',
    '短信验证码 SMS codes: 内置模式不发送真实短信，验证码在管理后台「短信发件箱」查看（系统管理员账号）',
    `  no SMS leaves this machine: sign-in codes wait in the console's SMS outbox, ${url}/console/sms-outbox (admin)`,
  );
  process.stdout.write(`${lines.join('\n')}\n\n`);
  if (config.jobsEnabled) jobs.start();

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await jobs.stop();
    await app.close();
    await replica?.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof DataDirLockedError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(
      `louzhang failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  }
  process.exit(1);
});
