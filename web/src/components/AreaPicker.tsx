import { App, Cascader } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../api/client.ts';
import type { Area, AreaDetail, AreaPage } from '../api/types.ts';
import { areaLabel } from './AreaName.tsx';

interface Option {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: Option[];
}

const toOption = (area: Area, language: string): Option => ({
  value: area.code,
  label: areaLabel(area, language),
  isLeaf: area.childCount === 0,
});

async function childrenOf(parent: string | undefined, language: string): Promise<Option[]> {
  const params = parent ? { parent, pageSize: 500 } : { level: 'city', pageSize: 500 };
  const page = await api<AreaPage>(`/api/areas${query(params)}`);
  return page.items.map((a) => toOption(a, language));
}

/** Puts `children` under the option with `code`, wherever it is in the tree. */
function attach(options: Option[], code: string, children: Option[]): Option[] {
  return options.map((o) =>
    o.value === code ? { ...o, children } : o.children ? { ...o, children: attach(o.children, code, children) } : o,
  );
}

/**
 * Picks an area at any level (city → district → street → community), loading each level on
 * demand; the tree down to the current value is loaded so the value shows its full path.
 */
export function AreaPicker({ value, onChange }: { value?: string; onChange: (code: string | undefined) => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [options, setOptions] = useState<Option[]>([]);
  const [path, setPath] = useState<string[]>([]);
  // The value this picker just reported: when it comes back as the new value, the tree is already right.
  const emitted = useRef<string | undefined>(undefined);

  useEffect(() => {
    if (value !== undefined && value === emitted.current) return;
    let cancelled = false;
    (async () => {
      let tree = await childrenOf(undefined, i18n.language);
      if (value) {
        const area = await api<AreaDetail>(`/api/areas/${value}`);
        const codes = [...area.ancestors.map((a) => a.code), area.code];
        // The chosen area's own children too: a form that stores each pick re-renders with the new
        // value, and the next column must still be there to pick from.
        const expand = area.childCount > 0 ? codes : codes.slice(0, -1);
        for (const code of expand) tree = attach(tree, code, await childrenOf(code, i18n.language));
        if (!cancelled) setPath(codes);
      } else if (!cancelled) setPath([]);
      if (!cancelled) setOptions(tree);
    })().catch((error: Error) => {
      if (!cancelled) void message.error(error.message);
    });
    return () => {
      cancelled = true;
    };
  }, [value, i18n.language, message]);

  return (
    <Cascader
      style={{ width: '100%', maxWidth: 480 }}
      options={options}
      value={path}
      changeOnSelect
      showSearch={false}
      placeholder={t('areas.pickerPlaceholder')}
      aria-label={t('areas.picker')}
      data-testid="area-picker"
      loadData={async (selected) => {
        const target = selected[selected.length - 1] as Option;
        try {
          const children = await childrenOf(target.value, i18n.language);
          setOptions((current) => attach(current, target.value, children));
        } catch (error) {
          void message.error((error as Error).message);
        }
      }}
      onChange={(codes) => {
        const list = (codes ?? []) as string[];
        setPath(list);
        emitted.current = list[list.length - 1];
        onChange(emitted.current);
      }}
    />
  );
}
