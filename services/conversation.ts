// Reads a livechat conversation from the workspace and builds its transcript model.
import { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import { IMessage, IMessageAttachment } from '@rocket.chat/apps-engine/definition/messages';
import { UserType } from '@rocket.chat/apps-engine/definition/users';
import { resolveTimeZone } from '../lib/timeZone';
import { buildTranscript, SourceAttachment, SourceConversation, SourceMessage } from '../lib/transcript/build';
import { channelOf, TranscriptKind } from '../lib/delivery/requests';
import { countByPosition } from '../lib/transcript/count';
import { conversationPart, EMAIL_MESSAGES_PER_PART, partWindow, TranscriptPart } from '../lib/transcript/parts';
import { Transcript } from '../lib/transcript/types';
import { readAppSettings, readWorkspaceSettings } from './appSettings';
import { translator } from './i18n';
import { redactForDelivery } from './redaction';
import { readRoomDetails } from './roomDetails';

/**
 * A livechat room as apps get it. Rocket.Chat's room converter does not map `tags` and
 * `surveyFeedback` (an array of {name, value}): they arrive under `_unmappedProperties_`.
 */
export type LivechatRoomDetails = ILivechatRoom & { _unmappedProperties_?: { tags?: unknown; surveyFeedback?: unknown } };

/** The room's tags and survey answers, where Rocket.Chat puts them. */
export function workspaceRoomExtras(room: LivechatRoomDetails): { tags?: string[]; survey?: Record<string, string> } {
    const unmapped = room._unmappedProperties_ || {};
    const tags = Array.isArray(unmapped.tags) ? unmapped.tags.filter((tag): tag is string => typeof tag === 'string') : undefined;
    const answers = Array.isArray(unmapped.surveyFeedback) ? unmapped.surveyFeedback : [];
    const survey: Record<string, string> = {};
    for (const answer of answers) {
        if (answer && typeof answer.name === 'string' && answer.value !== undefined && answer.value !== null) {
            survey[answer.name] = String(answer.value);
        }
    }
    return { tags: tags?.length ? tags : undefined, survey: Object.keys(survey).length ? survey : undefined };
}

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
    /** Keep what is read for the room's next transcript (its PDF after its email), which then reads nothing. */
    keepForNext?: boolean;
    /** PDF: messages per part instead of the setting's (parts that fit the workspace's upload size limit). */
    maxMessages?: number;
}

