import { useAppStore } from '../../state/store.ts';

/** Says which parameters of the opening link were ignored, and that defaults were used instead. */
export function LinkNotices() {
  const notices = useAppStore((state) => state.linkNotices);
  const dismiss = useAppStore((state) => state.dismissLinkNotices);
  if (notices.length === 0) return null;
  return (
    <div className="alert alert-warning link-notices" role="status" aria-label="Link notices">
      <strong>Parts of this link could not be used; defaults were taken instead:</strong>
      <ul>
        {/* The list never changes while shown, and two notices may read alike: keyed by place. */}
        {notices.map((notice, index) => (
          <li key={index}>{notice}</li>
        ))}
      </ul>
      <button type="button" onClick={dismiss}>
        OK
      </button>
    </div>
  );
}
