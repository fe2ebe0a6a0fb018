// `npm start`: the local workspace. Runs the real Apps-Engine with the packaged app on
// http://127.0.0.1:$PORT. Flags: --reset (start from an empty data folder), --data <dir>,
// --engine <version> and --deno <version> (see engineSelect.ts), --instances N (a cluster of N
// instances over one database, on PORT, PORT+1, ...: see cluster.ts).
import { ENGINE } from './engineSelect';
import * as fs from 'fs';
import * as path from 'path';
import { INSTANCE_ENV, instanceCount, runCluster } from './cluster';
import { LocalEngine } from './engine';
import { createServer } from './http';
import { seedDemo } from './seed';

function arg(name: string): string | undefined {
    const index = process.argv.indexOf(name);
    return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
    const root = path.join(__dirname, '..');
    const dataDir = path.resolve(arg('--data') || process.env.DATA_DIR || path.join(root, '.data'));
    const port = Number(process.env.PORT || 3000);
    const appJson = JSON.parse(fs.readFileSync(path.join(root, 'app.json'), 'utf8'));
    const zipPath = process.env.APP_ZIP || path.join(root, 'dist', `${appJson.nameSlug}_${appJson.version}.zip`);
    // An instance of a cluster is started by the launcher, which resets the data folder once.
    const instance = process.env[INSTANCE_ENV];
    if (process.argv.includes('--reset') && instance === undefined) {
        fs.rmSync(dataDir, { recursive: true, force: true });
    }
    if (instanceCount() > 1 && instance === undefined) {
        return runCluster({ dataDir, basePort: port, instances: instanceCount(), args: process.argv.slice(2) });
    }
    const withheld = (process.env.WITHHOLD_PERMISSIONS || '').split(',').filter(Boolean);

    const engine = new LocalEngine({ dataDir, zipPath, withheldPermissions: withheld });
    const fresh = engine.ws.users().length === 0;
    const demo = fresh ? seedDemo(engine.ws) : undefined;
    if (instance === undefined || process.env.CLUSTER_FIRST_START === '1') {
        // Faults armed before a restart are gone after it, as they were when they lived in memory; an
        // instance restarted inside a running cluster keeps the cluster's.
        engine.faults.clear();
    }
    await engine.start();
    const server = createServer(engine);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const address = server.address();
    const actualPort = typeof address === 'object' && address ? address.port : port;

    const base = `http://127.0.0.1:${actualPort}`;
    if (instance === undefined || instance === '0') {
        // Rocket.Chat's Site_Url is where the workspace is reached: its emails link and load images from it.
        engine.ws.setServerSetting('Site_Url', base);
    }
    if (instance !== undefined && instance !== '0') {
        // The launcher prints the cluster's banner; instance 0 prints the workspace's.
        console.log(`READY ${JSON.stringify({ port: actualPort, appId: engine.appId, pid: process.pid })}`);
        return onSignals(server, engine);
    }
    const users = engine.ws.users().filter((u) => u.authToken);
    const room = demo?.room || engine.ws.rooms().find((r) => r.type === 'l' && r.open);
    const manager = users.find((u) => u.username === 'manager');
    console.log(`Open the workspace page: ${base}/`);
    console.log(`Livechat Transcripts is running in a local workspace at ${base}`);
    console.log(`  app id:   ${engine.appId}`);
    console.log(`  engine:   Apps-Engine ${ENGINE.version} on Deno ${ENGINE.denoVersion}`);
    console.log(`  data:     ${dataDir}${fresh ? ' (new)' : ''}`);
    console.log('  users (X-User-Id / X-Auth-Token):');
    for (const user of users) {
        console.log(`    ${user.username.padEnd(8)} ${user.roles.filter((r) => r !== 'user').join(',').padEnd(17)} ${user.id} / ${user.authToken}`);
    }
    if (room && manager) {
        console.log(`  open livechat room: ${room.id} (served by agent)`);
        console.log('  try:');
        console.log(
            `    curl -s -X POST ${base}/api/apps/public/${engine.appId}/livechat/transcript/${room.id} ` +
                `-H 'X-User-Id: ${manager.id}' -H 'X-Auth-Token: ${manager.authToken}' -H 'Content-Type: application/json' ` +
                `-d '{"email":"vera@example.com","subject":"Your conversation"}'`,
        );
        console.log(`    curl -s -X POST ${base}/dev/rooms/${room.id}/close -H 'Content-Type: application/json' -d '{"comment":"Solved"}'`);
        console.log(`    curl -s ${base}/dev/outbox`);
    }
    console.log(`READY ${JSON.stringify({ port: actualPort, appId: engine.appId, pid: process.pid })}`);
    onSignals(server, engine);
}

function onSignals(server: ReturnType<typeof createServer>, engine: LocalEngine): void {
    const shutdown = async () => {
        server.close();
        await engine.stop().catch(() => undefined);
        engine.store.close();
        process.exit(0);
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
}

main().catch((error) => {
    console.error(`[workspace] failed to start: ${error?.stack || error}`);
    process.exit(1);
});
