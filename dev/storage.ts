// Where the engine keeps installed apps (metadata, zip, logs): the workspace's data folder.
import * as fs from 'fs';
import * as path from 'path';
import { deserialize, serialize } from 'v8';
import { AppStatus } from 'apps-engine-server/definition/AppStatus';
import { IAppInfo } from 'apps-engine-server/definition/metadata';
import { ISetting } from 'apps-engine-server/definition/settings';
import { ILoggerStorageEntry } from 'apps-engine-server/server/logging';
import { IMarketplaceInfo } from 'apps-engine-server/server/marketplace';
import { AppLogStorage, AppMetadataStorage, IAppStorageItem } from 'apps-engine-server/server/storage';
import { AppSourceStorage } from 'apps-engine-server/server/storage/AppSourceStorage';
import { JsonStore } from './store';

const copy = <T>(value: T): T => deserialize(serialize(value));

export class LocalMetadataStorage extends AppMetadataStorage {
    constructor(private readonly store: JsonStore) {
        super('json');
    }

    // Returns the item it was given, stamped, as Rocket.Chat's AppRealStorage does (`item._id = insertedId;
    // return item`): engines before 1.58 then record the started app's status on that same object, which the
    // running app keeps and a setting change writes back whole.
    public async create(item: IAppStorageItem): Promise<IAppStorageItem> {
        Object.assign(item, { _id: item.id, createdAt: new Date(), updatedAt: new Date() });
        this.store.put('apps', item.id, copy(item));
        return item;
    }

    // Copies, as a database returns them: engines before 1.58 change a retrieved item in place
    // (update() reads the app's status, then disable() rewrites it).
    public async retrieveOne(id: string): Promise<IAppStorageItem | null> {
        const item = this.store.get<IAppStorageItem>('apps', id);
        return item ? copy(item) : null;
    }

    public async retrieveAll(): Promise<Map<string, IAppStorageItem>> {
        return new Map(Object.entries(copy(this.store.collection<IAppStorageItem>('apps'))));
    }

    public async retrieveAllPrivate(): Promise<Map<string, IAppStorageItem>> {
        return this.retrieveAll();
    }

    public async remove(id: string): Promise<{ success: boolean }> {
        this.store.delete('apps', id);
        return { success: true };
    }

    /** Engines before 1.58 write the whole item: `$set` of every field it has, then a fresh read, as Rocket.Chat does. */
    public async update(item: IAppStorageItem): Promise<IAppStorageItem> {
        const current = this.store.get<IAppStorageItem>('apps', item.id);
        const next: IAppStorageItem = { ...current, ...copy(item), _id: item.id, updatedAt: new Date() };
        if (!item.permissionsGranted) {
            delete next.permissionsGranted; // Rocket.Chat unsets it: no grant means the default permissions
        }
        this.store.put('apps', item.id, next);
        return copy(this.store.get<IAppStorageItem>('apps', item.id)!);
    }

    public async updatePartialAndReturnDocument(item: Partial<IAppStorageItem>, options?: { unsetPermissionsGranted?: boolean }): Promise<IAppStorageItem> {
        const current = this.store.get<IAppStorageItem>('apps', item.id!)!;
        const next: IAppStorageItem = { ...current, ...copy(item), updatedAt: new Date() };
        if (options?.unsetPermissionsGranted) {
            delete next.permissionsGranted;
        }
        this.store.put('apps', item.id!, next);
        return copy(next);
    }

    public async updateStatus(id: string, status: AppStatus): Promise<boolean> {
        return this.patch(id, { status });
    }

    public async updateSetting(id: string, setting: ISetting): Promise<boolean> {
        const current = this.store.get<IAppStorageItem>('apps', id);
        return !!current && this.patch(id, { settings: { ...current.settings, [setting.id]: setting } });
    }

    public async updateAppInfo(id: string, info: IAppInfo): Promise<boolean> {
        return this.patch(id, { info });
    }

    public async updateMarketplaceInfo(id: string, marketplaceInfo: IMarketplaceInfo[]): Promise<boolean> {
        return this.patch(id, { marketplaceInfo });
    }

    private patch(id: string, changes: Partial<IAppStorageItem>): boolean {
        const current = this.store.get<IAppStorageItem>('apps', id);
        if (!current) {
            return false;
        }
        this.store.put('apps', id, { ...current, ...changes, updatedAt: new Date() });
        return true;
    }
}

export class LocalSourceStorage extends AppSourceStorage {
    constructor(private readonly dir: string) {
        super();
        fs.mkdirSync(dir, { recursive: true });
    }

    public async store(item: IAppStorageItem, zip: Buffer): Promise<string> {
        const file = path.join(this.dir, `${item.id}.zip`);
        fs.writeFileSync(file, zip);
        return file;
    }

    public async fetch(item: IAppStorageItem): Promise<Buffer> {
        return fs.readFileSync(path.join(this.dir, `${item.id}.zip`));
    }

    public async update(item: IAppStorageItem, zip: Buffer): Promise<string> {
        return this.store(item, zip);
    }

    public async remove(item: IAppStorageItem): Promise<void> {
        fs.rmSync(path.join(this.dir, `${item.id}.zip`), { force: true });
    }
}

/** App logs, in memory and echoed to the console when they are errors. */
export class LocalLogStorage extends AppLogStorage {
    private readonly entries: ILoggerStorageEntry[] = [];

    constructor(private readonly echo: (entry: ILoggerStorageEntry) => void) {
        super('memory');
    }

    public async findPaginated(query: { appId?: string }, options?: { skip?: number; limit?: number }): Promise<{ logs: ILoggerStorageEntry[]; total: number }> {
        const logs = this.entries.filter((e) => !query.appId || e.appId === query.appId);
        const skip = options?.skip || 0;
        return { logs: logs.slice(skip, skip + (options?.limit || logs.length)), total: logs.length };
    }

    public async storeEntries(entry: ILoggerStorageEntry): Promise<ILoggerStorageEntry> {
        this.entries.push(entry);
        if (this.entries.length > 5000) {
            this.entries.shift();
        }
        this.echo(entry);
        return entry;
    }

    public async getEntriesFor(appId: string): Promise<ILoggerStorageEntry[]> {
        return this.entries.filter((e) => e.appId === appId);
    }

    public async removeEntriesFor(appId: string): Promise<void> {
        this.entries.splice(0, this.entries.length, ...this.entries.filter((e) => e.appId !== appId));
    }
}
