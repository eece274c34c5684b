// A station's position (WGS 84 degrees): latitude and longitude go together, both numbers or both null (the
// database's check stations_position_range holds the same), so a half position never reaches a map.
import { z } from 'zod';

export const latitude = z.number({ error: 'latitude must be a number of degrees, -90 to 90' })
  .min(-90, 'latitude must be between -90 and 90').max(90, 'latitude must be between -90 and 90');
export const longitude = z.number({ error: 'longitude must be a number of degrees, -180 to 180' })
  .min(-180, 'longitude must be between -180 and 180').max(180, 'longitude must be between -180 and 180');

export const positionFields = {
  latitude: latitude.nullable().optional().meta({ description: 'WGS 84 degrees, with longitude; null (both) clears the position' }),
  longitude: longitude.nullable().optional().meta({ description: 'WGS 84 degrees, with latitude; null (both) clears the position' }),
};

/** The pair check of a body with positionFields: the field missing (or null beside a number) is the one named. */
export function positionPair(c: { latitude?: number | null | undefined; longitude?: number | null | undefined }, ctx: z.RefinementCtx): void {
  const { latitude: lat, longitude: lng } = c;
  if (lat === undefined && lng === undefined) return;
  if (lat === undefined || lng === undefined) {
    const missing = lat === undefined ? 'latitude' : 'longitude';
    ctx.addIssue({ code: 'custom', path: [missing], message: `${missing} must be given with ${missing === 'latitude' ? 'longitude' : 'latitude'}` });
  } else if ((lat === null) !== (lng === null)) {
    const isNull = lat === null ? 'latitude' : 'longitude';
    ctx.addIssue({ code: 'custom', path: [isNull], message: `${isNull} is null: give both as numbers, or both null to clear the position` });
  }
}
