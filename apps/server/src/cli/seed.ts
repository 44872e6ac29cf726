import { buildServices } from '../app';
import { openCipher, openDatabase } from '../platform/bootstrap';
import { systemClock } from '../platform/clock';
import { loadConfig } from '../platform/config';
import { loadDemoCampaigns } from '../seed/demo-campaigns';
import { loadDemoChores } from '../seed/demo-chores';
import { loadDemoDeliberation } from '../seed/demo-deliberation';
import { loadDemoVolunteering } from '../seed/demo-volunteering';
import { demoSecretsFor, isEmpty, loadDemo } from '../seed/load-demo';

const config = loadConfig();
const database = await openDatabase(config);
try {
  if (!(await isEmpty(database.db))) {
    process.stdout.write('the database already holds data; demo data is loaded only into an empty one\n');
  } else {
    const cipher = openCipher(config);
    const secrets = demoSecretsFor(config.env);
    const r = await loadDemo(database.db, cipher, systemClock, undefined, secrets);
    const clock = systemClock;
    const services = buildServices({ config, database, clock, cipher });
    await loadDemoChores(database.db, cipher, clock, services);
    await loadDemoCampaigns(database.db, cipher, clock, services);
    await loadDemoDeliberation(database.db, cipher, clock, services);
    await loadDemoVolunteering(database.db, cipher, clock, services);
    process.stdout.write(
      `demo data loaded: ${r.orgUnits} org units, ${r.households} households, ${r.residents} residents\n`,
    );
    if (!secrets.shared) {
      process.stdout.write(
        `demo password (shown once): ${secrets.password}\ndemo Open311 key (shown once): ${secrets.open311Key}\n`,
      );
    }
  }
} finally {
  await database.close();
}
