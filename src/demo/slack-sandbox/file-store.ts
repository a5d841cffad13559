/**
 * Slack's external upload flow (https://docs.slack.dev/messaging/working-with-files#uploading_files): reserve an
 * upload URL with files.getUploadURLExternal, POST the bytes there, then share with files.completeUploadExternal.
 * A file not uploaded yet cannot be completed; completing shares it.
 */
import { SlackApiError } from './slack-api-error.ts';
import type { WorkspaceFile } from './workspace-model.ts';

const MIME_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  csv: 'text/csv',
  txt: 'text/plain',
  json: 'application/json',
  pdf: 'application/pdf',
};

export function mimeTypeOf(filename: string): string {
  const extension = filename.toLowerCase().split('.').pop() ?? '';
  return MIME_TYPES[extension] ?? 'application/octet-stream';
}

interface Upload {
  filename: string;
  length: number;
  bytes?: Buffer;
}

export class FileStore {
  private readonly uploads = new Map<string, Upload>();
  private readonly shared = new Map<string, WorkspaceFile>();
  private counter = 0;

  /** Reserves a file id; the bytes are expected at `/upload/v1/<id>`. */
  reserve(filename: unknown, length: unknown): string {
    if (typeof filename !== 'string' || filename === '') throw new SlackApiError('invalid_arguments');
    const size = Number(length);
    if (!Number.isInteger(size) || size < 0) {
      throw new SlackApiError('invalid_arguments', ['[ERROR] missing required field: length']);
    }
    this.counter += 1;
    const id = `F${String(this.counter).padStart(9, '0')}`;
    this.uploads.set(id, { filename, length: size });
    return id;
  }

  /** Takes the uploaded bytes; false when no upload was reserved under this id. */
  receive(fileId: string, bytes: Buffer): boolean {
    const upload = this.uploads.get(fileId);
    if (!upload) return false;
    upload.bytes = bytes;
    return true;
  }

  /** Shares uploaded files; every one must have its bytes, or nothing is shared. */
  complete(entries: unknown, where: { channel?: string; threadTs?: string; initialComment?: string }): WorkspaceFile[] {
    if (!Array.isArray(entries) || entries.length === 0) {
      throw new SlackApiError('invalid_arguments', ['[ERROR] missing required field: files']);
    }
    const files = entries.map((entry) => {
      const { id, title } = (entry ?? {}) as { id?: unknown; title?: unknown };
      const upload = typeof id === 'string' ? this.uploads.get(id) : undefined;
      if (!upload?.bytes) throw new SlackApiError('file_not_found');
      const file: WorkspaceFile = {
        id: id as string,
        filename: upload.filename,
        title: typeof title === 'string' && title !== '' ? title : upload.filename,
        mimetype: mimeTypeOf(upload.filename),
        bytes: upload.bytes,
        ...where,
      };
      return file;
    });
    for (const file of files) this.shared.set(file.id, file);
    return files;
  }

  get(fileId: string): WorkspaceFile | undefined {
    return this.shared.get(fileId);
  }

  all(): WorkspaceFile[] {
    return [...this.shared.values()];
  }

  /** Shared files, bytes in base64, for saving the workspace between runs. */
  saved(): { counter: number; files: (Omit<WorkspaceFile, 'bytes'> & { bytes: string })[] } {
    return {
      counter: this.counter,
      files: this.all().map((file) => ({ ...file, bytes: file.bytes.toString('base64') })),
    };
  }

  restore(saved: ReturnType<FileStore['saved']>): void {
    this.counter = Math.max(this.counter, saved.counter);
    for (const file of saved.files) this.shared.set(file.id, { ...file, bytes: Buffer.from(file.bytes, 'base64') });
  }
}
