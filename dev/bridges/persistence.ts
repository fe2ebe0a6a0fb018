import { RocketChatAssociationRecord } from 'apps-engine-server/definition/metadata';
import { PersistenceBridge } from 'apps-engine-server/server/bridges/PersistenceBridge';
import { Faults } from '../faults';
import { Association, JsonStore } from '../store';
import { newId } from '../workspace';

/**
 * App persistence as Rocket.Chat's (apps/meteor/app/apps/server/bridges/persistence.ts), in the
 * shared database (dev/store.ts): reads and removes by associations match every record holding
 * all of them (`$all`); an update by associations is Mongo's `updateOne({appId, associations}, {$set:
 * {data}}, {upsert})`: ONE record whose association list is exactly the one given, in that order.
 * Each call is one atomic statement and the last write wins.
 */
export class LocalPersistenceBridge extends PersistenceBridge {
    constructor(private readonly store: JsonStore, private readonly faults: Faults) {
        super();
    }

    protected async purge(appId: string): Promise<void> {
        this.store.persistence.removeApp(appId);
    }

    protected async create(data: object, appId: string): Promise<string> {
        return this.createWithAssociations(data, [], appId);
    }

    protected async createWithAssociations(data: object, associations: RocketChatAssociationRecord[], appId: string): Promise<string> {
        await this.faults.hit('persistence');
        const id = newId();
        this.store.persistence.insert(id, appId, associations.map(toPlain), data);
        return id;
    }

    protected async readById(id: string, appId: string): Promise<object> {
        await this.faults.hit('persistence');
        const record = this.store.persistence.byId(id, appId);
        this.store.persistence.countRead('readById', record ? 1 : 0);
        return record ? record.data : (undefined as unknown as object);
    }

    protected async readByAssociations(associations: RocketChatAssociationRecord[], appId: string): Promise<object[]> {
        await this.faults.hit('persistence');
        const found = this.store.persistence.findAll(associations.map(toPlain), appId);
        this.store.persistence.countRead('readByAssociations', found.length);
        return found.map(({ record }) => record.data);
    }

    protected async remove(id: string, appId: string): Promise<object | undefined> {
        await this.faults.hit('persistence');
        const record = this.store.persistence.byId(id, appId);
        if (!record) {
            return undefined;
        }
        this.store.persistence.remove([id]);
        return record.data;
    }

    protected async removeByAssociations(associations: RocketChatAssociationRecord[], appId: string): Promise<object[] | undefined> {
        await this.faults.hit('persistence');
        const found = this.store.persistence.findAll(associations.map(toPlain), appId);
        this.store.persistence.remove(found.map(({ id }) => id));
        this.store.persistence.countRead('removeByAssociations', found.length);
        return found.map(({ record }) => record.data);
    }

    protected async update(id: string, data: object, upsert: boolean, appId: string): Promise<string> {
        await this.faults.hit('persistence');
        if (this.store.persistence.byId(id, appId)) {
            this.store.persistence.setData(id, data);
        } else if (upsert) {
            this.store.persistence.insert(id, appId, [], data);
        } else {
            throw new Error(`No record ${id} to update`);
        }
        return id;
    }

    protected async updateByAssociations(associations: RocketChatAssociationRecord[], data: object, upsert: boolean, appId: string): Promise<string> {
        await this.faults.hit('persistence');
        const plain = associations.map(toPlain);
        // Find and write in one transaction, as updateOne's match and write are one atomic step.
        return this.store.transaction(() => {
            const id = this.store.persistence.findExact(plain, appId);
            if (id) {
                this.store.persistence.setData(id, data);
                return id;
            }
            if (!upsert) {
                throw new Error('No record to update');
            }
            const created = newId();
            this.store.persistence.insert(created, appId, plain, data);
            return created;
        });
    }
}

/** Associations arrive from the Deno runtime as plain `{model, id}` objects; stored as exactly that. */
function toPlain(association: RocketChatAssociationRecord): Association {
    const plain = association as unknown as Association;
    return { model: plain.model, id: plain.id };
}
