// App persistence in memory, with Rocket.Chat's matching: reads and removes take every record that
// holds all the given associations; `put` updates the one record with exactly these associations.
import { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import { Records } from '../../../services/store/records';

interface Stored {
    associations: Array<{ model: string; id: string }>;
    data: object;
}

const plain = (a: RocketChatAssociationRecord) => ({ model: a.getModel(), id: a.getID() });
const same = (a: { model: string; id: string }, b: { model: string; id: string }) => a.model === b.model && a.id === b.id;

export class FakeRecords implements Records {
    public readonly stored: Stored[] = [];
    /** Records returned by reads, for the "reads open work only" checks. */
    public returned = 0;

    public async read(associations: RocketChatAssociationRecord[]): Promise<object[]> {
        const found = this.matching(associations).map((r) => JSON.parse(JSON.stringify(r.data)));
        this.returned += found.length;
        return found;
    }

    public async create(data: object, associations: RocketChatAssociationRecord[]): Promise<void> {
        this.stored.push({ associations: associations.map(plain), data: JSON.parse(JSON.stringify(data)) });
    }

    public async put(data: object, associations: RocketChatAssociationRecord[]): Promise<void> {
        const wanted = associations.map(plain);
        const exact = this.stored.find((r) => r.associations.length === wanted.length && r.associations.every((a, i) => same(a, wanted[i])));
        if (exact) {
            exact.data = JSON.parse(JSON.stringify(data));
        } else {
            await this.create(data, associations);
        }
    }

    public async remove(associations: RocketChatAssociationRecord[]): Promise<void> {
        const gone = new Set(this.matching(associations));
        this.stored.splice(0, this.stored.length, ...this.stored.filter((r) => !gone.has(r)));
    }

    private matching(associations: RocketChatAssociationRecord[]): Stored[] {
        const wanted = associations.map(plain);
        return this.stored.filter((r) => wanted.every((w) => r.associations.some((a) => same(a, w))));
    }
}
