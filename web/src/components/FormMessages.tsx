/**
 * The two live regions of a form. They are always in the page, empty until needed, because
 * screen readers announce changes to a live region that already exists, not a new one.
 */
export function FormMessages({ success, error }: { success?: string; error?: string }) {
  return (
    <>
      <div role="status" className="form-live">
        {success ? <p className="message message--success">{success}</p> : null}
      </div>
      <div role="alert" className="form-live">
        {error ? <p className="message message--error">{error}</p> : null}
      </div>
    </>
  );
}
