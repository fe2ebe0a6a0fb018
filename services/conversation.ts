// Reads a livechat conversation from the workspace and builds its transcript model.
import { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import { IMessage, IMessageAttachment } from '@rocket.chat/apps-engine/definition/messages';
import { UserType } from '@rocket.chat/apps-engine/definition/users';
import { resolveTimeZone } from '../lib/timeZone';
import { buildTranscript, SourceAttachment, SourceConversation, SourceMessage } from '../lib/transcript/build';
import { TranscriptKind } from '../lib/requests';
import { conversationPart, EMAIL_MESSAGES_PER_PART, partWindow, TranscriptPart } from '../lib/transcript/parts';
import { Transcript } from '../lib/transcript/types';
import { readAppSettings, readWorkspaceSettings } from './appSettings';
import { translator } from './i18n';
import { redactForDelivery } from './redaction';
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

/** Which part to load, for which kind of transcript (its part size), and what the first part recorded (absent for the first part). */
export interface PartRequest {
    index: number;
    kind: TranscriptKind;
    first?: TranscriptPart;
}

/** The transcript of part `index` of the conversation (the whole of it when it fits in one part). */
export async function loadTranscript(read: IRead, room: LivechatRoomDetails, audience: TranscriptAudience, partRequest: PartRequest): Promise<Transcript> {
    const settings = await readAppSettings(read);
    // Later parts count messages as the first part did, whatever the setting says meanwhile (parts
    // recorded before the field existed counted the livechat read, system messages included).
    const systemMessages = partRequest.first ? partRequest.first.systemMessages !== false : settings.includeSystemMessages;
    const maxMessages = partRequest.kind === 'email' ? EMAIL_MESSAGES_PER_PART : settings.pdfMessagesPerFile;
    const [workspace, { messages, part }, details] = await Promise.all([
        readWorkspaceSettings(read),
        readConversation(read, room, systemMessages, partRequest.index, maxMessages, partRequest.first),
        readRoomDetails(read.getPersistenceReader(), room.id),
    ]);
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
        messages: messages.map((m) => m.message),
        images: await readImages(read, messages),
    };
    const t = (key: string, params?: Record<string, string | number>) => i18n.t(language, key, params);
    const built = buildTranscript(source, { includeSystemMessages: systemMessages, showAgentInfo: settings.showAgentInfo, t });
    const transcript = redactForDelivery(built, settings.redaction, partRequest.kind, workspace.country, t);
    return part ? { ...transcript, header: { ...transcript.header, part } } : transcript;
}

/** A message reduced to plain data, and the upload its embedded image is read from. */
interface ReadMessage {
    message: SourceMessage;
    image?: { fileId: string; url: string; mimeType: string };
}

/** The most messages `IRoomRead.getMessages` returns per call. */
const MESSAGES_PER_PAGE = 100;

/**
 * The messages of one part of the conversation, in order. Only the livechat read has system
 * messages, and it returns the whole conversation in one answer with a copy of the room in every
 * message. Without system messages the app reads pages of plain messages, and only the pages a
 * part needs: its memory stays small however long the conversation is.
 */
async function readConversation(read: IRead, room: ILivechatRoom, systemMessages: boolean, index: number, maxMessages: number, first?: TranscriptPart): Promise<{ messages: ReadMessage[]; part?: TranscriptPart }> {
    if (systemMessages) {
        const all = (await read.getLivechatReader()._fetchLivechatRoomMessages(room.id)).map((m) =>
            toReadMessage(m, { id: m.sender?.id, name: m.sender?.name, username: m.sender?.username, type: m.sender?.type }, room),
        );
        return conversationPart(all, index, maxMessages, true, first?.messages);
    }
    const pages = new MessagePages(read, room);
    if (!first) {
        // The first part reads to the end to learn the length, keeping only what a part can hold.
        const messages = await pages.range(0, maxMessages, true);
        const { start, end, part } = partWindow(pages.length, index, maxMessages, false);
        return { messages: messages.slice(start, end), part };
    }
    const { start, end, part } = partWindow(first.messages, index, maxMessages, false);
    return { messages: await pages.range(start, end - start), part };
}

