import type { TablePaginationConfig } from 'antd';
import type { TFunction } from 'i18next';

export interface Paging {
  page: number;
  pageSize: number;
}

/** The pagination of a server-paged table: the page asked for, the total, "N in all". */
export function tablePaging(
  t: TFunction,
  paging: Paging,
  total: number | undefined,
  onChange: (next: Paging) => void,
): TablePaginationConfig {
  return {
    current: paging.page,
    pageSize: paging.pageSize,
    total,
    showTotal: (all) => t('common.total', { total: all }),
    onChange: (page, pageSize) => onChange({ page, pageSize }),
  };
}
