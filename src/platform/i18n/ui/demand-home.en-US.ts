/** The demand side's part of the home page (issue 18): what waits for whoever handles requests, and a resident's own. */
export const demandHomeEnUS = {
  demandHome: {
    title: 'Service requests to handle',
    new: 'New, not yet triaged',
    overdue: 'Overdue',
    escalated: 'Escalated to a higher office',
    lowRated: 'Low ratings to follow up',
    goRequests: 'Handle requests',
    newRequest: 'Register a request',
    goHotline: 'Answer the hotline',
    residentTitle: 'My requests for help',
    myRequests: 'Requests I raised',
    askForHelp: 'Ask for help',
  },
};
