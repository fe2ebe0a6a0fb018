// Acts as a user's Rocket.Chat client for apps' UI Kit surfaces: lists the action buttons the
// user sees in a room (the client's `when` filters), and sends clicks, block actions and view
// submits/closes to the engine with the payloads Rocket.Chat's server builds
// (apps/meteor/ee/server/apps/communication/uikit.ts), then applies the app's answer as the client does.
import { randomBytes } from 'crypto';
import { AppInterface } from 'apps-engine-server/definition/metadata';
import { IUIActionButton, RoomTypeFilter, UIActionButtonContext } from 'apps-engine-server/definition/ui';
import { IUIKitSurface, UIKitIncomingInteractionType, UIKitInteractionType } from 'apps-engine-server/definition/uikit';
import { LocalEngine } from './engine';
import { DevRoom, DevUser } from './workspace';

/** The client's room filters (useApplyButtonFilters.ts); this workspace has no teams or discussions. */
const ROOM_FILTERS: Record<RoomTypeFilter, (room: DevRoom) => boolean> = {
    [RoomTypeFilter.PUBLIC_CHANNEL]: (room) => room.type === 'c',
    [RoomTypeFilter.PRIVATE_CHANNEL]: () => false,
    [RoomTypeFilter.PUBLIC_TEAM]: () => false,
    [RoomTypeFilter.PRIVATE_TEAM]: () => false,
    [RoomTypeFilter.PUBLIC_DISCUSSION]: () => false,
    [RoomTypeFilter.PRIVATE_DISCUSSION]: () => false,
    [RoomTypeFilter.DIRECT]: (room) => room.type === 'd' && room.memberIds.length <= 2,
    [RoomTypeFilter.DIRECT_MULTIPLE]: (room) => room.type === 'd' && room.memberIds.length > 2,
    [RoomTypeFilter.LIVE_CHAT]: (room) => room.type === 'l',
};

/** The workspace keeps no permission table: permission filters pass for admins only. */
const hasPermission = (user: DevUser) => user.roles.includes('admin');

export function buttonVisible(button: IUIActionButton, user: DevUser, room?: DevRoom): boolean {
    const when = button.when || {};
    const roomOk = !when.roomTypes || (!!room && when.roomTypes.some((filter) => !!ROOM_FILTERS[filter]?.(room)));
    const roles = user.roles;
    return (
        roomOk &&
        (!when.hasOneRole || when.hasOneRole.some((role) => roles.includes(role))) &&
        (!when.hasAllRoles || when.hasAllRoles.every((role) => roles.includes(role))) &&
        (!when.hasOnePermission || hasPermission(user)) &&
        (!when.hasAllPermissions || hasPermission(user))
    );
}

/** Block/action state as the client sends it: `{[blockId]: {[actionId]: value}}`. */
export type ViewState = Record<string, Record<string, unknown>>;

export interface Dispatched {
    /** The app's answer to the interaction. */
    response: any;
    triggerId: string;
    /** The client gave up waiting (TRIGGER_TIMEOUT): it showed UIKit_Interaction_Timeout and ignores the answer. */
    timedOut?: boolean;
}

/**
 * How long Rocket.Chat's client waits for an app's answer (apps/meteor/client/lib/... ActionManager:
 * TRIGGER_TIMEOUT = 5000). Then it shows the toast `UIKit_Interaction_Timeout`, disposes the view the
 * interaction came from, and invalidates the trigger id: what the app pushes for it later is ignored.
 */
export const TRIGGER_TIMEOUT_MS = 5000;

const TIMED_OUT = Symbol('timed-out');

export class LocalUiClient {
    /** The client's wait, shortened only by tests (POST /dev/ui/timeout) to make a slow answer without a slow app. */
    public triggerTimeoutMs = TRIGGER_TIMEOUT_MS;

    constructor(private readonly engine: LocalEngine) {}

    private get ui() {
        return this.engine.bridges.ui;
    }

    public async buttons(user: DevUser, room?: DevRoom, context?: string): Promise<IUIActionButton[]> {
        const all = await this.engine.manager.getUIActionButtonManager().getAllActionButtons();
        return all.filter((button) => (!context || button.context === context) && buttonVisible(button, user, room));
    }

    /** A click on an action button: `{type:'actionButton', actionId, rid, mid, payload:{context}}`. */
    public clickButton(user: DevUser, room: DevRoom | undefined, actionId: string, context = UIActionButtonContext.ROOM_ACTION, appId = this.engine.appId): Promise<Dispatched> {
        return this.dispatch(user, undefined, {
            type: UIKitIncomingInteractionType.ACTION_BUTTON,
            appId,
            actionId,
            user: this.engine.convert.user(user),
            room: room ? this.engine.convert.room(room) : undefined,
            message: undefined,
            payload: { context },
        });
    }

