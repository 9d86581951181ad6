interface NoticeProps {
  /** Nothing is shown when undefined. */
  readonly message: string | undefined;
  readonly tone?: 'problem' | 'info';
}

/** A message for the person. Problems are announced at once (role=alert), news politely. */
export function Notice({ message, tone = 'problem' }: NoticeProps) {
  if (!message) return null;
  return (
    <p className={`notice notice-${tone}`} role={tone === 'problem' ? 'alert' : 'status'}>
      {message}
    </p>
  );
}
