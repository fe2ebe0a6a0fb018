// The local workspace's database: one SQLite file (db/workspace.sqlite in the data folder) that
// every instance of a cluster (dev/cluster.ts) opens, as Rocket.Chat's instances share one MongoDB.
// Documents are JSON text, one row each, so a write costs its own size. Nothing is cached in
// memory: what another process wrote is seen on the next read.
// Tables: `docs` (named collections: users, rooms, ...), `messages` (by room, in the order sent),
// `persistence` and `persistence_associations` (app persistence, see PersistenceTable), `jobs`
// (dev/bridges/scheduler.ts) and `faults` (dev/faults.ts).
import * as fs from 'fs';
import * as path from 'path';
import Database from 'better-sqlite3';

/** How long a write waits for another process's write to finish before it fails. */
const BUSY_TIMEOUT_MS = 15_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS docs (
    collection TEXT NOT NULL,
    id TEXT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (collection, id)
);
CREATE TABLE IF NOT EXISTS messages (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    rid TEXT NOT NULL,
    system INTEGER NOT NULL,
    doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_by_room ON messages (rid, system, seq);
CREATE TABLE IF NOT EXISTS persistence (
    id TEXT PRIMARY KEY,
    app_id TEXT NOT NULL,
    associations TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS persistence_by_exact_associations ON persistence (app_id, associations);
CREATE TABLE IF NOT EXISTS persistence_associations (
    app_id TEXT NOT NULL,
    model TEXT NOT NULL,
    association_id TEXT NOT NULL,
    record_id TEXT NOT NULL,
    PRIMARY KEY (app_id, model, association_id, record_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS persistence_associations_by_record ON persistence_associations (record_id);
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    app_id TEXT NOT NULL,
    processor_id TEXT NOT NULL,
    type TEXT NOT NULL,
    next_run_at INTEGER,
    interval_seconds REAL,
    data TEXT,
    locked_at INTEGER,
    locked_by TEXT,
    last_run_at INTEGER,
    last_finished_at INTEGER,
    failed_at INTEGER,
    fail_reason TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS jobs_due ON jobs (processor_id, next_run_at);
CREATE UNIQUE INDEX IF NOT EXISTS jobs_recurring_by_processor ON jobs (app_id, processor_id) WHERE type = 'single';
CREATE TABLE IF NOT EXISTS faults (
    target TEXT PRIMARY KEY,
    config TEXT NOT NULL,
    remaining INTEGER NOT NULL,
    waiting_for TEXT
);
CREATE TABLE IF NOT EXISTS fault_hits (
    target TEXT PRIMARY KEY,
    hits INTEGER NOT NULL
);
`;

export interface Association {
    model: string;
    id: string;
}

export interface PersistenceRecord {
    appId: string;
    associations: Association[];
    data: object;
}

export class JsonStore {
    public readonly db: Database.Database;
    public readonly persistence: PersistenceTable;
    private readonly statements = new Map<string, Database.Statement>();

    constructor(public readonly dir: string) {
        fs.mkdirSync(dir, { recursive: true });
        this.db = new Database(path.join(dir, 'workspace.sqlite'), { timeout: BUSY_TIMEOUT_MS });
        this.db.pragma('journal_mode = WAL');
        this.db.pragma('synchronous = NORMAL');
        // Creating the schema takes the write lock: instances starting together wait for each other.
        this.db.exec(SCHEMA);
        this.persistence = new PersistenceTable(this);
    }

    /** A prepared statement, prepared once per connection. */
    public sql(text: string): Database.Statement {
        let statement = this.statements.get(text);
        if (!statement) {
            statement = this.db.prepare(text);
            this.statements.set(text, statement);
        }
        return statement;
    }

    /** Runs `work` as one write transaction (BEGIN IMMEDIATE: it waits for other writers first). */
    public transaction<T>(work: () => T): T {
        return this.db.transaction(work).immediate();
    }

    public close(): void {
        this.db.close();
    }

    /** Documents by id, read now, in an object without a prototype: an id such as `constructor` or `__proto__` is just an id. */
    public collection<T = any>(name: string): Record<string, T> {
        const docs: Record<string, T> = Object.create(null);
        for (const row of this.sql('SELECT id, doc FROM docs WHERE collection = ? ORDER BY rowid').all(name) as Array<{ id: string; doc: string }>) {
            docs[row.id] = fromJson(row.doc);
        }
        return docs;
    }

    public all<T = any>(name: string): T[] {
        return (this.sql('SELECT doc FROM docs WHERE collection = ? ORDER BY rowid').pluck().all(name) as string[]).map((doc) => fromJson<T>(doc));
    }

    public get<T = any>(name: string, id: string): T | undefined {
        const doc = this.sql('SELECT doc FROM docs WHERE collection = ? AND id = ?').pluck().get(name, id) as string | undefined;
        return doc === undefined ? undefined : fromJson<T>(doc);
    }

    public put<T>(name: string, id: string, doc: T): T {
        this.sql('INSERT INTO docs (collection, id, doc) VALUES (?, ?, ?) ON CONFLICT (collection, id) DO UPDATE SET doc = excluded.doc').run(name, id, toJson(doc));
        return doc;
    }

    public delete(name: string, id: string): void {
        this.sql('DELETE FROM docs WHERE collection = ? AND id = ?').run(name, id);
    }

    /** Adds messages (or replaces those with the same id, keeping their place). */
    public putMessages<T extends { id: string; rid: string; t?: string }>(docs: T[]): void {
        const insert = this.sql('INSERT INTO messages (id, rid, system, doc) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc');
        this.transaction(() => docs.forEach((doc) => insert.run(doc.id, doc.rid, doc.t ? 1 : 0, toJson(doc))));
    }

    /** A room's messages in the order they were sent; `userOnly` leaves out system messages (those with a type). */
    public roomMessages<T>(rid: string, options: { userOnly?: boolean; skip?: number; limit?: number; newestFirst?: boolean } = {}): T[] {
        const order = options.newestFirst ? 'DESC' : 'ASC';
        const filter = options.userOnly ? 'AND system = 0' : '';
        const rows = this.sql(`SELECT doc FROM messages WHERE rid = ? ${filter} ORDER BY seq ${order} LIMIT ? OFFSET ?`)
            .pluck()
            .all(rid, options.limit ?? -1, options.skip ?? 0) as string[];
        return rows.map((doc) => fromJson<T>(doc));
    }

    public roomMessageCount(rid: string): number {
        return this.sql('SELECT count(*) FROM messages WHERE rid = ?').pluck().get(rid) as number;
    }

    public message<T>(id: string): T | undefined {
        const doc = this.sql('SELECT doc FROM messages WHERE id = ?').pluck().get(id) as string | undefined;
        return doc === undefined ? undefined : fromJson<T>(doc);
    }
}

/**
 * App persistence as Rocket.Chat keeps it (apps/meteor/app/apps/server/bridges/persistence.ts): one
 * collection of {appId, associations, data} indexed on {appId, associations}. The multikey index is
 * `persistence_associations` (one row per association of a record); a `$all` query walks the
 * association that matches the fewest records, as Mongo's planner settles on the most selective
 * index bound, and checks the others per record. Each statement is atomic; there is no
 * compare-and-set for the app.
 */
export class PersistenceTable {
    /** Records returned to the app, by kind of call (GET /dev/metrics). */
    public readonly reads: Record<string, { calls: number; records: number }> = {};

    constructor(private readonly store: JsonStore) {}

    public insert(id: string, appId: string, associations: Association[], data: object): void {
        this.store.transaction(() => {
            this.store.sql('INSERT INTO persistence (id, app_id, associations, data) VALUES (?, ?, ?, ?)').run(id, appId, JSON.stringify(associations), toJson(data));
            this.indexAssociations(id, appId, associations);
        });
    }

    public byId(id: string, appId: string): PersistenceRecord | undefined {
        const row = this.store.sql('SELECT app_id, associations, data FROM persistence WHERE id = ? AND app_id = ?').get(id, appId) as Row | undefined;
        return row && toRecord(row);
    }

    /** `{appId, associations: {$all: associations}}`, in insertion order. An empty list matches nothing, as in Mongo. */
    public findAll(associations: Association[], appId: string): Array<{ id: string; record: PersistenceRecord }> {
        if (associations.length === 0) {
            return [];
        }
        const [first, ...others] = this.mostSelectiveFirst(associations, appId);
        const checks = others.map(() => 'AND EXISTS (SELECT 1 FROM persistence_associations o WHERE o.app_id = a.app_id AND o.model = ? AND o.association_id = ? AND o.record_id = a.record_id)').join(' ');
        const rows = this.store
            .sql(
                `SELECT p.id, p.app_id, p.associations, p.data FROM persistence_associations a JOIN persistence p ON p.id = a.record_id
                 WHERE a.app_id = ? AND a.model = ? AND a.association_id = ? ${checks} ORDER BY p.rowid`,
            )
            .all(appId, first.model, first.id, ...others.flatMap((o) => [o.model, o.id])) as Array<Row & { id: string }>;
        return rows.map((row) => ({ id: row.id, record: toRecord(row) }));
    }

    /** `{appId, associations}` with the exact array (order included), as updateOne/upsert query it. */
    public findExact(associations: Association[], appId: string): string | undefined {
        return this.store.sql('SELECT id FROM persistence WHERE app_id = ? AND associations = ? ORDER BY rowid LIMIT 1').pluck().get(appId, JSON.stringify(associations)) as string | undefined;
    }

    public setData(id: string, data: object): void {
        this.store.sql('UPDATE persistence SET data = ? WHERE id = ?').run(toJson(data), id);
    }

    public remove(ids: string[]): void {
        this.store.transaction(() => {
            for (const id of ids) {
                this.store.sql('DELETE FROM persistence WHERE id = ?').run(id);
                this.store.sql('DELETE FROM persistence_associations WHERE record_id = ?').run(id);
            }
        });
    }

    public removeApp(appId: string): void {
        this.store.transaction(() => {
            this.store.sql('DELETE FROM persistence WHERE app_id = ?').run(appId);
            this.store.sql('DELETE FROM persistence_associations WHERE app_id = ?').run(appId);
        });
    }

    /** Every record by id (the dev state snapshot). */
    public all(): Record<string, PersistenceRecord> {
        const records: Record<string, PersistenceRecord> = Object.create(null);
        for (const row of this.store.sql('SELECT id, app_id, associations, data FROM persistence ORDER BY rowid').all() as Array<Row & { id: string }>) {
            records[row.id] = toRecord(row);
        }
        return records;
    }

    public countRead(kind: string, records: number): void {
        const entry = (this.reads[kind] ||= { calls: 0, records: 0 });
        entry.calls++;
        entry.records += records;
    }

    private indexAssociations(id: string, appId: string, associations: Association[]): void {
        const insert = this.store.sql('INSERT OR IGNORE INTO persistence_associations (app_id, model, association_id, record_id) VALUES (?, ?, ?, ?)');
        associations.forEach((a) => insert.run(appId, a.model, a.id, id));
    }

    /** The associations ordered by how many records they match, counted up to a bound (a trial run, as Mongo's planner makes). */
    private mostSelectiveFirst(associations: Association[], appId: string): Association[] {
        if (associations.length === 1) {
            return associations;
        }
        const count = this.store.sql('SELECT count(*) FROM (SELECT 1 FROM persistence_associations WHERE app_id = ? AND model = ? AND association_id = ? LIMIT 101)').pluck();
        return associations.map((a) => ({ a, n: count.get(appId, a.model, a.id) as number })).sort((x, y) => x.n - y.n).map(({ a }) => a);
    }
}

interface Row {
    app_id: string;
    associations: string;
    data: string;
}

const toRecord = (row: Row): PersistenceRecord => ({ appId: row.app_id, associations: JSON.parse(row.associations), data: fromJson(row.data) });

/** Dates round-trip as Date objects, as they would from a database. */
export const toJson = (value: unknown): string => JSON.stringify(value, markDates);
export const fromJson = <T>(text: string): T => JSON.parse(text, reviveDates);

function markDates(this: any, key: string, value: unknown): unknown {
    const raw = this[key];
    return raw instanceof Date ? { $date: raw.toISOString() } : value;
}

function reviveDates(_key: string, value: any): unknown {
    return value && typeof value === 'object' && typeof value.$date === 'string' && Object.keys(value).length === 1 ? new Date(value.$date) : value;
}