/** The transcript of part `index` of the conversation (the whole of it when it fits in one part). */
/** `kept`: where the delivery line keeps a read for the room's next transcript. */
export async function loadTranscript(read: IRead, room: LivechatRoomDetails, audience: TranscriptAudience, partRequest: PartRequest, kept?: KeptConversation): Promise<Transcript> {
    const settings = await readAppSettings(read);
    // Later parts count messages as the first part did, whatever the setting says meanwhile (a first
    // part recorded without the field was counted with system messages).
    const systemMessages = partRequest.first ? partRequest.first.systemMessages !== false : settings.includeSystemMessages;
    const maxMessages = channelOf(partRequest.kind) === 'email' ? EMAIL_MESSAGES_PER_PART : partRequest.maxMessages || settings.pdfMessagesPerFile;
    const [workspace, { messages, part, images }, details] = await Promise.all([
        readWorkspaceSettings(read),
        readConversation(read, room, systemMessages, partRequest, maxMessages, kept),
        readRoomDetails(read.getPersistenceReader(), room.id),
    ]);
    const extras = workspaceRoomExtras(room);
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
        // The close comment only when the app was given it: Rocket.Chat keeps it in the livechat-close message, which apps cannot read.
        closeComment: details?.comment,
        tags: details?.tags || extras.tags || [],
        survey: details?.survey || extras.survey,
        messages: messages.map((m) => m.message),
        images,
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

/** A conversation read whole, kept for the room's next transcript (see PartRequest.keepForNext). */
interface KeptRead {
    rid: string;
    systemMessages: boolean;
    messages: ReadMessage[];
    images: SourceConversation['images'];
    until: number;
}

/** How long a kept read waits for the next transcript: the room's PDF job comes right after its email. */
const KEEP_MS = 60_000;

/** At most one conversation read, kept by the delivery line for the room's next transcript; the next load takes it. */
export class KeptConversation {
    private kept?: KeptRead;

    public keep(read: Omit<KeptRead, 'until'>): void {
        this.kept = { ...read, until: Date.now() + KEEP_MS };
    }

    /** The kept read when it is this room's and a first part wants it; taken once, or let go when it is another room's. */
    public take(rid: string, systemMessages: boolean, firstPart: boolean): KeptRead | undefined {
        const whole = this.kept;
        this.kept = undefined;
        return whole && firstPart && whole.rid === rid && whole.systemMessages === systemMessages && Date.now() < whole.until ? whole : undefined;
    }
}

/**
 * The messages of one part of the conversation, in order, and their images. Only the livechat read
 * has system messages, and it returns the whole conversation in one answer with a copy of the room
 * in every message. Without system messages the app reads pages of plain messages, and only the
 * pages a part needs: its memory stays small however long the conversation is.
 */
async function readConversation(read: IRead, room: ILivechatRoom, systemMessages: boolean, request: PartRequest, maxMessages: number, kept?: KeptConversation): Promise<{ messages: ReadMessage[]; part?: TranscriptPart; images: SourceConversation['images'] }> {
    const { index, first } = request;
    const whole = kept?.take(room.id, systemMessages, !first);
    let result: { messages: ReadMessage[]; part?: TranscriptPart; all?: ReadMessage[] };
    if (whole) {
        result = conversationPart(whole.messages, index, maxMessages, systemMessages);
    } else if (systemMessages) {
        const all = (await read.getLivechatReader()._fetchLivechatRoomMessages(room.id)).map((m) =>
            toReadMessage(m, { id: m.sender?.id, name: m.sender?.name, username: m.sender?.username, type: m.sender?.type }, room),
        );
        result = { ...conversationPart(all, index, maxMessages, true, first?.messages), all: first ? undefined : all };
    } else if (!first) {
        // The first part reads the messages a part can hold; only a longer conversation is then
        // counted (lib/transcript/count: about 30 one-message reads at 50,000, not 500 pages).
        const pages = new MessagePages(read, room);
        const messages = await pages.range(0, maxMessages);
        const length = messages.length < maxMessages ? messages.length : await pages.count(maxMessages, room.messageCount);
        const { start, end, part } = partWindow(length, index, maxMessages, false);
        result = { messages: messages.slice(start, end), part, all: length === messages.length ? messages : undefined };
    } else {
        const { start, end, part } = partWindow(first.messages, index, maxMessages, false);
        result = { messages: await new MessagePages(read, room).range(start, end - start), part };
    }
    const images = await readImages(read, result.messages, whole?.images);
    if (kept && request.keepForNext && result.all && result.messages.length === result.all.length) {
        kept.keep({ rid: room.id, systemMessages, messages: result.all, images });
    }
    return { messages: result.messages, part: result.part, images };
}

/** Plain messages (no system messages) read with `IRoomRead.getMessages`, oldest first. */
class MessagePages {
    private readonly senderTypes = new Map<string, UserType | undefined>();

    constructor(private readonly read: IRead, private readonly room: ILivechatRoom) {}

    /** Up to `count` messages from `start` (fewer at the end of the conversation). */
    public async range(start: number, count: number): Promise<ReadMessage[]> {
        const found: ReadMessage[] = [];
        for (let skip = start; found.length < count; skip += MESSAGES_PER_PAGE) {
            const page = await this.page(skip, Math.min(MESSAGES_PER_PAGE, count - found.length));
            for (const m of page) {
                const { _id: id, name, username } = m.sender || {};
                found.push(toReadMessage(m, { id, name, username, type: await this.senderType(id) }, this.room));
            }
            if (page.length < MESSAGES_PER_PAGE) {
                break;
            }
        }
        return found;
    }

    /** How many messages the room has, knowing it has at least `atLeast`; `guess` is the room's own count. */
    public count(atLeast: number, guess?: number): Promise<number> {
        return countByPosition(async (position) => (await this.page(position, 1)).length > 0, atLeast, guess, MESSAGES_PER_PAGE);
    }

    private page(skip: number, limit: number) {
        return this.read.getRoomReader().getMessages(this.room.id, { limit, skip, sort: { createdAt: 'asc' } });
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

/** Reads the uploaded png/jpeg images of the messages, keyed by their attachment url (those in `known` are not read again). */
async function readImages(read: IRead, messages: ReadMessage[], known?: SourceConversation['images']): Promise<SourceConversation['images']> {
    const images: SourceConversation['images'] = new Map();
    for (const { image } of messages) {
        if (!image) {
            continue;
        }
        const readBefore = known?.get(image.url);
        if (readBefore) {
            images.set(image.url, readBefore);
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
