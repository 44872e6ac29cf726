/**
 * A tiny promise wrapper over the phone app's IndexedDB database. Two object stores:
 * - `outbox`, keyed by the item's Idempotency-Key; blobs (the downscaled photos) are stored as they are;
 * - `reads`, the last answer of the screens that must open without signal, keyed by user and URL.
 */

const DB_NAME = 'louzhang-m';
const DB_VERSION = 2;
export const OUTBOX_STORE = 'outbox';
export const READS_STORE = 'reads';

let opening: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(OUTBOX_STORE)) db.createObjectStore(OUTBOX_STORE, { keyPath: 'key' });
      if (!db.objectStoreNames.contains(READS_STORE)) db.createObjectStore(READS_STORE, { keyPath: 'key' });
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
async function tx<T>(
  storeName: string,
  mode: IDBTransactionMode,
  fn: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const db = await open();
  return new Promise<T>((resolve, reject) => {
    const t = db.transaction(storeName, mode);
    let result: T;
    done(fn(t.objectStore(storeName))).then((r) => {
      result = r;
    }, reject);
    t.oncomplete = () => resolve(result);
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error);
  });
}

/** The operations of one object store. */
export function storeOf(name: string) {
  return {
    getAll: <T>() => tx<T[]>(name, 'readonly', (s) => s.getAll() as IDBRequest<T[]>),
    get: <T>(key: string) => tx<T | undefined>(name, 'readonly', (s) => s.get(key) as IDBRequest<T | undefined>),
    put: <T>(value: T) => tx(name, 'readwrite', (s) => s.put(value)).then(() => undefined),
    delete: (key: string) => tx(name, 'readwrite', (s) => s.delete(key)).then(() => undefined),
    clear: () => tx(name, 'readwrite', (s) => s.clear()).then(() => undefined),
  };
}

export const idb = storeOf(OUTBOX_STORE);
