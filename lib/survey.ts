// The visitor's satisfaction survey, as Rocket.Chat's livechat/room.survey accepts it.
import { textProblem } from './rest/validation';

export const RATING_FIELDS = ['satisfaction', 'agentKnowledge', 'agentResposiveness', 'agentFriendliness'];
export const FEEDBACK_FIELD = 'additionalFeedback';
export const MAX_FEEDBACK_LENGTH = 1000;

/** `[{name, value}]` -> `{name: value}`, or undefined when anything is off. */
export function parseSurvey(data: unknown): Record<string, string> | undefined {
    if (!Array.isArray(data) || data.length === 0 || data.length > RATING_FIELDS.length + 1) {
        return undefined;
    }
    const survey: Record<string, string> = {};
    for (const item of data) {
        if (typeof item !== 'object' || item === null || Array.isArray(item) || Object.keys(item).sort().join() !== 'name,value') {
            return undefined;
        }
        const { name, value } = item as { name: unknown; value: unknown };
        if (typeof name !== 'string' || typeof value !== 'string' || Object.prototype.hasOwnProperty.call(survey, name)) {
            return undefined;
        }
        const valid = RATING_FIELDS.includes(name) ? /^[1-5]$/.test(value) : name === FEEDBACK_FIELD && value.length <= MAX_FEEDBACK_LENGTH && !textProblem(value);
        if (!valid) {
            return undefined;
        }
        survey[name] = value;
    }
    return survey;
}
