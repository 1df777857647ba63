/** What other modules use: the catalog and the city's time limits (the requests module reads both). */
export { listCategories as requestCategoriesOf, type RequestCategory } from './request-settings.queries.ts';
export { requestSlaOf } from './request-settings.service.ts';