/** Plain messages (no system messages) read with `IRoomRead.getMessages`, oldest first. */
class MessagePages {
    /** How many messages the room had when the last read reached its end. */
    public length = 0;
    private readonly senderTypes = new Map<string, UserType | undefined>();

    constructor(private readonly read: IRead, private readonly room: ILivechatRoom) {}

    /** Up to `count` messages from `start`; with `toEnd`, reads on to the end to count them. */
    public async range(start: number, count: number, toEnd = false): Promise<ReadMessage[]> {
        const kept: ReadMessage[] = [];
        for (let skip = start; ; skip += MESSAGES_PER_PAGE) {
            const page = await this.read.getRoomReader().getMessages(this.room.id, { limit: MESSAGES_PER_PAGE, skip, sort: { createdAt: 'asc' } });
            for (const m of page.slice(0, count - kept.length)) {
                const { _id: id, name, username } = m.sender || {};
                kept.push(toReadMessage(m, { id, name, username, type: await this.senderType(id) }, this.room));
            }
            if (page.length < MESSAGES_PER_PAGE) {
                this.length = skip + page.length;
                return kept;
            }
            if (kept.length >= count && !toEnd) {
                return kept;
            }
        }
    }

    /** Bots are told apart by their user type: one lookup per sender. */
    private async senderType(id: string): Promise<UserType | undefined> {
        if (!this.senderTypes.has(id)) {
            this.senderTypes.set(id, id ? (await this.read.getUserReader().getById(id))?.type : undefined);
        }
        return this.senderTypes.get(id);
    }
}

/** What both reads carry: `IMessage` and `IMessageRaw` differ only in how they name the sender. */
type AnyMessage = Pick<IMessage, 'id' | 'text' | 'createdAt' | 'attachments' | 'file'> & { type?: string; token?: string };

function toReadMessage(message: AnyMessage, sender: { id?: string; name?: string; username?: string; type?: UserType }, room: ILivechatRoom): ReadMessage {
    const fromVisitor = !!message.token || (!!room.visitor && sender.id === room.visitor.id);
    const file = message.file;
    const imageUrl = message.attachments?.find((a) => a.imageUrl)?.imageUrl;
    return {
        message: {
            id: message.id || '',
            senderId: sender.id || '',
            senderName: fromVisitor ? room.visitor?.name || sender.name || '' : sender.name || sender.username || '',
            fromVisitor,
            isBot: sender.type === UserType.BOT || sender.type === UserType.APP,
            text: message.text || '',
            type: message.type,
            createdAt: new Date(message.createdAt || 0).getTime(),
            attachments: (message.attachments || []).map((a) => toSourceAttachment(a, message)),
        },
        image: file && imageUrl && /^image\/(png|jpe?g)$/.test(file.type) ? { fileId: file._id, url: imageUrl, mimeType: file.type } : undefined,
    };
}

function toSourceAttachment(attachment: IMessageAttachment, message: AnyMessage): SourceAttachment {
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

/** Reads the uploaded png/jpeg images of the messages, keyed by their attachment url. */
async function readImages(read: IRead, messages: ReadMessage[]): Promise<SourceConversation['images']> {
    const images: SourceConversation['images'] = new Map();
    for (const { image } of messages) {
        if (!image) {
            continue;
        }
        try {
            const buffer = await read.getUploadReader().getBufferById(image.fileId);
            if (buffer.length <= MAX_EMBEDDED_IMAGE_BYTES) {
                images.set(image.url, { data: new Uint8Array(buffer), mimeType: image.mimeType });
            }
        } catch {
            // An unreadable image is listed by name.
        }
    }
    return images;
}
