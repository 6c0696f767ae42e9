/** The Inspector: filters and actions on top, the live list left, the selected exchange right. */
import { useMemo } from 'react';
import { filterExchanges } from '../../inspector/exchange-list';
import { usePortico } from '../../store/store-context';
import { ExchangeDetail } from './exchange-detail';
import { ExchangeList } from './exchange-list';
import { InspectorToolbar } from './inspector-toolbar';

export function InspectorPage() {
  const exchanges = usePortico((state) => state.exchanges);
  const filters = usePortico((state) => state.filters);
  const visible = useMemo(() => filterExchanges(exchanges, filters), [exchanges, filters]);

  return (
    <section className="inspector" aria-labelledby="inspector-title">
      <h1 id="inspector-title" className="visually-hidden">
        Inspector
      </h1>
      <InspectorToolbar visible={visible} />
      <div className="split">
        <ExchangeList exchanges={visible} total={exchanges.length} />
        <ExchangeDetail />
      </div>
    </section>
  );
}
