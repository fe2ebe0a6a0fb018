// Reads a livechat conversation from the workspace and builds its transcript model.
import { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import { IMessage, IMessageAttachment } from '@rocket.chat/apps-engine/definition/messages';
import { UserType } from '@rocket.chat/apps-engine/definition/users';
import { resolveTimeZone } from '../lib/timeZone';
import { buildTranscript, SourceAttachment, SourceConversation, SourceMessage } from '../lib/transcript/build';
import { pdfPart } from '../lib/transcript/parts';
import { Transcript } from '../lib/transcript/types';
import { readAppSettings, readWorkspaceSettings } from './appSettings';
import { translator } from './i18n';
import { readRoomDetails } from './roomDetails';

/** Extra room fields Rocket.Chat keeps on livechat rooms and passes through to apps. */
export type LivechatRoomDetails = ILivechatRoom & { comment?: string; tags?: string[]; surveyFeedback?: Record<string, string> };

export interface TranscriptAudience {
    /** The person the transcript is for: their language decides labels and dates. */
    language?: string;
    utcOffset?: number;
}

/** Images larger than this are listed by name instead of embedded. */
const MAX_EMBEDDED_IMAGE_BYTES = 5 * 1024 * 1024;

/** Which PDF part to load, and the conversation length the first part recorded (lib/transcript/parts). */
export interface PdfPartRequest {
    index: number;
    messages?: number;
}

/** The transcript of the whole conversation, or of one PDF part of a long one. */
export async function loadTranscript(read: IRead, room: LivechatRoomDetails, audience: TranscriptAudience, pdfPartRequest?: PdfPartRequest): Promise<Transcript> {
    const [settings, workspace, allMessages, details] = await Promise.all([
        readAppSettings(read),
        readWorkspaceSettings(read),
        read.getLivechatReader()._fetchLivechatRoomMessages(room.id),
        readRoomDetails(read.getPersistenceReader(), room.id),
    ]);
    const { messages, part } = pdfPartRequest ? pdfPart(allMessages, pdfPartRequest.index, settings.pdfMessagesPerFile, pdfPartRequest.messages) : { messages: allMessages, part: undefined };
    const i18n = translator();
    const language = i18n.resolveLanguage(audience.language || workspace.language);
    const timeZone = resolveTimeZone(settings.timeZone, {
        serverZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        requesterUtcOffset: audience.utcOffset,
        visitorZone: room.visitor?.livechatData?.timezone,
    });
    const source: SourceConversation = {
        siteName: workspace.siteName,
        language,
        timeZone,
        visitor: { name: room.visitor?.name || room.visitor?.username || '', email: room.visitor?.visitorEmails?.[0]?.address },
        agentName: room.servedBy ? room.servedBy.name || room.servedBy.username : undefined,
        departmentName: room.department?.name,
        startedAt: new Date(room.createdAt || Date.now()).getTime(),
        closedAt: room.closedAt ? new Date(room.closedAt).getTime() : undefined,
        closeComment: details?.comment || room.comment,
        tags: details?.tags || room.tags || [],
        survey: details?.survey || room.surveyFeedback,
        messages: messages.map((m) => toSourceMessage(m, room)),
        images: await readImages(read, messages),
    };
    const transcript = buildTranscript(source, {
        includeSystemMessages: settings.includeSystemMessages,
        showAgentInfo: settings.showAgentInfo,
        t: (key, params) => i18n.t(language, key, params),
    });
    return part ? { ...transcript, header: { ...transcript.header, part } } : transcript;
}

function toSourceMessage(message: IMessage & { token?: string }, room: ILivechatRoom): SourceMessage {
    const fromVisitor = !!message.token || (!!room.visitor && message.sender?.id === room.visitor.id);
    return {
        id: message.id || '',
        senderId: message.sender?.id || '',
        senderName: fromVisitor ? room.visitor?.name || message.sender?.name || '' : message.sender?.name || message.sender?.username || '',
        fromVisitor,
        isBot: message.sender?.type === UserType.BOT || message.sender?.type === UserType.APP,
        text: message.text || '',
        type: message.type,
        createdAt: new Date(message.createdAt || 0).getTime(),
        attachments: (message.attachments || []).map((a) => toSourceAttachment(a, message)),
    };
}

function toSourceAttachment(attachment: IMessageAttachment, message: IMessage): SourceAttachment {
    const isImageFile = !!attachment.imageUrl && !!message.file && message.file.type.startsWith('image/');
    return {
        title: attachment.title?.value,
        titleLink: attachment.title?.link,
        imageUrl: attachment.imageUrl,
        imageType: isImageFile ? message.file!.type : undefined,
        text: attachment.text,
        authorName: attachment.author?.name,
        messageLink: attachment.timestampLink,
    };
}

/** Reads the uploaded png/jpeg images of the conversation, keyed by their attachment url. */
async function readImages(read: IRead, messages: IMessage[]): Promise<SourceConversation['images']> {
    const images: SourceConversation['images'] = new Map();
    for (const message of messages) {
        const file = message.file;
        const imageUrl = message.attachments?.find((a) => a.imageUrl)?.imageUrl;
        if (!file || !imageUrl || !/^image\/(png|jpe?g)$/.test(file.type)) {
            continue;
        }
        try {
            const buffer = await read.getUploadReader().getBufferById(file._id);
            if (buffer.length <= MAX_EMBEDDED_IMAGE_BYTES) {
                images.set(imageUrl, { data: new Uint8Array(buffer), mimeType: file.type });
            }
        } catch {
            // An unreadable image is listed by name.
        }
    }
    return images;
}
