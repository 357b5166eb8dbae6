export { seedTenant, DEMO_STAFF, type DemoAccount } from './tenant.ts';
export { seedDemoCases, WOHNGELD_PLAN, KITA_PLAN, type DemoStaff, type DemoCitizen } from './demo.ts';
export { seedMusterstadt, describeAccounts, DEMO_MUNICIPALITY } from './musterstadt.ts';
export { WOHNGELD_GENERATOR, KITA_GENERATOR, type ApplicationGenerator } from './applications.ts';
export { Random } from './random.ts';
