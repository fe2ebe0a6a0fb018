// The app log for a scheduler job. Recent engines run a processor with the app (its logger bound
// to this call) as `this`; older ones (1.46) call it on the processor, and the app's own logger is current.
import { ILogger } from '@rocket.chat/apps-engine/definition/accessors';
import { App } from '@rocket.chat/apps-engine/definition/App';

export function jobLogger(self: unknown, app: App | undefined): ILogger | undefined {
    const bound = self as Partial<App> | undefined;
    return typeof bound?.getLogger === 'function' ? bound.getLogger() : app?.getLogger();
}
