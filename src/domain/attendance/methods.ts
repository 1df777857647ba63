/** The ways an activity lets volunteers check in: its rotating code, the e-card, card readers, the geofence, by hand. */
export const CHECKIN_METHODS = ['code', 'ecard', 'device', 'geofence', 'manual'] as const;
