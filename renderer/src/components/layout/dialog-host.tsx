/** Renders whichever dialog the store says is open. */
import { usePortico } from '../../store/store-context';
import { DomainForm } from '../domains/domain-form';
import { RemoveDomainDialog } from '../domains/remove-domain-dialog';

export function DialogHost() {
  const dialog = usePortico((state) => state.dialog);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'add-domain':
      return <DomainForm mode={{ kind: 'add' }} />;
    case 'edit-domain':
      return <DomainForm mode={{ kind: 'edit', host: dialog.host }} />;
    case 'remove-domain':
      return <RemoveDomainDialog host={dialog.host} />;
  }
}
