export { checkNewAccount, createAccount } from './accounts.service.ts';
