/** Copies text to the clipboard; says so (or why not) in a toast. */
export async function copyText(
  text: string,
  what: string,
  toast: (message: string, tone?: 'info' | 'error') => void,
): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    toast(`Copied ${what}.`);
  } catch (error) {
    toast(
      `Could not copy ${what}: ${error instanceof Error ? error.message : String(error)}`,
      'error',
    );
  }
}

/** Offers `text` as a file download (HAR export). */
export function downloadText(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
