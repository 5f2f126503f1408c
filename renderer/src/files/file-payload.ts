/** Files in and out of the renderer: a picked File to base64, a payload to a download. */
import type { FilePayload } from '../../../shared/ipc';

/** Reads a picked file as a FilePayload (base64 without the data: prefix). */
export function readFilePayload(file: File): Promise<FilePayload> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result ?? '');
      resolve({ name: file.name, base64: url.slice(url.indexOf(',') + 1) });
    };
    reader.onerror = () =>
      reject(new Error(`Le fichier « ${file.name} » n’a pas pu être lu.`));
    reader.readAsDataURL(file);
  });
}

const MIME_TYPES: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv;charset=utf-8',
};

/** Offers a payload from the services as a download under its own name. */
export function downloadPayload(payload: FilePayload): void {
  const bytes = Uint8Array.from(atob(payload.base64), (c) => c.charCodeAt(0));
  const extension = payload.name.split('.').pop()?.toLowerCase() ?? '';
  const blob = new Blob([bytes], {
    type: MIME_TYPES[extension] ?? 'application/octet-stream',
  });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = payload.name;
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser time to start the download before releasing the bytes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
