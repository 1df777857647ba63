export * from './dates.ts';
export * from './documents.ts';
export * from './phone.ts';
export * from './resident-id.ts';
export * from './text.ts';
export * from './uscc.ts';
export * from './volunteer-number.ts';
