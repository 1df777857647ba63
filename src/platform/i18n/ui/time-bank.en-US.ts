import type { timeBankZhCN } from './time-bank.zh-CN.ts';

/** The time bank pages' texts (my time bank, the time bank rule). */
export const timeBankEnUS: typeof timeBankZhCN = {
  timeBank: {
    menu: 'My time bank',
    title: 'My time bank',
    balance: 'Time credits',
    lifetime: 'Deposited in a lifetime / cap',
    today: 'Deposited for today’s service / daily cap',
    ofCap: '{{used}} / {{cap}}',
    howTitle: 'How credits are deposited',
    how: 'Confirmed hours of the categories below are deposited: {{rate}} credit an hour, at most {{daily}} for one day of service and {{lifetime}} in a lifetime; what is above a cap is not deposited. A correction of hours reverses the deposit and deposits again; nothing is erased. Credits are never cash.',
    eligible: 'Categories that deposit credits:',
    notYet: 'Transfers to family, donations to the community pool and asking for a service with credits are coming.',
    statement: 'Statement',
    date: 'When',
    cause: 'For',
    activity: 'Activity',
    amount: 'Credits',
    balanceAfter: 'Balance after',
    empty: 'No deposits yet: they come when an organization confirms your hours of elderly or disability care',
    causes: {
      record: 'Hours confirmed',
      record_reversal: 'Hours corrected: reversed',
      record_repost: 'Hours corrected: deposited again',
      bonus: 'Bonus',
    },
  },
  timeBankRule: {
    menu: 'Time bank rule',
    title: 'Time bank rule',
    help: 'A new rule applies to hours confirmed from now on; credits already deposited keep the rule version they were computed under, and verification recomputes them from their recorded basis.',
    creditsPerHour: 'Credits per hour',
    dailyCap: 'Cap per day of service',
    lifetimeCap: 'Lifetime cap',
    eligibleCategories: 'Categories that deposit credits (project or request categories)',
    version: 'Version {{version}} in force',
    default: 'Default: {{value}}',
    save: 'Save the rule',
    saved: 'Time bank rule saved (version {{version}})',
    requestCategory: '{{name}} (request)',
  },
};
