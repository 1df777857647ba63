import type { Executor } from '../../db/client.ts';
import { DEFAULT_TIME_BANK_RULE, type TimeBankRule } from '../../domain/time-bank/deposit.ts';
import { readSetting } from '../../platform/settings.ts';

declare module '../../platform/settings.ts' {
  interface CitySettings {
    /** Which confirmed hours deposit time credits, at what rate, within which caps (issue 19). */
    timeBankRule: TimeBankRule;
  }
}

/**
 * The city's time bank rule over the defaults. Read here, with the ledger, because verify recomputes
 * the time bank's deposits with it; the time bank module saves it.
 */
export async function timeBankRuleOf(db: Executor): Promise<TimeBankRule> {
  const saved = await readSetting(db, 'timeBankRule');
  return saved ? { ...DEFAULT_TIME_BANK_RULE, ...saved } : DEFAULT_TIME_BANK_RULE;
}
