import { RocketChatAssociationRecord } from 'apps-engine-server/definition/metadata';
import { PersistenceBridge } from 'apps-engine-server/server/bridges/PersistenceBridge';
import { Faults } from '../faults';
import { JsonStore } from '../store';
import { newId } from '../workspace';

interface PersistedRecord {
    appId: string;
    data: object;
    associations: Array<{ model: string; id: string }>;
}

/** App persistence with associations, kept in the `persistence` collection. */
export class LocalPersistenceBridge extends PersistenceBridge {
    constructor(private readonly store: JsonStore, private readonly faults: Faults) {
        super();
    }

    protected async purge(appId: string): Promise<void> {
        for (const [id, record] of this.records()) {
            if (record.appId === appId) {
                delete this.all()[id];
            }
        }
        this.store.save('persistence');
    }

    protected async create(data: object, appId: string): Promise<string> {
        return this.createWithAssociations(data, [], appId);
    }

    protected async createWithAssociations(data: object, associations: RocketChatAssociationRecord[], appId: string): Promise<string> {
        await this.faults.hit('persistence');
        const id = newId();
        this.store.put('persistence', id, { appId, data, associations: associations.map(toPlain) });
        return id;
    }

    protected async readById(id: string, appId: string): Promise<object> {
        await this.faults.hit('persistence');
        const record = this.all()[id];
        return record && record.appId === appId ? record.data : (undefined as unknown as object);
    }

    protected async readByAssociations(associations: RocketChatAssociationRecord[], appId: string): Promise<object[]> {
        await this.faults.hit('persistence');
        return this.matching(associations, appId).map(([, record]) => record.data);
    }

    protected async remove(id: string, appId: string): Promise<object | undefined> {
        await this.faults.hit('persistence');
        const record = this.all()[id];
        if (!record || record.appId !== appId) {
            return undefined;
        }
        this.store.delete('persistence', id);
        return record.data;
    }

    protected async removeByAssociations(associations: RocketChatAssociationRecord[], appId: string): Promise<object[] | undefined> {
        await this.faults.hit('persistence');
        const found = this.matching(associations, appId);
        found.forEach(([id]) => delete this.all()[id]);
        this.store.save('persistence');
        return found.map(([, record]) => record.data);
    }

    protected async update(id: string, data: object, upsert: boolean, appId: string): Promise<string> {
        await this.faults.hit('persistence');
        const record = this.all()[id];
        if (!record && !upsert) {
            throw new Error(`No record ${id} to update`);
        }
        this.store.put('persistence', id, { appId, associations: record ? record.associations : [], data });
        return id;
    }

    protected async updateByAssociations(associations: RocketChatAssociationRecord[], data: object, upsert: boolean, appId: string): Promise<string> {
        await this.faults.hit('persistence');
        const found = this.matching(associations, appId);
        if (found.length === 0) {
            if (!upsert) {
                throw new Error('No record to update');
            }
            const id = newId();
            this.store.put('persistence', id, { appId, data, associations: associations.map(toPlain) });
            return id;
        }
        found.forEach(([, record]) => (record.data = data));
        this.store.save('persistence');
        return found[0][0];
    }

    private all(): Record<string, PersistedRecord> {
        return this.store.collection<PersistedRecord>('persistence');
    }

    private records(): Array<[string, PersistedRecord]> {
        return Object.entries(this.all());
    }

    private matching(associations: RocketChatAssociationRecord[], appId: string): Array<[string, PersistedRecord]> {
        const wanted = associations.map(toPlain);
        return this.records().filter(
            ([, record]) => record.appId === appId && wanted.every((w) => record.associations.some((a) => a.model === w.model && a.id === w.id)),
        );
    }
}

/** Associations arrive from the Deno runtime as plain `{model, id}` objects. */
function toPlain(association: RocketChatAssociationRecord): { model: string; id: string } {
    const plain = association as unknown as { model: string; id: string };
    return { model: plain.model, id: plain.id };
}
