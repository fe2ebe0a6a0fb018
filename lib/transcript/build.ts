// Builds the transcript model from a conversation as the workspace stores it.
import { Transcript, TranscriptFile, TranscriptImage, TranscriptMessage } from './types';

/** A message as read from the workspace, reduced to plain data. */
export interface SourceMessage {
    id: string;
    senderId: string;
    senderName: string;
    /** Visitor messages carry the visitor's token. */
    fromVisitor: boolean;
    isBot?: boolean;
    text: string;
    /** Rocket.Chat's system message type (`uj`, `livechat_transfer_history`, …), absent for normal messages. */
    type?: string;
    createdAt: number;
    attachments: SourceAttachment[];
}

export interface SourceAttachment {
    title?: string;
    titleLink?: string;
    imageUrl?: string;
    imageType?: string;
    /** Quotes: the quoted text and author. */
    text?: string;
    authorName?: string;
    messageLink?: string;
}

export interface SourceConversation {
    siteName: string;
    language: string;
    timeZone: string;
    visitor: { name: string; email?: string };
    agentName?: string;
    departmentName?: string;
    startedAt: number;
    closedAt?: number;
    closeComment?: string;
    tags: string[];
    survey?: Record<string, string>;
    messages: SourceMessage[];
    /** Image bytes by attachment url, for the images that could be read. */
    images: Map<string, { data: Uint8Array; mimeType: string }>;
}

export interface BuildOptions {
    includeSystemMessages: boolean;
    showAgentInfo: boolean;
    /** Translates a key in the transcript's language. */
    t: (key: string, params?: Record<string, string | number>) => string;
}

const EMBEDDABLE_IMAGES = ['image/png', 'image/jpeg', 'image/jpg'];

/**
 * The wording of a system message, e.g. "Bruno joined". Rocket.Chat's livechat read never returns
 * the close, start and navigation messages (getRoomMessages), so they have no wording of their own.
 */
export function systemMessageText(message: SourceMessage, t: BuildOptions['t']): string {
    const who = message.senderName;
    switch (message.type) {
        case 'livechat_transfer_history':
            return t('system_transferred', { name: who });
        case 'uj':
        case 'ui':
            return t('system_joined', { name: who });
        case 'ul':
        case 'ru':
            return t('system_left', { name: who });
        default:
            return message.text ? message.text : t('system_event', { type: message.type || '' });
    }
}

/** Survey answers under their localised question names ("agentResposiveness" -> "Agent responsiveness"). */
function surveyWithLabels(survey: Record<string, string>, t: BuildOptions['t']): Record<string, string> {
    const labelled: Record<string, string> = {};
    for (const [name, value] of Object.entries(survey)) {
        labelled[t(`survey_${name}`)] = value;
    }
    return labelled;
}

export function buildTranscript(source: SourceConversation, options: BuildOptions): Transcript {
    const { t } = options;
    const agentLabel = t('agent_anonymous');
    const messages: TranscriptMessage[] = [];
    for (const message of source.messages) {
        const system = !!message.type;
        if (system && !options.includeSystemMessages) {
            continue;
        }
        const role = system ? 'system' : message.fromVisitor ? 'visitor' : message.isBot ? 'bot' : 'agent';
        const name = role === 'agent' && !options.showAgentInfo ? agentLabel : message.senderName || (message.fromVisitor ? t('visitor_anonymous') : agentLabel);
        const images: TranscriptImage[] = [];
        const files: TranscriptFile[] = [];
        const quotes: TranscriptMessage['quotes'] = [];
        for (const attachment of message.attachments) {
            if (attachment.messageLink || (attachment.text !== undefined && !attachment.title)) {
                quotes.push({ author: attachment.authorName || '', text: attachment.text || '' });
            } else if (attachment.imageUrl && EMBEDDABLE_IMAGES.includes((attachment.imageType || '').toLowerCase())) {
                const bytes = source.images.get(attachment.imageUrl);
                images.push({ name: attachment.title || attachment.imageUrl, mimeType: bytes?.mimeType || attachment.imageType!, data: bytes?.data, url: attachment.titleLink || attachment.imageUrl });
            } else if (attachment.title || attachment.titleLink) {
                files.push({ name: attachment.title || attachment.titleLink || '', url: attachment.titleLink });
            }
        }
        messages.push({
            id: message.id,
            sender: { name, role },
            at: message.createdAt,
            text: system ? systemMessageText(message, t) : message.text,
            system,
            quotes,
            images,
            files,
        });
    }
    return {
        language: source.language,
        timeZone: source.timeZone,
        header: {
            siteName: source.siteName,
            title: t('transcript_title'),
            visitorName: source.visitor.name || t('visitor_anonymous'),
            visitorEmail: source.visitor.email,
            agentName: source.agentName === undefined ? undefined : options.showAgentInfo ? source.agentName : agentLabel,
            departmentName: source.departmentName,
            startedAt: source.startedAt,
            closedAt: source.closedAt,
            closeComment: source.closeComment,
            tags: source.tags,
            survey: source.survey && surveyWithLabels(source.survey, t),
        },
        messages,
    };
}
