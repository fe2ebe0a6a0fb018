// App persistence as the stores use it. Rocket.Chat keeps it in one MongoDB collection shared by
// every instance (apps/meteor/app/apps/server/bridges/persistence.ts): reads and removes match the
// records holding all the given associations; an update replaces the data of the one record with
// exactly these associations. One record's write is atomic, the last write wins.
import { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { RocketChatAssociationModel, RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';

export interface Records {
    read(associations: RocketChatAssociationRecord[]): Promise<object[]>;
    /** A new record, even if one with the same associations exists. */
    create(data: object, associations: RocketChatAssociationRecord[]): Promise<void>;
    /** The record with exactly these associations, created when missing. */
    put(data: object, associations: RocketChatAssociationRecord[]): Promise<void>;
    remove(associations: RocketChatAssociationRecord[]): Promise<void>;
}

export const misc = (id: string) => new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, id);
export const roomOf = (rid: string) => new RocketChatAssociationRecord(RocketChatAssociationModel.ROOM, rid);

export function appRecords(reader: IPersistenceRead, writer?: IPersistence): Records {
    const write = (): IPersistence => {
        if (!writer) {
            throw new Error('App persistence opened read-only');
        }
        return writer;
    };
    return {
        read: (associations) => reader.readByAssociations(associations),
        create: async (data, associations) => {
            await write().createWithAssociations(data, associations);
        },
        put: async (data, associations) => {
            await write().updateByAssociations(associations, data, true);
        },
        remove: async (associations) => {
            await write().removeByAssociations(associations);
        },
    };
}
