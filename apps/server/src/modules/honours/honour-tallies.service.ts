import type { Db, Fragment, Write } from '../../platform/db';
import * as repo from './honour-tallies.repository';

/**
 * The honours' per-captain, per-quarter tallies (honour_tallies, docs/ARCHITECTURE.md#honours): the
 * ledger and the reports hand the write each change needs to the statement or transaction that makes
 * the change, so a tally moves exactly when its cause commits. No dependencies, so both can hold it.
 */
export class HonourTalliesService {
  /** A chore award of `points` credited at `at` (the entry's time). */
  choreCredited(v: { streetId: number; userId: number; points: number; at: Date }): Write {
    return repo.choreTallyWrite({ ...v, chores: 1 });
  }

  /** A chore award reversed: taken back from the quarter it was credited in (`at`: the award's time). */
  choreReversed(v: { streetId: number; userId: number; points: number; at: Date }): Write {
    return repo.choreTallyWrite({ ...v, points: -v.points, chores: -1 });
  }

  /** A report rated at `at`; `handler` is the reports' subquery for who resolved it last (none: no captain). */
  rated(v: { streetId: number; rating: number; handler: Fragment; at: Date }): Write {
    return repo.ratingTallyWrite(v);
  }

  /** Recomputes every tally from the ledger and the timeline (data loaded behind the services' back). */
  rebuild(db: Db): Promise<void> {
    return repo.rebuildTallies(db);
  }
}
