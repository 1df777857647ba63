export { findVolunteers, suggestForRequest } from './matching.service.ts';
