import { createHash } from 'crypto';
import * as fs from 'fs';
import { IUpload } from 'apps-engine-server/definition/uploads';
import { IUploadDetails } from 'apps-engine-server/definition/uploads/IUploadDetails';
import { UploadBridge } from 'apps-engine-server/server/bridges/UploadBridge';
import { Converter } from '../convert';
import { Faults } from '../faults';
import { Workspace } from '../workspace';

/** Uploads are files in the data folder; each one is posted to its room as a message, as in Rocket.Chat. */
export class LocalUploadBridge extends UploadBridge {
    constructor(private readonly ws: Workspace, private readonly convert: Converter, private readonly faults: Faults) {
        super();
    }

    protected async getById(id: string): Promise<IUpload> {
        const upload = this.ws.upload(id);
        return upload ? this.convert.upload(upload) : (undefined as unknown as IUpload);
    }

    protected async getBuffer(upload: IUpload): Promise<Buffer> {
        return fs.readFileSync(this.ws.uploadPath(upload.id));
    }

    protected async createUpload(details: IUploadDetails, buffer: Buffer): Promise<IUpload> {
        await this.faults.hit('upload');
        const content = Buffer.from(buffer);
        const upload = this.ws.saveUpload(
            {
                rid: details.rid,
                userId: details.userId,
                visitorToken: details.visitorToken,
                name: details.name,
                type: details.type || mimeTypeOf(details.name),
                size: content.length,
                sha256: createHash('sha256').update(content).digest('hex'),
            },
            content,
        );
        this.ws.addMessage({ rid: details.rid, senderId: details.userId, text: '', fileId: upload.id, attachments: [{ title: upload.name, title_link: `/file-upload/${upload.id}/${encodeURIComponent(upload.name)}`, type: 'file' }] });
        this.faults.succeeded('upload');
        return this.convert.upload(upload);
    }
}

const MIME_TYPES: Record<string, string> = { pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', txt: 'text/plain' };

/** Like Rocket.Chat, the type of an upload without one comes from its file name. */
function mimeTypeOf(name: string): string {
    return MIME_TYPES[(name.split('.').pop() || '').toLowerCase()] || 'application/octet-stream';
}
