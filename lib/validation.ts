// Strict request-body validation with Rocket.Chat's (ajv) error messages:
// "must have required property 'email'", "must be string", "must NOT have additional properties".

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
            const bad = (value as unknown[]).findIndex((item) => typeof item !== 'string');
            if (bad >= 0) {
                return `${path}/${bad} must be string`;
            }
        }
        if (rule.maxLength !== undefined && typeof value === 'string' && value.length > rule.maxLength) {
            return `${path} must NOT have more than ${rule.maxLength} characters`;
        }
        const problem = rule.fields ? validate(value, rule.fields, path) : rule.check?.(value);
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

export const checkHeaderSafe = (value: string): string | undefined => (/[\r\n]/.test(value) ? 'must not contain line breaks' : undefined);

/** Lone surrogates cannot be encoded in an email or a PDF. */
export const hasLoneSurrogate = (value: string): boolean => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value);

export const TRANSCRIPT_REQUEST: Schema = {
    email: { type: 'string', required: true, check: checkEmail },
    subject: {
        type: 'string',
        required: true,
        maxLength: 256,
        check: (value: string) => checkHeaderSafe(value) || (hasLoneSurrogate(value) ? 'must be valid Unicode' : undefined),
    },
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

export const VISITOR_TRANSFER: Schema = { ...VISITOR_ROOM, department: { type: 'string', required: true, check: nonEmpty } };

export const ROOM_FORWARD: Schema = {
    roomId: { type: 'string', required: true, check: nonEmpty },
    userId: { type: 'string', check: nonEmpty },
    departmentId: { type: 'string', check: nonEmpty },
    comment: { type: 'string', maxLength: 10_000 },
};
