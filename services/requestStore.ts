// Transcript requests in app persistence: one record per room and kind.
import { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { RocketChatAssociationModel, RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import { TranscriptKind, TranscriptRequest } from '../lib/requests';

const ALL_REQUESTS = new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, 'transcript-request');

const keyOf = (rid: string, kind: TranscriptKind) => [
    ALL_REQUESTS,
    new RocketChatAssociationRecord(RocketChatAssociationModel.ROOM, rid),
    new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, `transcript-${kind}`),
];

export class RequestStore {
    constructor(private readonly reader: IPersistenceRead, private readonly writer?: IPersistence) {}

    public async get(rid: string, kind: TranscriptKind): Promise<TranscriptRequest | undefined> {
        const [found] = (await this.reader.readByAssociations(keyOf(rid, kind))) as TranscriptRequest[];
        return found;
    }

    public async forRoom(rid: string): Promise<TranscriptRequest[]> {
        return (await this.reader.readByAssociations([ALL_REQUESTS, new RocketChatAssociationRecord(RocketChatAssociationModel.ROOM, rid)])) as TranscriptRequest[];
    }

    public async all(): Promise<TranscriptRequest[]> {
        return (await this.reader.readByAssociation(ALL_REQUESTS)) as TranscriptRequest[];
    }

    public async save(request: TranscriptRequest): Promise<void> {
        await this.requireWriter().updateByAssociations(keyOf(request.rid, request.kind), request, true);
    }

    public async remove(rid: string, kind: TranscriptKind): Promise<void> {
        await this.requireWriter().removeByAssociations(keyOf(rid, kind));
    }

    private requireWriter(): IPersistence {
        if (!this.writer) {
            throw new Error('RequestStore opened read-only');
        }
        return this.writer;
    }
}
