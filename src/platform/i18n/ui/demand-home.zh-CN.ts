/** The demand side's part of the home page (issue 18): what waits for whoever handles requests, and a resident's own. */
export const demandHomeZhCN = {
  demandHome: {
    title: '服务需求待办',
    new: '待分派的新需求',
    overdue: '已超时',
    escalated: '已升级到上级',
    lowRated: '差评待处理',
    goRequests: '处理需求',
    newRequest: '登记需求',
    goHotline: '热线接听',
    residentTitle: '我的求助',
    myRequests: '我提出的需求',
    askForHelp: '我要求助',
  },
};
