// PDF transcripts: the next part of the conversation, rendered and uploaded to the room, then to the
// requester's direct message. The room copy is recorded before the second upload, so a later
// attempt only sends the missing copy, with the same bytes. The workspace's upload settings
// (lib/uploadRules.ts) decide what it accepts: what they refuse fails at once, a part too large is
// planned anew in smaller parts, and without direct-message uploads the requester is told where
// the room's copy is.
import { createHash } from 'crypto';
import { ILogger, IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { directCopyStep, pdfPartsSent, roomCopyStep } from '../../lib/delivery/receipts';
import { renderPdf } from '../../lib/pdf/renderPdf';
import { TranscriptRequest } from '../../lib/requests';
import { pdfFileName } from '../../lib/transcript/fileName';
import { boundFormat } from '../../lib/transcript/format';
import { partFileName } from '../../lib/transcript/parts';
import { messagesPerPartUnder, pdfOrderRefusal, UploadSettings } from '../../lib/uploadRules';
import { readAppSettings } from '../appSettings';
import { engineBuffer } from '../bridgePayload';
import { KeptConversation, loadTranscript } from '../conversation';
import { directRoomWith, sendDirectMessage } from '../directMessage';
import { translator } from '../i18n';
import { readUploadSettings } from '../uploadSettings';
import { Channel, PartSender } from './attempt';
import { audienceOf, logRefusedPatterns, roomOf } from './parts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Where the requester's copy goes. */
interface Requester {
    direct: IRoom;
    appUser: IUser;
}

export class PdfChannel implements Channel {
    /** `kept`: the room's email may have left its read of the conversation for this PDF. */
    constructor(private readonly read: IRead, private readonly modify: IModify, private readonly kept: KeptConversation, private readonly logger?: ILogger) {}

    public async sendNextPart(sender: PartSender): Promise<void> {
        const { request } = sender;
        const settings = await readUploadSettings(this.read);
        const refused = pdfOrderRefusal(settings);
        if (refused) {
            throw new Error(refused);
        }
        const parts = pdfPartsSent(sender.receipts);
        const { room: direct, appUser } = await directRoomWith(this.read, this.modify, request.requestedBy._id);
        const requester = { direct, appUser };
        const last = parts[parts.length - 1];
        if (last && !last.complete) {
            const index = parts.length - 1;
            const pdf = engineBuffer(await this.read.getUploadReader().getBufferById(last.fileId));
            if (await sender.begin(directCopyStep(index))) {
                await this.toRequester(request, settings, requester, pdf, last.fileName);
                await sender.sent({ step: directCopyStep(index), sha256: last.sha256 });
            }
            return;
        }
        const index = parts.length;
        const room = await roomOf(this.read, request.rid);
        const maxMessages = request.pdfMessagesPerPart;
        const transcript = await loadTranscript(this.read, room, await audienceOf(this.read, request), { index, kind: 'pdf', first: parts[0]?.part, maxMessages }, this.kept);
        logRefusedPatterns(transcript, this.logger);
        const i18n = translator();
        const pdf = engineBuffer(await renderPdf(transcript, i18n.labels(transcript.language), boundFormat(transcript.language, transcript.timeZone)));
        if (settings.maxFileSize > -1 && pdf.length > settings.maxFileSize) {
            // Too large for the workspace: the first part is planned again, in parts that fit.
            const current = maxMessages || (await readAppSettings(this.read)).pdfMessagesPerFile;
            const smaller = messagesPerPartUnder(settings.maxFileSize, { bytes: pdf.length, messages: transcript.messages.length }, current);
            if (index > 0 || !smaller || transcript.messages.length <= 1) {
                throw new Error('error-file-too-large');
            }
            Object.assign(sender.changes, { pdfMessagesPerPart: smaller });
            return;
        }
        const { header } = transcript;
        const fileName = partFileName(pdfFileName(header.siteName, header.closedAt || Date.now(), header.visitorName, transcript.timeZone), header.part);
        const digest = sha256(pdf);
        if (!(await sender.begin(roomCopyStep(index)))) {
            return;
        }
        const upload = await this.modify.getCreator().getUploadCreator().uploadBuffer(pdf, { filename: fileName, room, user: appUser });
        await sender.sent({
            step: roomCopyStep(index),
            sha256: digest,
            fileId: upload.id,
            fileName,
            ...(header.part ? { part: header.part } : {}),
            ...(transcript.redaction ? { redactions: transcript.redaction.counts } : {}),
        });
        if (await sender.begin(directCopyStep(index))) {
            await this.toRequester(request, settings, requester, pdf, fileName);
            await sender.sent({ step: directCopyStep(index), sha256: digest });
        }
    }

    /** The requester's copy, or, when direct messages take no files, a text saying where the room's copy is. */
    private async toRequester(request: TranscriptRequest, settings: UploadSettings, { direct, appUser }: Requester, pdf: Buffer, fileName: string): Promise<void> {
        if (!settings.directEnabled) {
            const user = await this.read.getUserReader().getById(request.requestedBy._id);
            const i18n = translator();
            const language = i18n.resolveLanguage(user?.settings?.preferences?.language);
            await sendDirectMessage(this.read, this.modify, request.requestedBy._id, i18n.t(language, 'transcript_pdf_no_direct_uploads', { room: request.rid }));
            return;
        }
        await this.modify.getCreator().getUploadCreator().uploadBuffer(pdf, { filename: fileName, room: direct, user: appUser });
    }
}
