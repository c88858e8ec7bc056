// Parses what ffmpeg prints on stderr while decoding: the output frame size (from the
// "Output #0" stream line) and each frame's pts (from the showinfo filter). Keeps a bounded tail
// of lines for error messages.

export interface StderrEvents {
  onSize(width: number, height: number): void;
  onPts(index: number, ptsSeconds: number): void;
}

const SHOWINFO = /\bn:\s*(\d+)\s+pts:\s*-?\d+\s+pts_time:\s*(-?[\d.]+(?:e[-+]?\d+)?)/;
const OUTPUT_STREAM = /Stream #\d+:\d+.*Video: rawvideo.*?, (\d+)x(\d+)/;

export class FfmpegStderrParser {
  readonly tail: string[] = [];
  #partial = '';
  #inOutput = false;
  #sizeSeen = false;

  constructor(private readonly events: StderrEvents, private readonly tailLines = 40) {}

  push(chunk: string): void {
    const text = this.#partial + chunk;
    const lines = text.split(/\r?\n|\r/);
    this.#partial = lines.pop() ?? '';
    for (const line of lines) this.#line(line);
  }

  end(): void {
    if (this.#partial) this.#line(this.#partial);
    this.#partial = '';
  }

  #line(line: string): void {
    const info = SHOWINFO.exec(line);
    if (info) {
      this.events.onPts(Number(info[1]), Number(info[2]));
      return; // per-frame lines would flush useful context out of the tail
    }
    // showinfo's other per-frame lines (colour info, side data) would flush the useful context.
    if (line.trim() === '' || line.startsWith('[Parsed_showinfo')) return;
    this.tail.push(line);
    if (this.tail.length > this.tailLines) this.tail.shift();
    if (/^Output #0/.test(line)) this.#inOutput = true;
    const size = this.#inOutput && !this.#sizeSeen ? OUTPUT_STREAM.exec(line) : null;
    if (size) {
      this.#sizeSeen = true;
      this.events.onSize(Number(size[1]), Number(size[2]));
    }
  }
}
