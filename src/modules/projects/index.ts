export { findProject } from './projects.queries.ts';
