/** The school's admissions register: its tables, its flow ports and the demo applicants. */
export { type ApplicationPortsDeps, createApplicationPorts } from './application-ports.ts';
export { gradeLabel, statusSentence } from './application-texts.ts';
export { APPLICATION_COLUMNS } from './applications.columns.ts';
export { applicationMigrations } from './applications.migrations.ts';
export { type ApplicationTables, STAGES, type Stage } from './applications.table.ts';
export { type SeedApplicationsDeps, type SeedReport, seedDemoApplications } from './demo-applications.ts';
