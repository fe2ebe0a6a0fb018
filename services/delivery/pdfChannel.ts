// PDF transcripts: the next part of the conversation, rendered and uploaded to the room, then to the
// requester's direct message (an archive PDF nobody ordered has none). The room copy is recorded
// before the second upload, so a later attempt only sends the missing copy, with the same bytes.
import { createHash } from 'crypto';
import { ILogger, IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { directCopyStep, pdfPartsSent, roomCopyStep } from '../../lib/delivery/receipts';
import { renderPdf } from '../../lib/pdf/renderPdf';
import { pdfFileName } from '../../lib/transcript/fileName';
import { boundFormat } from '../../lib/transcript/format';
import { partFileName } from '../../lib/transcript/parts';
import { engineBuffer } from '../bridgePayload';
import { KeptConversation, loadTranscript } from '../conversation';
import { directRoomWith } from '../directMessage';
import { translator } from '../i18n';
import { Channel, PartSender } from './attempt';
import { audienceOf, logRefusedPatterns, roomOf } from './parts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export class PdfChannel implements Channel {
    /** `kept`: the conversation the room's email just read, taken up instead of reading it again. */
    constructor(private readonly read: IRead, private readonly modify: IModify, private readonly kept?: KeptConversation, private readonly logger?: ILogger) {}

    public async sendNextPart(sender: PartSender): Promise<void> {
        const { request, directCopyTo } = sender;
        const parts = pdfPartsSent(sender.receipts);
        const appUser = await this.read.getUserReader().getAppUser();
        if (!appUser) {
            throw new Error('The app user does not exist');
        }
        const uploads = this.modify.getCreator().getUploadCreator();
        const direct = directCopyTo ? (await directRoomWith(this.read, this.modify, directCopyTo)).room : undefined;
        // A room copy without its direct copy (an attempt that stopped between them, or an archive PDF an agent ordered later).
        const missing = direct ? parts.findIndex((part) => !part.complete) : -1;
        if (direct && missing >= 0) {
            const part = parts[missing];
            const pdf = engineBuffer(await this.read.getUploadReader().getBufferById(part.fileId));
            if (await sender.begin(directCopyStep(missing))) {
                await uploads.uploadBuffer(pdf, { filename: part.fileName, room: direct, user: appUser });
                await sender.sent({ step: directCopyStep(missing), sha256: part.sha256 });
            }
            return;
        }
        const index = parts.length;
        const room = await roomOf(this.read, request.rid);
        const transcript = await loadTranscript(this.read, room, await audienceOf(this.read, request), { index, kind: 'pdf', first: parts[0]?.part }, this.kept);
        logRefusedPatterns(transcript, this.logger);
        const i18n = translator();
        const pdf = engineBuffer(await renderPdf(transcript, i18n.labels(transcript.language), boundFormat(transcript.language, transcript.timeZone)));
        const { header } = transcript;
        const fileName = partFileName(pdfFileName(header.siteName, header.closedAt || Date.now(), header.visitorName, transcript.timeZone), header.part);
        const digest = sha256(pdf);
        if (!(await sender.begin(roomCopyStep(index)))) {
            return;
        }
        const upload = await uploads.uploadBuffer(pdf, { filename: fileName, room, user: appUser });
        await sender.sent({
            step: roomCopyStep(index),
            sha256: digest,
            fileId: upload.id,
            fileName,
            ...(header.part ? { part: header.part } : {}),
            ...(transcript.redaction ? { redactions: transcript.redaction.counts } : {}),
        });
        if (direct && (await sender.begin(directCopyStep(index)))) {
            await uploads.uploadBuffer(pdf, { filename: fileName, room: direct, user: appUser });
            await sender.sent({ step: directCopyStep(index), sha256: digest });
        }
    }
}
