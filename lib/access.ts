// Who may do what, from the caller's roles and the room: Rocket.Chat's rules, without accessors.

export interface Caller {
    id: string;
    roles: string[];
}

export interface RoomAccessFacts {
    servedById?: string;
}

export const hasAnyRole = (caller: Caller, roles: string[]): boolean => caller.roles.some((role) => roles.includes(role));

/** The serving agent, or anyone who oversees omnichannel (manager, monitor, admin). */
export function canAccessLivechatRoom(caller: Caller, room: RoomAccessFacts): boolean {
    return room.servedById === caller.id || hasAnyRole(caller, ['admin', 'livechat-manager', 'livechat-monitor']);
}
