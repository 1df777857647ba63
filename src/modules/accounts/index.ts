export { createAccount } from './accounts.service.ts';
