/** What other modules use: the demo's partners, offers and codes; the expiry (the CLI or a test may run it). */
export { seedDemoBenefits } from './benefits-demo.ts';
export { expireDue } from './redemption.service.ts';
