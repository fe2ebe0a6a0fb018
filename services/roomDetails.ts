// What the app keeps about a room beyond the workspace's own record: the close comment and
// tags given through this app, and the visitor's survey (shown in transcripts), and whether the
// close declined the visitor's email.
import { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { RocketChatAssociationModel, RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';

export interface RoomDetails {
    rid: string;
    comment?: string;
    tags?: string[];
    survey?: Record<string, string>;
    /** The close (room.closeByUser) said `sendToVisitor: false`: "Always email the visitor" leaves the room alone. */
    visitorEmailDeclined?: boolean;
}

const keyOf = (rid: string) => [
    new RocketChatAssociationRecord(RocketChatAssociationModel.ROOM, rid),
    new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, 'room-details'),
];

export async function readRoomDetails(reader: IPersistenceRead, rid: string): Promise<RoomDetails | undefined> {
    const [found] = (await reader.readByAssociations(keyOf(rid))) as RoomDetails[];
    return found;
}

export async function saveRoomDetails(reader: IPersistenceRead, persis: IPersistence, rid: string, changes: Omit<RoomDetails, 'rid'>): Promise<RoomDetails> {
    const details = { ...(await readRoomDetails(reader, rid)), ...changes, rid };
    await persis.updateByAssociations(keyOf(rid), details, true);
    return details;
}
