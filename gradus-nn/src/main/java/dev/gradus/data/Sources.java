package dev.gradus.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.LongConsumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Opening data inputs: files with clear errors, gzip detected by its magic bytes, I/O errors as messages. */
final class Sources {
    private static final int BUFFER = 1 << 16;

    private Sources() {}

    /** A parser of one decompressed input; {@code source} names it in messages. */
    @FunctionalInterface
    interface Parser<T> {
        T parse(InputStream in, String source) throws IOException;
    }

    /** Parses a file (gzip or not), turning I/O failures into messages that name the path. */
    static <T> T read(Path path, Parser<T> parser) {
        return read(path, parser, null);
    }

    /**
     * As {@link #read(Path, Parser)}, telling {@code bytesRead} (when not null) how many bytes of the file, as
     * stored (compressed or not), have been read so far, as the read goes on.
     */
    static <T> T read(Path path, Parser<T> parser, LongConsumer bytesRead) {
        String source = path.toString();
        try (InputStream in = open(path, bytesRead)) {
            return parser.parse(in, source);
        } catch (IOException e) {
            throw failure(source, e);
        }
    }

    /** Parses a caller's stream (gzip or not, not closed), turning I/O failures into messages naming {@code source}. */
    static <T> T read(InputStream in, String source, Parser<T> parser) {
        try {
            return parser.parse(decompressed(in, source), source);
        } catch (IOException e) {
            throw failure(source, e);
        }
    }

    /** Opens a file for reading, gunzipping it when it starts with the gzip magic bytes. */
    static InputStream open(Path path) {
        return open(path, null);
    }

    private static InputStream open(Path path, LongConsumer bytesRead) {
        Objects.requireNonNull(path, "path");
        if (Files.isDirectory(path)) {
            throw new DataException(path + ": is a directory, not a data file");
        }
        try {
            InputStream raw = Files.newInputStream(path);
            return decompressed(bytesRead == null ? raw : counted(raw, bytesRead), path.toString());
        } catch (NoSuchFileException e) {
            throw new DataException("no such file: " + path);
        } catch (AccessDeniedException e) {
            throw new DataException(path + ": permission denied");
        } catch (IOException e) {
            throw failure(path.toString(), e);
        }
    }

    /**
     * Wraps {@code in} so that gzip data is decompressed, detected by its first two bytes rather than by the file
     * name, so that streams and misnamed files work too.
     */
    static InputStream decompressed(InputStream in, String source) {
        Objects.requireNonNull(in, "in");
        BufferedInputStream buffered = new BufferedInputStream(in, BUFFER);
        try {
            buffered.mark(2);
            int b0 = buffered.read();
            int b1 = buffered.read();
            buffered.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                return new BufferedInputStream(new GZIPInputStream(buffered, BUFFER), BUFFER);
            }
            return buffered;
        } catch (IOException e) {
            throw failure(source, e);
        }
    }

    /** {@code in}, telling {@code bytesRead} the running total after every read. */
    private static InputStream counted(InputStream in, LongConsumer bytesRead) {
        return new FilterInputStream(in) {
            private long total;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    bytesRead.accept(++total);
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) {
                    total += n;
                    bytesRead.accept(total);
                }
                return n;
            }
        };
    }

    /** A user-facing error for an I/O failure while reading {@code source}. */
    static DataException failure(String source, IOException e) {
        if (e instanceof EOFException) {
            return new DataException(source + ": truncated gzip data (the file ends too early)", e);
        }
        if (e instanceof ZipException) {
            return new DataException(source + ": corrupt gzip data: " + e.getMessage(), e);
        }
        return new DataException(source + ": cannot read: " + e.getMessage(), e);
    }

    /** The data set name for a source: its file name without directories, {@code .gz} and extension. */
    static String baseName(String source) {
        String n = source;
        int slash = Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\'));
        n = n.substring(slash + 1);
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
