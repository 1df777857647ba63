export { describeNotice } from './notice-text.ts';
export { notify } from './notify.ts';
