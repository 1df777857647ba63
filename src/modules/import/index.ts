export { importFile } from './import.service.ts';
export { fileFromPath } from './import-file.ts';
export { writeReport } from './import-report.ts';
