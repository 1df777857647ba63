export { type DemoSize, generateDemoCity } from './demo-city.ts';
export { DEMO_VOLUNTEER } from './demo-people.ts';
export { DEMO_ORGANIZATION_ID, DEMO_PASSWORD, DEMO_STATION_ID, demoAccounts, isSeeded, seedDemo } from './seed-demo.ts';
