// Long work gives the app's other calls a turn (lib/turns), and the email written in turns is the same email.
import { renderEmail, renderEmailInTurns } from '../../lib/email/renderEmail';
import { countByPosition } from '../../lib/transcript/count';
import { asCall, BUSY_TURN_MS, nextTurn, SLICE_MS, turnTaker } from '../../lib/turns';
import { generateConversation, loadTranslator, toTranscript } from '../../bench/corpus';

describe('turns', () => {
    /** A flag a zero timer sets, once that timer is due. */
    const dueTimer = () => {
        const timer = { ran: false };
        setTimeout(() => (timer.ran = true), 0);
        const due = Date.now() + 3;
        while (Date.now() < due) {
            // the timer falls due
        }
        return timer;
    };

    test('a timer due before the turn runs during it', async () => {
        const timer = dueTimer();
        await nextTurn();
        expect(timer.ran).toBe(true);
    });

    /** Whether `letOthersRun` gave the turn when `elapsed` ms had passed. */
    const gaveTurnAfter = async (elapsed: number) => {
        let now = 0;
        const letOthersRun = turnTaker(() => now);
        const timer = dueTimer();
        now = elapsed;
        await letOthersRun();
        return timer.ran;
    };

    test('turnTaker gives the turn only once its slice has passed', async () => {
        expect(await gaveTurnAfter(SLICE_MS - 1)).toBe(false);
        expect(await gaveTurnAfter(SLICE_MS)).toBe(true);
    });

    test('while another call is in progress, the turn lasts until it is done', async () => {
        let now = 0;
        const letOthersRun = turnTaker(() => now);
        let done = false;
        const call = asCall(async () => {
            for (let roundTrip = 0; roundTrip < 3; roundTrip++) {
                await nextTurn();
            }
            done = true;
        });
        now = SLICE_MS;
        await letOthersRun();
        expect(done).toBe(true);
        await call;
    });

    test('…but no longer than BUSY_TURN_MS', async () => {
        let now = 0;
        const letOthersRun = turnTaker(() => now);
        let release = () => undefined as void;
        const call = asCall(() => new Promise<void>((resolve) => (release = resolve)));
        now = SLICE_MS;
        const clock = setInterval(() => now++, 0);
        await letOthersRun();
        clearInterval(clock);
        expect(now - SLICE_MS).toBeGreaterThanOrEqual(BUSY_TURN_MS);
        expect(now - SLICE_MS).toBeLessThan(BUSY_TURN_MS + 5);
        release();
        await call;
    });

    test('the email written in turns is byte for byte the email written at once', async () => {
        const translator = loadTranslator();
        const transcript = toTranscript(generateConversation({ messages: 300, seed: 7, images: true }), translator);
        let turns = 0;
        const counted = async () => {
            turns++;
        };
        expect(await renderEmailInTurns(transcript, translator, counted)).toEqual(renderEmail(transcript, translator));
        expect(turns).toBe(300);
    });
});

describe('countByPosition', () => {
    const conversation = (length: number) => {
        const reads: number[] = [];
        return { reads, exists: async (position: number) => (reads.push(position), position < length) };
    };

    test.each([
        [0, 0, 0],
        [12_000, 12_000, 0],
        [12_001, 12_000, 0],
        [50_000, 12_000, 0],
        [50_000, 12_000, 51_000],
        [50_000, 12_000, 20_000],
        [176_400, 12_000, 180_000],
    ])('%i messages (at least %i known, guess %i)', async (length, atLeast, guess) => {
        const { reads, exists } = conversation(length);
        expect(await countByPosition(exists, atLeast, guess)).toBe(length);
        expect(reads.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(Math.max(length, atLeast + 100))) + 2);
    });
});
