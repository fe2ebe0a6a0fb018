// What the workspace's routes answer, as far as the page reads it (dev/workspace.ts, dev/bridges/ui.ts).
import type * as UiKit from '@rocket.chat/ui-kit';

export interface User {
    id: string;
    username: string;
    name: string;
    roles: string[];
    language?: string;
    type: string;
    authToken?: string;
}

export interface Visitor {
    id: string;
    name: string;
    emails: string[];
    language?: string;
}

export interface Room {
    id: string;
    type: 'l' | 'd' | 'c';
    name?: string;
    visitorId?: string;
    servedById?: string;
    open: boolean;
    createdAt: string;
    closedAt?: string;
    closer?: string;
    comment?: string;
}

export interface Message {
    id: string;
    senderId: string;
    token?: string;
    text: string;
    t?: string;
    createdAt: string;
    attachments?: Array<{ title?: string; title_link?: string; text?: string; description?: string }>;
}

export interface PersistedRecord {
    appId: string;
    data: Record<string, any>;
}

export interface State {
    users: User[];
    visitors: Visitor[];
    rooms: Room[];
    messageCounts: Record<string, number>;
    persistence: Record<string, PersistedRecord>;
}

export interface Email {
    id: string;
    to: string[];
    subject: string;
    sentAt: string;
}

export interface EmailParts {
    id: string;
    from?: string;
    text: string;
    hasHtml: boolean;
}

export interface Upload {
    id: string;
    rid: string;
    name: string;
    type: string;
    size: number;
    createdAt: string;
}

export interface Job {
    id: string;
    processorId: string;
    runAt: string;
    intervalSeconds?: number;
    data?: object;
}

export interface AppInfo {
    appId: string;
    status: string;
    version?: string;
}

export interface Setting {
    id: string;
    type: string;
    value: unknown;
    packageValue: unknown;
    values?: Array<{ key: string; i18nLabel: string }>;
    i18nLabel: string;
    required?: boolean;
}

export interface ActionButton {
    appId: string;
    actionId: string;
    labelI18n: string;
    context: string;
}

/** A view a Rocket.Chat client would show the user: a contextual bar or a modal. */
export interface Surface {
    kind: 'modal' | 'contextualBar';
    viewId: string;
    appId: string;
    view: {
        id: string;
        appId?: string;
        title: UiKit.TextObject;
        blocks: UiKit.LayoutBlock[];
        submit?: UiKit.ButtonElement;
        close?: UiKit.ButtonElement;
        showIcon?: boolean;
    };
    errors?: Record<string, string>;
    updatedAt: string;
}

/** What a /dev/ui/* interaction answers: the app's answer and the user's views afterwards. */
export interface UiAnswer {
    response: unknown;
    surfaces: Surface[];
}
