// The transcript model: one conversation, ready for any renderer (email HTML/text, PDF).
// Built from the room and its messages by buildTranscript(); renderers never see accessors.
import { TranscriptRedaction } from '../redaction/types';
import { TranscriptPart } from './parts';

export interface TranscriptParticipant {
    /** Display name as it should be printed ("Agent" when agent info is hidden). */
    name: string;
    role: 'visitor' | 'agent' | 'bot' | 'system';
}

export interface TranscriptImage {
    name: string;
    /** image/png or image/jpeg */
    mimeType: string;
    /** Raw bytes when the image could be read; absent when only the name/link is known. */
    data?: Uint8Array;
    url?: string;
}

export interface TranscriptFile {
    name: string;
    url?: string;
}

export interface TranscriptMessage {
    id: string;
    sender: TranscriptParticipant;
    /** Milliseconds since epoch. */
    at: number;
    /** Plain text as typed by a person: never markup. */
    text: string;
    /** System messages (transfers, joins, close) are rendered in italics. */
    system: boolean;
    /** Quoted messages (replies/quotes), rendered indented. */
    quotes: Array<{ author: string; text: string }>;
    images: TranscriptImage[];
    files: TranscriptFile[];
}

export interface TranscriptSurvey {
    [name: string]: string;
}

export interface TranscriptHeader {
    siteName: string;
    /** Localised title, e.g. "Conversation transcript". */
    title: string;
    visitorName: string;
    visitorEmail?: string;
    agentName?: string;
    departmentName?: string;
    startedAt: number;
    closedAt?: number;
    closeComment?: string;
    tags: string[];
    survey?: TranscriptSurvey;
    /** Set when the conversation is split over several PDFs. */
    part?: TranscriptPart;
}

export interface Transcript {
    /** BCP-47 language of labels and dates, e.g. "en", "pt-BR", "ar". */
    language: string;
    /** IANA time zone every time is shown in, e.g. "Europe/Berlin" or "UTC". */
    timeZone: string;
    header: TranscriptHeader;
    messages: TranscriptMessage[];
    /** Set by lib/redaction: what was redacted, as counts (renderers ignore it). */
    redaction?: TranscriptRedaction;
}

/** Localised labels a renderer needs; looked up from i18n by the caller. */
export type TranscriptLabels = Record<TranscriptLabelKey, string>;

export type TranscriptLabelKey =
    | 'transcript_title'
    | 'label_visitor'
    | 'label_agent'
    | 'label_department'
    | 'label_started'
    | 'label_closed'
    | 'label_duration'
    | 'label_time_zone'
    | 'label_close_comment'
    | 'label_tags'
    | 'label_survey'
    | 'label_attachment'
    | 'label_page_of'
    | 'label_part';
