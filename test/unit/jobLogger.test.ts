import { jobLogger } from '../../handlers/jobLogger';

describe('jobLogger', () => {
    const logger = (name: string) => ({ name }) as any;

    test('recent engines: the processor runs with the app, its logger bound to the call, as `this`', () => {
        const wrappedApp = { getLogger: () => logger('call') };
        expect(jobLogger(wrappedApp, { getLogger: () => logger('app') } as any)).toEqual({ name: 'call' });
    });

    test('older engines: the processor runs as itself and the app it was given logs', () => {
        const processor = { id: 'transcript-delivery' };
        expect(jobLogger(processor, { getLogger: () => logger('app') } as any)).toEqual({ name: 'app' });
        expect(jobLogger(processor, undefined)).toBeUndefined();
    });
});
