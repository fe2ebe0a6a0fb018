// Strict request-body validation with Rocket.Chat's (ajv) error messages:
// "must have required property 'email'", "must be string", "must NOT have additional properties".
// Every string (and string in an array) must be text: valid Unicode, no control characters
// other than tab and line breaks. Fields that end up in an email header are stricter (checkHeaderText).

export type FieldType = 'string' | 'boolean' | 'string[]' | 'object';

export interface FieldRule {
    type: FieldType;
    required?: boolean;
    maxLength?: number;
    /** Extra check on a value of the right type; returns an error message or undefined. */
    check?: (value: any) => string | undefined;
    /** Nested schema for objects. */
    fields?: Schema;
}

export type Schema = Record<string, FieldRule>;

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function typeError(type: FieldType): string {
    return type === 'string[]' ? 'must be array' : `must be ${type}`;
}

function matchesType(value: unknown, type: FieldType): boolean {
    switch (type) {
        case 'string[]':
            return Array.isArray(value);
        case 'object':
            return isPlainObject(value);
        default:
            return typeof value === type;
    }
}

/** Returns the first problem, ajv-style ("must have required property 'rid'"), or undefined. */
export function validate(body: unknown, schema: Schema, at = ''): string | undefined {
    if (!isPlainObject(body)) {
        return `${at || 'body'} must be object`;
    }
    for (const [name, rule] of Object.entries(schema)) {
        if (rule.required && !Object.prototype.hasOwnProperty.call(body, name)) {
            return `${at ? `${at} ` : ''}must have required property '${name}'`;
        }
    }
    for (const name of Object.keys(body)) {
        if (!Object.prototype.hasOwnProperty.call(schema, name)) {
            return `${at ? `${at} ` : ''}must NOT have additional properties`;
        }
        const rule = schema[name];
        const value = body[name];
        const path = `${at}/${name}`;
        if (!matchesType(value, rule.type)) {
            return `${path} ${typeError(rule.type)}`;
        }
        if (rule.type === 'string[]') {
            const items = value as unknown[];
            const bad = items.findIndex((item) => typeof item !== 'string');
            if (bad >= 0) {
                return `${path}/${bad} must be string`;
            }
            const badText = items.findIndex((item) => textProblem(item as string));
            if (badText >= 0) {
                return `${path}/${badText} ${textProblem(items[badText] as string)}`;
            }
        }
        if (rule.maxLength !== undefined && typeof value === 'string' && value.length > rule.maxLength) {
            return `${path} must NOT have more than ${rule.maxLength} characters`;
        }
        const problem = (rule.fields ? validate(value, rule.fields, path) : rule.check?.(value)) || (typeof value === 'string' ? textProblem(value) : undefined);
        if (problem) {
            return problem.startsWith('/') || problem.startsWith(path) ? problem : `${path} ${problem}`;
        }
    }
    return undefined;
}

// A single address: local@domain, no spaces, commas, angle brackets or line breaks.
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export function isEmailAddress(value: string): boolean {
    return value.length <= 254 && EMAIL.test(value);
}

export const checkEmail = (value: string): string | undefined => (isEmailAddress(value) ? undefined : 'must be a single valid email address');

/** Lone surrogates cannot be encoded in an email or a PDF. */
export const hasLoneSurrogate = (value: string): boolean => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value);

// C0 and C1 control characters; text keeps tab, LF and CR.
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// Anything that could end or bend an email header line: every C0/C1 control and the Unicode line and paragraph separators.
const CONTROL_IN_HEADER = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;

/** Why a string is not text (a comment, a survey answer, a subject…), or undefined. The same rule on every endpoint and in /transcript. */
export function textProblem(value: string): string | undefined {
    if (hasLoneSurrogate(value)) {
        return 'must be valid Unicode';
    }
    return CONTROL_IN_TEXT.test(value) ? 'must not contain control characters' : undefined;
}

/** For fields that end up in an email header (subject, address): one line, no control characters. */
export const checkHeaderText = (value: string): string | undefined =>
    CONTROL_IN_HEADER.test(value) ? 'must not contain line breaks or control characters' : undefined;

/**
 * Ids and visitor tokens longer than this are unknown without a lookup (Rocket.Chat's ids have 17
 * characters, its visitor tokens a few dozen): they are refused before anything is counted or stored.
 */
export const MAX_ID_LENGTH = 256;

/** A string that could be an id or a token: not empty, not over-long. */
export const isIdLike = (value: unknown): value is string => typeof value === 'string' && value !== '' && value.length <= MAX_ID_LENGTH;

/**
 * The query of GET livechat/room, worded as Rocket.Chat's `check(queryParams, {token: String, rid:
 * Match.Maybe(String)})` words it: a repeated parameter arrives as an array, `a[b]=c` as an object.
 */
export function checkRoomQuery(query: Record<string, unknown>): string | undefined {
    if (query.token === undefined) {
        return "Match error: Missing key 'token'";
    }
    for (const name of ['token', 'rid']) {
        const value = query[name];
        if (value !== undefined && typeof value !== 'string') {
            return `Match error: Expected string, got ${value === null ? 'null' : typeof value} in field ${name}`;
        }
    }
    return undefined;
}

export const TRANSCRIPT_REQUEST: Schema = {
    email: { type: 'string', required: true, check: (value: string) => checkHeaderText(value) || checkEmail(value) },
    subject: { type: 'string', required: true, maxLength: 256, check: checkHeaderText },
};

const nonEmpty = (value: string) => (value.trim() === '' ? 'must NOT have fewer than 1 characters' : undefined);

/** POST livechat/room.closeByUser, as Rocket.Chat's OpenAPI schema. */
export const CLOSE_BY_USER: Schema = {
    rid: { type: 'string', required: true, check: nonEmpty },
    comment: { type: 'string', maxLength: 10_000 },
    tags: { type: 'string[]' },
    generateTranscriptPdf: { type: 'boolean' },
    forceClose: { type: 'boolean' },
    transcriptEmail: {
        type: 'object',
        fields: {
            sendToVisitor: { type: 'boolean', required: true },
            requestData: { type: 'object', fields: TRANSCRIPT_REQUEST },
        },
    },
};

export const VISITOR_ROOM: Schema = {
    rid: { type: 'string', required: true, check: nonEmpty },
    token: { type: 'string', required: true, check: nonEmpty },
};

/** POST livechat/transcript (the visitor's own request); the address is checked by the service (`error-invalid-email`). */
export const VISITOR_TRANSCRIPT: Schema = {
    ...VISITOR_ROOM,
    email: { type: 'string', required: true, maxLength: 254 },
    subject: { type: 'string', maxLength: 256, check: checkHeaderText },
};

export const VISITOR_TRANSFER: Schema = { ...VISITOR_ROOM, department: { type: 'string', required: true, check: nonEmpty } };

export const ROOM_FORWARD: Schema = {
    roomId: { type: 'string', required: true, check: nonEmpty },
    userId: { type: 'string', check: nonEmpty },
    departmentId: { type: 'string', check: nonEmpty },
    comment: { type: 'string', maxLength: 10_000 },
};
