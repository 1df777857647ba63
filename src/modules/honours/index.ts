/** What other modules use: whether a volunteer is barred from awards (the awards workflow), the demo's sanction. */
export { seedDemoSanction } from './honours-demo.ts';
export { barredOn } from './sanctions.service.ts';
