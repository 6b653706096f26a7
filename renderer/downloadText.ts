// Browser mode's half of Save As and the inspector's exports: main hands the text back and the page downloads
// it as a file with the suggested name.

export function downloadText(fileName: string, text: string, type = 'text/plain;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once started; give it a moment before the address goes.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
