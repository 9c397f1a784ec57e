/**
 * A progress bar on a terminal (one line, redrawn), or a line per tenth on a pipe or file, so a log stays short.
 */
export function progressBar(stream: NodeJS.WriteStream, width = 30): { report: (phase: string, done: number, total: number) => void; end: () => void } {
  let lastTenth = -1;
  return {
    report(phase, done, total) {
      const share = total === 0 ? 1 : Math.min(1, done / total);
      if (stream.isTTY) {
        const filled = Math.round(share * width);
        stream.write(
          `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(share * 100)).padStart(3)} % ${phase.padEnd(12)} ${done}/${total}`,
        );
        return;
      }
      const tenth = Math.floor(share * 10);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        stream.write(`${tenth * 10} % (${phase}, ${done}/${total})\n`);
      }
    },
    end() {
      if (stream.isTTY) stream.write('\n');
    },
  };
}
