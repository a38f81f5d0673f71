package dev.gradus.bench.launch;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Copies bytes through unchanged, except whole lines equal to the note a JVM prints at start-up when the
 * incubating Vector API module is resolved ({@value #NOTE}). A line that starts like the note is held only
 * until its first differing byte, so partial lines (JMH's iteration lines are written in pieces) still appear
 * as they are written.
 */
final class IncubatorNoteFilter extends FilterOutputStream {
    /** The JVM's note, without its line end. */
    static final String NOTE = "WARNING: Using incubator modules: jdk.incubator.vector";

    private static final byte[] NOTE_BYTES = NOTE.getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** How many bytes of the note the current line has matched so far; -1 once the line differs. */
    private int matched;

    /** A filter writing to {@code out}. */
    IncubatorNoteFilter(OutputStream out) {
        super(out);
    }

    @Override
    public synchronized void write(int b) throws IOException {
        if (matched >= 0) {
            if (matched < NOTE_BYTES.length && b == NOTE_BYTES[matched]) {
                matched++;
                return;
            }
            if (matched == NOTE_BYTES.length && b == '\n') {
                matched = 0; // the note: dropped; the next line starts
                return;
            }
            out.write(NOTE_BYTES, 0, matched);
            matched = -1;
        }
        out.write(b);
        if (b == '\n') {
            matched = 0;
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    /** Writes out a held start of a line (the stream is ending, so it can no longer become the note). */
    synchronized void release() {
        try {
            if (matched > 0) {
                out.write(NOTE_BYTES, 0, matched);
                matched = 0;
            }
            out.flush();
        } catch (IOException e) {
            // Nothing left to report to: the stream itself is gone.
        }
    }

    @Override
    public void close() throws IOException {
        release();
        super.close();
    }
}
