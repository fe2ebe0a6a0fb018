// PDF transcripts: the next part of the conversation, rendered and uploaded to the room, then to the
// requester's direct message (an archive PDF nobody ordered has none). The room copy is recorded
// before the second upload, so a later attempt only sends the missing copy, with the same bytes.
// The workspace's upload settings (lib/uploadRules.ts) decide what it accepts: what they refuse
// fails at once, a part too large is planned anew in smaller parts, and without direct-message
// uploads the requester is told where the room's copy is.
import { createHash } from 'crypto';
import { ILogger, IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { directCopyStep, pdfPartsSent, roomCopyStep } from '../../lib/delivery/receipts';
import { renderPdf } from '../../lib/pdf/renderPdf';
import { TranscriptRequest } from '../../lib/delivery/requests';
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

/** Where the direct copy goes. */
interface DirectCopy {
    userId: string;
    room: IRoom;
    appUser: IUser;
}

export class PdfChannel implements Channel {
    /** `kept`: the conversation the room's email just read, taken up instead of reading it again. */
    constructor(private readonly read: IRead, private readonly modify: IModify, private readonly kept?: KeptConversation, private readonly logger?: ILogger) {}

    public async sendNextPart(sender: PartSender): Promise<void> {
        const { request, directCopyTo } = sender;
        const settings = await readUploadSettings(this.read);
        const refused = pdfOrderRefusal(settings);
        if (refused) {
            throw new Error(refused);
        }
        const parts = pdfPartsSent(sender.receipts);
        const appUser = await this.read.getUserReader().getAppUser();
        if (!appUser) {
            throw new Error('The app user does not exist');
        }
        const direct = directCopyTo ? { userId: directCopyTo, room: (await directRoomWith(this.read, this.modify, directCopyTo)).room, appUser } : undefined;
        // A room copy without its direct copy (an attempt that stopped between them, or an archive PDF an agent ordered later).
        const missing = direct ? parts.findIndex((part) => !part.complete) : -1;
        if (direct && missing >= 0) {
            const part = parts[missing];
            const pdf = engineBuffer(await this.read.getUploadReader().getBufferById(part.fileId));
            if (await sender.begin(directCopyStep(missing))) {
                await this.toRequester(request, settings, direct, pdf, part.fileName);
                await sender.sent({ step: directCopyStep(missing), sha256: part.sha256 });
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
        if (direct && (await sender.begin(directCopyStep(index)))) {
            await this.toRequester(request, settings, direct, pdf, fileName);
            await sender.sent({ step: directCopyStep(index), sha256: digest });
        }
    }

    /** The direct copy, or, when direct messages take no files, a text saying where the room's copy is. */
    private async toRequester(request: TranscriptRequest, settings: UploadSettings, direct: DirectCopy, pdf: Buffer, fileName: string): Promise<void> {
        if (!settings.directEnabled) {
            const user = await this.read.getUserReader().getById(direct.userId);
            const i18n = translator();
            const language = i18n.resolveLanguage(user?.settings?.preferences?.language);
            await sendDirectMessage(this.read, this.modify, direct.userId, i18n.t(language, 'transcript_pdf_no_direct_uploads', { room: request.rid }));
            return;
        }
        await this.modify.getCreator().getUploadCreator().uploadBuffer(pdf, { filename: fileName, room: direct.room, user: direct.appUser });
    }
}
