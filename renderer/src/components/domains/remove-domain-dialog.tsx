/** Asks before removing a domain (its certificate and settings go with it). */
import { usePortico } from '../../store/store-context';
import { Modal } from '../layout/modal';

export function RemoveDomainDialog({ host }: { host: string }) {
  const close = usePortico((state) => state.closeDialog);
  const remove = usePortico((state) => state.removeDomain);
  return (
    <Modal title={`Remove ${host}?`} onClose={close}>
      <p>
        Requests to <code>{host}</code> will no longer be forwarded. You can add it again later.
      </p>
      <div className="form-actions">
        <button type="button" className="button" onClick={close}>
          Cancel
        </button>
        <button
          type="button"
          className="button danger"
          onClick={() => {
            close();
            void remove(host);
          }}
        >
          Remove
        </button>
      </div>
    </Modal>
  );
}
