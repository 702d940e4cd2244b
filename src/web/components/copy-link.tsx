import { useId, useRef, useState } from 'react';

/**
 * A one-time link to hand on: shown as read-only text with a Copy button. The link is shown only
 * once (the server keeps only its hash), so the text says so.
 */
export function CopyLink({ label, url }: { label: string; url: string }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    input.current?.select();
    try {
      await navigator.clipboard.writeText(url);
      setCopied('Link copied.');
    } catch {
      setCopied('Select the link and copy it with your keyboard (Ctrl+C or ⌘C).');
    }
  };
  return (
    <div className="copy-link">
      <label htmlFor={id}>{label}</label>
      <p className="hint" id={`${id}-hint`}>
        Shown only once. Send it to the person privately; it works one time.
      </p>
      <div className="copy-row">
        <input id={id} ref={input} readOnly value={url} aria-describedby={`${id}-hint`} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" className="button secondary" onClick={() => void copy()}>
          Copy link
        </button>
      </div>
      <p role="status" className="hint">
        {copied}
      </p>
    </div>
  );
}
