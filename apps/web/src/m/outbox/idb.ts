/**
 * A tiny promise wrapper over IndexedDB for the outbox: one database, one object store keyed by the
 * item's Idempotency-Key. Blobs (the downscaled photos) are stored as they are.
 */

const DB_NAME = 'louzhang-m';
const DB_VERSION = 1;
export const OUTBOX_STORE = 'outbox';

let opening: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(OUTBOX_STORE)) db.createObjectStore(OUTBOX_STORE, { keyPath: 'key' });
    };
    req.onsuccess = () => {
      const db = req.result;
      // Another tab upgrading the schema: let it, and reopen next time.
      db.onversionchange = () => {
        db.close();
        opening = null;
      };
      resolve(db);
    };
    req.onerror = () => {
      opening = null;
      reject(req.error);
    };
  });
  return opening;
}

function done<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Runs `fn` in one transaction and resolves once the transaction has committed (durably written). */
async function tx<T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  return new Promise<T>((resolve, reject) => {
    const t = db.transaction(OUTBOX_STORE, mode);
    let result: T;
    done(fn(t.objectStore(OUTBOX_STORE))).then((r) => {
      result = r;
    }, reject);
    t.oncomplete = () => resolve(result);
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error);
  });
}

export const idb = {
  getAll: <T>() => tx<T[]>('readonly', (s) => s.getAll() as IDBRequest<T[]>),
  put: <T>(value: T) => tx('readwrite', (s) => s.put(value)).then(() => undefined),
  delete: (key: string) => tx('readwrite', (s) => s.delete(key)).then(() => undefined),
};
