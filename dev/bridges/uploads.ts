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
        this.validate(details, content.length);
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

    /**
     * FileUpload.validateFileUpload (apps/meteor/app/file-upload/server/lib/FileUpload.ts), which the
     * Uploads store's filter runs on every insert, an app's included; its errors are Meteor.Errors,
     * "reason [code]", with the reason in the uploader's language (English here).
     */
    private validate(details: IUploadDetails, size: number): void {
        const setting = (id: string) => this.ws.serverSetting(id);
        const room = this.ws.room(details.rid);
        if (!room) {
            throw new Error('error-invalid-room');
        }
        if (setting('FileUpload_Enabled') !== true) {
            throw new Error('File upload is disabled [error-file-upload-disabled]');
        }
        if (setting('FileUpload_Enabled_Direct') !== true && room.type === 'd') {
            throw new Error('File upload not allowed in direct messages [error-direct-message-file-upload-not-allowed]');
        }
        const maxFileSize = Number(setting('FileUpload_MaxFileSize'));
        if (maxFileSize > -1 && size > maxFileSize) {
            throw new Error(`File exceeds allowed size of ${maxFileSize} bytes [error-file-too-large]`);
        }
        if (!acceptedType(details.type || mimeTypeOf(details.name), String(setting('FileUpload_MediaTypeWhiteList') || ''), String(setting('FileUpload_MediaTypeBlackList') || ''))) {
            throw new Error('File type is not accepted. [error-invalid-file-type]');
        }
    }
}

/** fileUploadIsValidContentType (apps/meteor/app/utils/lib/restrictions.ts): a black-listed type or one outside a white list is refused; `type/*` wildcards. */
function acceptedType(type: string, whiteList: string, blackList: string): boolean {
    const list = (value: string) => value.split(',').map((item) => item.trim()).filter(Boolean);
    const matches = (items: string[]) => items.includes(type) || items.includes(type.replace(/\/.*/, '/*'));
    if (matches(list(blackList))) {
        return false;
    }
    const white = list(whiteList);
    return white.length === 0 || matches(white);
}

const MIME_TYPES: Record<string, string> = { pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', txt: 'text/plain' };

/** Like Rocket.Chat, the type of an upload without one comes from its file name. */
function mimeTypeOf(name: string): string {
    return MIME_TYPES[(name.split('.').pop() || '').toLowerCase()] || 'application/octet-stream';
}
