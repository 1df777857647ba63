/** What other modules use: whether a volunteer is barred from awards (the awards workflow), the demo's sanction and awards. */
export { seedDemoAwards } from './awards-demo.ts';
export { seedDemoSanction } from './honours-demo.ts';
export { barredOn } from './sanctions.service.ts';
