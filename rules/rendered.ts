/** A rendered file, relative to the service's config directory (and to `render`'s output folder). */
export interface RenderedFile {
  readonly relativePath: string;
  readonly content: string;
}
