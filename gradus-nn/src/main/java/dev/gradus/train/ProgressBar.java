package dev.gradus.train;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress as a bar redrawn in place on a terminal ({@code \r}), at most ten times a second, with the
 * running loss and accuracy; each finished epoch leaves one line behind.
 */
public final class ProgressBar implements Progress {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter out;
    private int epoch;
    private int epochs;
    private int batches;
    private long lastDraw;
    private long epochStart;
    private int drawnLength;

    /** Draws on {@code out}. */
    public ProgressBar(PrintWriter out) {
        this.out = out;
    }

    /** Draws on {@code out}, in its charset. */
    public ProgressBar(PrintStream out) {
        this(new PrintWriter(new OutputStreamWriter(out, out.charset()), true));
    }

    @Override
    public void epochBegin(int epoch, int epochs, int firstBatch, int batches) {
        this.epoch = epoch;
        this.epochs = epochs;
        this.batches = batches;
        this.epochStart = System.nanoTime();
        this.lastDraw = 0;
    }

    @Override
    public void batchEnd(int batch, double meanLoss, double meanAccuracy) {
        long now = System.nanoTime();
        if (batch < batches && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        int filled = batches == 0 ? WIDTH : (int) ((long) WIDTH * batch / batches);
        StringBuilder sb = new StringBuilder("\r");
        sb.append(String.format(Locale.ROOT, "epoch %d/%d [", epoch, epochs));
        for (int i = 0; i < WIDTH; i++) {
            sb.append(i < filled ? '=' : i == filled ? '>' : ' ');
        }
        sb.append(String.format(Locale.ROOT, "] %d/%d  loss %.4f", batch, batches, meanLoss));
        if (!Double.isNaN(meanAccuracy)) {
            sb.append(String.format(Locale.ROOT, "  acc %.2f%%", 100 * meanAccuracy));
        }
        sb.append(String.format(Locale.ROOT, "  %.1fs", (now - epochStart) / 1e9));
        draw(sb);
    }

    @Override
    public void epochEnd(EpochMetrics metrics, int epochs) {
        draw(new StringBuilder("\r").append(Progress.describe(metrics, epochs)));
        out.println();
        drawnLength = 0;
        out.flush();
    }

    @Override
    public void message(String text) {
        if (drawnLength > 0) {
            out.println();
            drawnLength = 0;
        }
        out.println(text);
        out.flush();
    }

    private void draw(StringBuilder line) {
        int length = line.length() - 1;
        for (int i = length; i < drawnLength; i++) {
            line.append(' '); // erase what a longer previous line left behind
        }
        drawnLength = length;
        out.print(line);
        out.flush();
    }
}
