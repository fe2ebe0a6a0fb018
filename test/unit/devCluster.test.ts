// The local workspace's shared database as a cluster sees it (dev/store.ts): app persistence with
// Rocket.Chat's matching rules, the Agenda-like scheduler's locks, faults shared by instances.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LocalPersistenceBridge } from '../../dev/bridges/persistence';
import { LocalSchedulerBridge } from '../../dev/bridges/scheduler';
import { Faults } from '../../dev/faults';
import { JsonStore } from '../../dev/store';

const APP = 'app-1';
const room = (id: string) => ({ model: 'room', id });
const misc = (id: string) => ({ model: 'misc', id });

let dir: string;
const stores: JsonStore[] = [];
/** A connection of its own, as another instance's process has. */
const open = () => {
    const store = new JsonStore(dir);
    stores.push(store);
    return store;
};

beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dev-cluster-'));
});
afterEach(() => {
    jest.restoreAllMocks();
    stores.splice(0).forEach((s) => s.close());
    fs.rmSync(dir, { recursive: true, force: true });
});

describe('app persistence', () => {
    const bridge = (store: JsonStore): any => new LocalPersistenceBridge(store, new Faults(store));

    test('an update by associations matches the exact list, in order; reads and removes match every record holding them all', async () => {
        const a = bridge(open());
        const b = bridge(open());
        await a.updateByAssociations([misc('all'), room('r1'), misc('email')], { v: 1 }, true, APP);
        await a.updateByAssociations([misc('all'), room('r1'), misc('pdf')], { v: 2 }, true, APP);
        // Another instance updates the same record: one record, the last write wins.
        await b.updateByAssociations([misc('all'), room('r1'), misc('email')], { v: 3 }, true, APP);
        expect(await a.readByAssociations([room('r1'), misc('all')], APP)).toEqual([{ v: 3 }, { v: 2 }]);
        // A subset or another order is a different record for an update.
        await a.updateByAssociations([misc('all'), room('r1')], { v: 4 }, true, APP);
        await a.updateByAssociations([room('r1'), misc('all'), misc('email')], { v: 5 }, true, APP);
        expect(await b.readByAssociations([misc('email'), room('r1')], APP)).toEqual([{ v: 3 }, { v: 5 }]);
        await expect(a.updateByAssociations([room('nowhere')], { v: 6 }, false, APP)).rejects.toThrow();
        expect(await a.readByAssociations([room('r1')], 'another-app')).toEqual([]);

        expect(await b.removeByAssociations([room('r1'), misc('email')], APP)).toEqual([{ v: 3 }, { v: 5 }]);
        expect(await a.readByAssociations([room('r1')], APP)).toEqual([{ v: 2 }, { v: 4 }]);
        expect(await a.readByAssociations([], APP)).toEqual([]);
    });

    test('records returned to the app are counted by kind of call', async () => {
        const store = open();
        const a = bridge(store);
        await a.createWithAssociations({ n: 1 }, [misc('all')], APP);
        await a.createWithAssociations({ n: 2 }, [misc('all')], APP);
        await a.readByAssociations([misc('all')], APP);
        expect(store.persistence.reads.readByAssociations).toEqual({ calls: 1, records: 2 });
    });
});

describe('scheduler', () => {
    const tick = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms));
    const scheduler = (name: string, lockLifetimeMs = 60_000): any => new LocalSchedulerBridge(open(), 10_000, lockLifetimeMs, name);

    test('a due job runs on one instance only; a one-time job is removed after it succeeded, a failed one kept and not run again', async () => {
        const runs: string[] = [];
        // The scheduler logs the failed job.
        jest.spyOn(console, 'error').mockImplementation(() => undefined);
        const instances = ['a', 'b', 'c'].map((name) => scheduler(name));
        for (const instance of instances) {
            await instance.registerProcessors([{ id: 'deliver', processor: async (ctx: any) => void runs.push(`${instance.instanceName}:${ctx.n}`) }, { id: 'broken', processor: async () => Promise.reject(new Error('boom')) }], APP);
        }
        await instances[0].scheduleOnce({ id: 'deliver', when: new Date(), data: { n: 1 } }, APP);
        await instances[1].scheduleOnce({ id: 'broken', when: new Date() }, APP);
        await Promise.all(instances.map((i: any) => i.runDueJobs()));
        await tick();
        expect(runs).toHaveLength(1);
        const jobs = instances[2].jobs();
        expect(jobs).toHaveLength(1);
        expect(jobs[0]).toMatchObject({ processorId: 'broken', failReason: 'boom' });
        expect(jobs[0].failedAt).toBeInstanceOf(Date);
        await Promise.all(instances.map((i: any) => i.runDueJobs()));
        await tick();
        expect(runs).toHaveLength(1);
    });

    test('a job locked by an instance that died runs again once the lock lifetime has passed', async () => {
        const runs: string[] = [];
        const dead = scheduler('dead', 50);
        const alive = scheduler('alive', 50);
        await dead.registerProcessors([{ id: 'deliver', processor: () => new Promise(() => runs.push('dead')) }], APP);
        await alive.registerProcessors([{ id: 'deliver', processor: async () => void runs.push('alive') }], APP);
        await dead.scheduleOnce({ id: 'deliver', when: new Date() }, APP);
        await dead.runDueJobs();
        await alive.runDueJobs();
        expect(runs).toEqual(['dead']);
        expect(alive.jobs()[0].lockedBy).toBe('dead');
        await tick(80);
        await alive.runDueJobs();
        await tick();
        expect(runs).toEqual(['dead', 'alive']);
        expect(alive.jobs()).toEqual([]);
    });

    test('a recurring job is one row per processor, whichever instances registered it', async () => {
        const instances = ['a', 'b'].map((name) => scheduler(name));
        for (const instance of instances) {
            await instance.registerProcessors([{ id: 'sweep', processor: async () => undefined, startupSetting: { type: 'recurring', interval: '1 minute' } }], APP);
        }
        const jobs = instances[0].jobs();
        expect(jobs).toHaveLength(1);
        expect(jobs[0]).toMatchObject({ processorId: 'sweep', type: 'single', intervalSeconds: 60 });
        await Promise.all(instances.map((i: any) => i.runDueJobs()));
        await tick();
        const [after] = instances[1].jobs();
        expect(after.runAt.getTime()).toBeGreaterThan(Date.now() + 50_000);
        expect(after.lockedAt).toBeUndefined();
    });
});

test('a fault armed on one instance hits the calls of another, its count shared', async () => {
    const a = new Faults(open());
    const b = new Faults(open());
    a.arm('persistence', { mode: 'fail', count: 2 });
    await expect(b.hit('persistence')).rejects.toThrow('injected persistence fault');
    await expect(a.hit('persistence')).rejects.toThrow('injected persistence fault');
    await expect(b.hit('persistence')).resolves.toBeUndefined();
    expect(a.injected('persistence')).toBe(2);
    b.arm('persistence', { mode: 'latency', minMs: 30, maxMs: 40 });
    const started = Date.now();
    await a.hit('persistence');
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    b.clear();
    await expect(a.hit('persistence')).resolves.toBeUndefined();
});
