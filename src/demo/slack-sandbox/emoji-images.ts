/**
 * Emoji as pictures, as Slack draws its own instead of relying on the reader's fonts (a server or a fresh Linux
 * install often has no colour emoji font, and shows empty boxes). The pictures are Twemoji's (CC BY 4.0, by Twitter
 * and its contributors), from the @iconify-json/twemoji package: one JSON file of SVG bodies, read on first use.
 * The page asks for `/emoji/<code points>.svg`, e.g. `/emoji/1f44d.svg` or `/emoji/2705.svg`.
 */
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { createRequire } from 'node:module';

interface IconSet {
  icons: Record<string, { body: string; width?: number; height?: number }>;
  aliases?: Record<string, { parent: string }>;
  width?: number;
  height?: number;
}

/** Code points in lower-case hex, joined by `-`: what the page sends and what the icon set is keyed by. */
const NAME = /^[0-9a-f]{2,6}(?:-[0-9a-f]{2,6}){0,9}$/;
/** VARIATION SELECTOR-16 asks for the emoji presentation; the icon set's keys leave it out. */
const EMOJI_PRESENTATION = /-?fe0f/g;

const resolve = createRequire(import.meta.url).resolve;

export class EmojiImages {
  private loaded: Promise<{ icons: IconSet; chars: Record<string, string> }> | undefined;

  /** Serves the picture for `name` (code points, `.svg` removed); false when there is none. */
  async serve(response: ServerResponse, name: string): Promise<boolean> {
    if (!NAME.test(name)) return false;
    const svg = await this.svg(name);
    if (!svg) return false;
    response.writeHead(200, {
      'content-type': 'image/svg+xml',
      // The same code points always draw the same picture.
      'cache-control': 'public, max-age=86400',
      'x-content-type-options': 'nosniff',
    });
    response.end(svg);
    return true;
  }

  /** The SVG document for the code points, or undefined when Twemoji has no such emoji. */
  async svg(codePoints: string): Promise<string | undefined> {
    const { icons, chars } = await this.load();
    const iconName = chars[codePoints] ?? chars[codePoints.replace(EMOJI_PRESENTATION, '')];
    const icon = iconName ? (icons.icons[iconName] ?? icons.icons[icons.aliases?.[iconName]?.parent ?? '']) : undefined;
    if (!icon) return undefined;
    const width = icon.width ?? icons.width ?? 36;
    const height = icon.height ?? icons.height ?? 36;
    return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${icon.body}</svg>`;
  }

  private load() {
    this.loaded ??= (async () => {
      const read = async (file: string) => JSON.parse(await readFile(resolve(`@iconify-json/twemoji/${file}`), 'utf8'));
      const [icons, chars] = await Promise.all([read('icons.json'), read('chars.json')]);
      return { icons: icons as IconSet, chars: chars as Record<string, string> };
    })();
    return this.loaded;
  }
}
