// The workspace's country, for phone numbers written without a country code. Rocket.Chat keeps
// it in the server setting `Country` (Setup Wizard → Organization Info) as a key such as
// "unitedStates" or "koreaRepublicOf"; libphonenumber-js wants ISO 3166-1 alpha-2 ("US", "KR").

export const COUNTRY_SETTING = 'Country';

/** Keys whose English name differs from the region's name in Intl.DisplayNames. */
const KEYS_BY_CODE: Record<string, string> = {
    bruneiDarussalam: 'BN',
    capeVerde: 'CV',
    cocosKeelingIslands: 'CC',
    congo: 'CG',
    congoTheDemocraticRepublicOfThe: 'CD',
    coteDivoire: 'CI',
    czechRepublic: 'CZ',
    falklandIslandsMalvinas: 'FK',
    holySeeVaticanCityState: 'VA',
    hongKong: 'HK',
    iranIslamicRepublicOf: 'IR',
    koreaDemocraticPeoplesRepublicOf: 'KP',
    koreaRepublicOf: 'KR',
    laoPeoplesDemocraticRepublic: 'LA',
    libyanArabJamahiriya: 'LY',
    macao: 'MO',
    macedoniaTheFormerYugoslavRepublicOf: 'MK',
    micronesiaFederatedStatesOf: 'FM',
    moldovaRepublicOf: 'MD',
    myanmar: 'MM',
    netherlandsAntilles: 'CW',
    palestinianTerritoryOccupied: 'PS',
    russianFederation: 'RU',
    saintHelena: 'SH',
    saintKittsAndNevis: 'KN',
    saintLucia: 'LC',
    saintPierreAndMiquelon: 'PM',
    saintVincentAndTheGrenadines: 'VC',
    serbiaAndMontenegro: 'RS',
    swaziland: 'SZ',
    syrianArabRepublic: 'SY',
    taiwanProvinceOfChina: 'TW',
    tanzaniaUnitedRepublicOf: 'TZ',
    timorLeste: 'TL',
    turkey: 'TR',
    unitedStates: 'US',
    unitedKingdom: 'GB',
    vietNam: 'VN',
    virginIslandsBritish: 'VG',
    virginIslandsUS: 'VI',
    wallisAndFutuna: 'WF',
};

/** "Bosnia & Herzegovina" / "bosniaAndHerzegovina" -> "bosniaandherzegovina" */
const normalise = (name: string) =>
    name
        .normalize('NFD')
        .replace(/&/g, 'and')
        .replace(/[^A-Za-z]/g, '')
        .toLowerCase();

let byName: Map<string, string> | undefined;

/** ISO 3166-1 alpha-2 for a Rocket.Chat country key (or a code given as is), or undefined ("worldwide", empty). */
export function countryCode(value: unknown, knownCodes: string[]): string | undefined {
    const key = String(value ?? '').trim();
    if (!key) {
        return undefined;
    }
    if (/^[A-Za-z]{2}$/.test(key) && knownCodes.includes(key.toUpperCase())) {
        return key.toUpperCase();
    }
    if (KEYS_BY_CODE[key]) {
        return KEYS_BY_CODE[key];
    }
    if (!byName) {
        byName = new Map();
        const names = new Intl.DisplayNames(['en'], { type: 'region' });
        for (const code of knownCodes) {
            byName.set(normalise(names.of(code) || ''), code);
        }
    }
    return byName.get(normalise(key));
}
