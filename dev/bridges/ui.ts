// The UI interaction bridge: what a Rocket.Chat client shows each user of the views apps open
// (contextual bars, modals), their updates and their errors. Rocket.Chat's client only acts on
// an interaction whose trigger id it issued for a click of that user, once; so does this one.
import { IUIKitInteraction, IUIKitSurface, UIKitInteractionType } from 'apps-engine-server/definition/uikit';
import { IUser } from 'apps-engine-server/definition/users';
import { UiInteractionBridge } from 'apps-engine-server/server/bridges/UiInteractionBridge';

export interface Surface {
    kind: 'modal' | 'contextualBar';
    viewId: string;
    appId: string;
    view: IUIKitSurface;
    /** View errors by field (block or action id), as the last `errors` interaction set them. */
    errors?: Record<string, string>;
    updatedAt: Date;
}

/** What happened to a user's surfaces, newest last (kept short). */
export interface SurfaceEvent {
    type: string;
    viewId?: string;
    accepted: boolean;
    at: Date;
}

const KIND: Partial<Record<string, Surface['kind']>> = {
    [UIKitInteractionType.MODAL_OPEN]: 'modal',
    [UIKitInteractionType.MODAL_UPDATE]: 'modal',
    [UIKitInteractionType.CONTEXTUAL_BAR_OPEN]: 'contextualBar',
    [UIKitInteractionType.CONTEXTUAL_BAR_UPDATE]: 'contextualBar',
};

const MAX_EVENTS = 50;

export class LocalUiInteractionBridge extends UiInteractionBridge {
    private readonly surfaces = new Map<string, Surface[]>();
    private readonly events = new Map<string, SurfaceEvent[]>();
    /** Trigger ids of clicks under way, by user; each may be used for one interaction. */
    private readonly triggers = new Map<string, Set<string>>();

    public issueTrigger(userId: string, triggerId: string): void {
        this.triggers.set(userId, (this.triggers.get(userId) || new Set()).add(triggerId));
    }

    public retireTrigger(userId: string, triggerId: string): void {
        this.triggers.get(userId)?.delete(triggerId);
    }

    public surfacesOf(userId: string): Surface[] {
        return this.surfaces.get(userId) || [];
    }

    public eventsOf(userId: string): SurfaceEvent[] {
        return this.events.get(userId) || [];
    }

    public surface(userId: string, viewId: string): Surface | undefined {
        return this.surfacesOf(userId).find((s) => s.viewId === viewId);
    }

    /** The client gave up waiting for an answer: the toast, and the view the interaction came from is disposed. */
    public timedOut(userId: string, viewId?: string): void {
        this.events.set(userId, [...this.eventsOf(userId), { type: 'UIKit_Interaction_Timeout', viewId, accepted: true, at: new Date() }].slice(-MAX_EVENTS));
        if (viewId) {
            this.close(userId, viewId);
        }
    }

    /** The client closes a view itself (its close button, or a submit the app answered without a view). */
    public close(userId: string, viewId: string): void {
        this.surfaces.set(userId, this.surfacesOf(userId).filter((s) => s.viewId !== viewId));
    }

    /** An interaction for the user's click `triggerId`, from the app's answer or through the bridge. */
    public apply(userId: string, interaction: Partial<IUIKitInteraction> & { view?: IUIKitSurface; viewId?: string; errors?: Record<string, string> }): boolean {
        const { type, triggerId } = interaction;
        const accepted = !!type && !!triggerId && !!this.triggers.get(userId)?.has(triggerId);
        const viewId = interaction.view?.id || interaction.viewId;
        this.events.set(userId, [...this.eventsOf(userId), { type: String(type), viewId, accepted, at: new Date() }].slice(-MAX_EVENTS));
        if (!accepted) {
            return false;
        }
        this.retireTrigger(userId, triggerId!);
        const current = viewId ? this.surface(userId, viewId) : undefined;
        const kind = KIND[type!];
        if (type === UIKitInteractionType.ERRORS) {
            if (current) {
                current.errors = interaction.errors || {};
                current.updatedAt = new Date();
            }
        } else if (type === UIKitInteractionType.MODAL_CLOSE || type === UIKitInteractionType.CONTEXTUAL_BAR_CLOSE) {
            this.close(userId, viewId || '');
        } else if (kind && interaction.view && viewId) {
            const opening = type === UIKitInteractionType.MODAL_OPEN || type === UIKitInteractionType.CONTEXTUAL_BAR_OPEN;
            // An update reaches only a view the user still has open.
            if (opening || current) {
                const surface: Surface = { kind, viewId, appId: String(interaction.appId || interaction.view.appId || ''), view: interaction.view, updatedAt: new Date() };
                this.surfaces.set(userId, [...this.surfacesOf(userId).filter((s) => s.viewId !== viewId), surface]);
            }
        }
        return true;
    }

    protected async notifyUser(user: IUser, interaction: IUIKitInteraction): Promise<void> {
        this.apply(user.id, interaction);
    }
}