    /** A button or menu inside a view: `{type:'blockAction', actionId, rid, container, payload:{blockId, value}}`. */
    public blockAction(user: DevUser, room: DevRoom | undefined, options: { viewId: string; blockId: string; actionId: string; value?: unknown; appId?: string }): Promise<Dispatched> {
        return this.dispatch(user, options.viewId, {
            type: UIKitIncomingInteractionType.BLOCK,
            appId: options.appId || this.engine.appId,
            actionId: options.actionId,
            container: { type: 'view', id: options.viewId },
            message: undefined,
            payload: { blockId: options.blockId, value: options.value },
            user: this.engine.convert.user(user),
            visitor: undefined,
            room: room ? this.engine.convert.room(room) : undefined,
        });
    }

    /**
     * Submit of a view the user has open: the view with the state of its inputs, starting from their
     * initial values as the client does. `state` adds or overrides values; `omitState` sends none.
     * A submit the app answers without a view or errors closes the modal (the client's rule).
     */
    public async submitView(user: DevUser, options: { viewId: string; state?: ViewState; values?: Record<string, unknown>; omitState?: boolean; appId?: string }): Promise<Dispatched> {
        const open = this.ui.surface(user.id, options.viewId);
        const state = options.omitState ? undefined : mergeState(initialState(open?.view), options.values, options.state, open?.view);
        const view = { ...(open?.view || {}), id: options.viewId, ...(state ? { state } : {}) };
        if (options.omitState) {
            delete (view as { state?: unknown }).state;
        }
        const dispatched = await this.dispatch(user, options.viewId, {
            type: UIKitIncomingInteractionType.VIEW_SUBMIT,
            appId: options.appId || open?.appId || this.engine.appId,
            actionId: undefined,
            payload: { view },
            user: this.engine.convert.user(user),
        });
        const type = dispatched.response?.type;
        if (!dispatched.timedOut && (!type || type === UIKitInteractionType.MODAL_CLOSE)) {
            this.ui.close(user.id, options.viewId);
        }
        return dispatched;
    }

    /** The user closes a view: the client closes it, then tells the app. */
    public async closeView(user: DevUser, options: { viewId: string; isCleared?: boolean; appId?: string }): Promise<Dispatched> {
        const open = this.ui.surface(user.id, options.viewId);
        this.ui.close(user.id, options.viewId);
        return this.dispatch(user, undefined, {
            type: UIKitIncomingInteractionType.VIEW_CLOSED,
            appId: options.appId || open?.appId || this.engine.appId,
            actionId: undefined,
            user: this.engine.convert.user(user),
            payload: { view: { ...(open?.view || {}), id: options.viewId }, isCleared: !!options.isCleared },
        });
    }

    /**
     * Sends one interaction with a fresh trigger id; the app's answer is applied like a pushed one.
     * After triggerTimeoutMs the client gives up: toast, `viewId` disposed, the trigger invalid.
     */
    private async dispatch(user: DevUser, viewId: string | undefined, action: Record<string, unknown>): Promise<Dispatched> {
        const triggerId = randomBytes(12).toString('base64url');
        this.ui.issueTrigger(user.id, triggerId);
        const answer = this.engine.manager.getListenerManager().executeListener(AppInterface.IUIKitInteractionHandler, { ...action, triggerId } as any);
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
            timer = setTimeout(() => resolve(TIMED_OUT), this.triggerTimeoutMs);
        });
        try {
            const response = await Promise.race([answer, timeout]);
            if (response === TIMED_OUT) {
                // The app goes on; what it answers or pushes for this trigger is ignored.
                answer.catch(() => undefined);
                this.ui.timedOut(user.id, viewId);
                return { response: undefined, triggerId, timedOut: true };
            }
            if (response && typeof response === 'object' && (response as { type?: string }).type) {
                this.ui.apply(user.id, { ...(response as object), triggerId });
            }
            return { response, triggerId };
        } finally {
            clearTimeout(timer);
            this.ui.retireTrigger(user.id, triggerId);
        }
    }
}

type InputBlock = { type: string; blockId?: string; element?: { actionId?: string; initialValue?: unknown } };

const inputsOf = (view?: IUIKitSurface): InputBlock[] => ((view?.blocks || []) as InputBlock[]).filter((block) => block.type === 'input' && block.element?.actionId);

/** The values a client starts a view with: each input's initial value. */
function initialState(view?: IUIKitSurface): ViewState {
    const state: ViewState = {};
    for (const block of inputsOf(view)) {
        const blockId = block.blockId || 'default';
        state[blockId] = { ...state[blockId], [block.element!.actionId!]: block.element!.initialValue };
    }
    return state;
}

/** `values` sets inputs by action id (their block found in the view); `state` is merged as sent. */
function mergeState(base: ViewState, values: Record<string, unknown> | undefined, state: ViewState | undefined, view?: IUIKitSurface): ViewState {
    const merged: ViewState = JSON.parse(JSON.stringify(base));
    for (const [actionId, value] of Object.entries(values || {})) {
        const blockId = inputsOf(view).find((block) => block.element!.actionId === actionId)?.blockId || 'default';
        merged[blockId] = { ...merged[blockId], [actionId]: value };
    }
    for (const [blockId, block] of Object.entries(state || {})) {
        merged[blockId] = block && typeof block === 'object' ? { ...merged[blockId], ...block } : (block as never);
    }
    return merged;
}
