import { openCipher, openDatabase } from '../platform/bootstrap';
import { systemClock } from '../platform/clock';
import { loadConfig } from '../platform/config';
import { isEmpty, loadDemo } from '../seed/load-demo';

const config = loadConfig();
const database = await openDatabase(config);
try {
  if (!(await isEmpty(database.db))) {
    process.stdout.write('the database already holds data; demo data is loaded only into an empty one\n');
  } else {
    const r = await loadDemo(database.db, openCipher(config), systemClock);
    process.stdout.write(
      `demo data loaded: ${r.orgUnits} org units, ${r.households} households, ${r.residents} residents\n`,
    );
  }
} finally {
  await database.close();
}
