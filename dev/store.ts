// The local workspace's database: named JSON collections in a data folder.
// Each write goes to a temporary file that is then renamed over the old one. Messages, which
// grow with every conversation, are an append-only log instead, so a write costs its own size.
import * as fs from 'fs';
import * as path from 'path';

export class JsonStore {
    private readonly cache = new Map<string, Record<string, any>>();

    constructor(public readonly dir: string) {
        fs.mkdirSync(dir, { recursive: true });
    }

    /** Documents by id, in an object without a prototype: an id such as `constructor` or `__proto__` is just an id. */
    public collection<T = any>(name: string): Record<string, T> {
        let docs = this.cache.get(name);
        if (!docs) {
            const file = this.file(name);
            docs = Object.assign(Object.create(null), fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8'), reviveDates) : {});
            this.cache.set(name, docs!);
        }
        return docs as Record<string, T>;
    }

    public get<T = any>(name: string, id: string): T | undefined {
        const docs = this.collection<T>(name);
        return Object.prototype.hasOwnProperty.call(docs, id) ? docs[id] : undefined;
    }

    public put<T>(name: string, id: string, doc: T): T {
        this.collection<T>(name)[id] = doc;
        this.save(name);
        return doc;
    }

    public delete(name: string, id: string): void {
        delete this.collection(name)[id];
        this.save(name);
    }

    public save(name: string): void {
        const file = this.file(name);
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, JSON.stringify(this.collection(name), markDates));
        fs.renameSync(tmp, file);
    }

    /** The documents of an append-only log in the order they were first written; the last version of each. */
    public readLog<T extends { id: string }>(name: string): T[] {
        const file = this.logFile(name);
        const byId = new Map<string, T>();
        for (const line of fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n') : []) {
            if (line) {
                const doc = JSON.parse(line, reviveDates) as T;
                byId.set(doc.id, doc);
            }
        }
        return [...byId.values()];
    }

    /** Writes documents to the end of a log (new ones, or new versions of old ones). */
    public append<T extends { id: string }>(name: string, docs: T[]): void {
        fs.appendFileSync(this.logFile(name), docs.map((doc) => `${JSON.stringify(doc, markDates)}\n`).join(''));
    }

    private file(name: string): string {
        return path.join(this.dir, `${name}.json`);
    }

    private logFile(name: string): string {
        return path.join(this.dir, `${name}.jsonl`);
    }
}

/** Dates round-trip as Date objects, as they would from a database. */
function markDates(this: any, key: string, value: unknown): unknown {
    const raw = this[key];
    return raw instanceof Date ? { $date: raw.toISOString() } : value;
}

function reviveDates(_key: string, value: any): unknown {
    return value && typeof value === 'object' && typeof value.$date === 'string' && Object.keys(value).length === 1 ? new Date(value.$date) : value;
}
