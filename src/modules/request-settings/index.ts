/** What other modules use: the catalog, the city's time limits and weekly caps (the requests and matching modules read them). */
export { listCategories as requestCategoriesOf, type RequestCategory } from './request-settings.queries.ts';
export { requestSlaOf, volunteerCapsOf } from './request-settings.service.ts';
