import { openDatabase } from '../platform/bootstrap';
import { loadConfig } from '../platform/config';

const config = loadConfig();
const database = await openDatabase(config);
await database.close();
process.stdout.write(`migrations applied (${database.kind})\n`);
