import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/executor.ts';
import { citySettings } from '../db/schema.ts';

/**
 * The city's settings, one JSON value a key in `city_settings`. Each capability declares the keys
 * it owns and their types where it defines them, by adding to this interface:
 *
 * ```ts
 * declare module '../../platform/settings.ts' {
 *   interface CitySettings { hours: HoursRule }
 * }
 * ```
 * so a misspelt key or a value of the wrong shape fails to compile. A key never saved reads as
 * undefined: its owner supplies the default.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by each capability through declaration merging
export interface CitySettings {}

export type SettingKey = keyof CitySettings & string;

export async function readSetting<K extends SettingKey>(db: Executor, key: K): Promise<CitySettings[K] | undefined> {
  const [row] = await db.select({ value: citySettings.value }).from(citySettings).where(eq(citySettings.key, key));
  return row?.value as CitySettings[K] | undefined;
}

/** Saves a setting (who changed it is kept beside it; the caller audits the change). */
export async function saveSetting<K extends SettingKey>(db: Executor, key: K, value: CitySettings[K], by: string) {
  await db
    .insert(citySettings)
    .values({ key, value, updatedBy: by })
    .onConflictDoUpdate({ target: citySettings.key, set: { value, updatedBy: by, updatedAt: sql`now()` } });
}
