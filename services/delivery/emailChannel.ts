// Email transcripts: the next part of the conversation, rendered and handed to the workspace's mailer.
import { createHash } from 'crypto';
import { ILogger, IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { renderEmailInTurns } from '../../lib/email/renderEmail';
import { emailsSent, emailStep } from '../../lib/delivery/receipts';
import { partLabel } from '../../lib/transcript/parts';
import { readWorkspaceSettings } from '../appSettings';
import { describedForJson } from '../bridgePayload';
import { KeptConversation, loadTranscript } from '../conversation';
import { translator } from '../i18n';
import { Channel, PartSender } from './attempt';
import { audienceOf, logRefusedPatterns, roomOf } from './parts';

/** SHA-256 of an email's HTML and text, one after the other (never joined into one string). */
const digestOf = (html: string, text: string) => createHash('sha256').update(html).update('\n').update(text).digest('hex');

export class EmailChannel implements Channel {
    /** `pdfIsDue`: whether the room's PDF comes next, which then takes over what this read. */
    constructor(private readonly read: IRead, private readonly modify: IModify, private readonly kept: KeptConversation, private readonly pdfIsDue: () => Promise<boolean>, private readonly logger?: ILogger) {}

    public async sendNextPart(sender: PartSender): Promise<void> {
        const { request } = sender;
        const sent = emailsSent(sender.receipts);
        const room = await roomOf(this.read, request.rid);
        const audience = await audienceOf(this.read, request);
        const keepForNext = await this.pdfIsDue();
        const transcript = await loadTranscript(this.read, room, audience, { index: sent.length, kind: 'email', first: sent[0]?.part, keepForNext }, this.kept);
        logRefusedPatterns(transcript, this.logger);
        const i18n = translator();
        const { html, text } = await renderEmailInTurns(transcript, i18n);
        const { part } = transcript.header;
        const subject = request.subject || i18n.t(transcript.language, 'email_default_subject');
        const partSubject = part ? `${subject} (${partLabel(i18n.labels(transcript.language).label_part, part)})` : subject;
        const step = emailStep(sent.length);
        if (!(await sender.begin(step))) {
            return;
        }
        if (!part || sent.length + 1 >= part.count) {
            await sender.handOver();
        }
        const { fromEmail } = await readWorkspaceSettings(this.read);
        const email = describedForJson({ to: request.email!, from: fromEmail, subject: partSubject, html, text }, { to: request.email, subject: partSubject, htmlLength: html.length, textLength: text.length });
        await this.modify.getCreator().getEmailCreator().send(email);
        await sender.sent({ step, sha256: digestOf(html, text), ...(part ? { part } : {}), ...(transcript.redaction ? { redactions: transcript.redaction.counts } : {}) });
    }
}
