package dev.gradus.tensor.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a file so that a reader (or a crash) never sees half of it: the content goes to a temporary
 * sibling, is forced to disk, and the sibling is renamed over the target. The rename is atomic where the
 * file system supports it and a plain replacing move otherwise. On failure the sibling is deleted and the
 * previous target, if any, is left untouched.
 *
 * <p>The temporary sibling is {@code .<name>.<pid>.<thread>.<n>.tmp} in the target's directory, created
 * with the default permissions ({@code Files.createTempFile} would make it, and so the renamed target,
 * owner-only, while reports and weights are meant to be shared). Missing parent directories are created.
 *
 * <pre>{@code
 * AtomicFiles.write(path, json.getBytes(StandardCharsets.UTF_8));
 * AtomicFiles.write(path, out -> image.writeTo(out));
 * }</pre>
 */
public final class AtomicFiles {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private AtomicFiles() {}

    /** Produces the content of a file onto {@code out}; closing {@code out} only flushes it. */
    @FunctionalInterface
    public interface Content {
        /** Writes the whole content to {@code out}. */
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code bytes} as the whole content of {@code file}, atomically. */
    public static void write(Path file, byte[] bytes) throws IOException {
        write(file, out -> out.write(bytes));
    }

    /** Writes what {@code content} produces as the whole content of {@code file}, atomically. */
    public static void write(Path file, Content content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + "."
                + Thread.currentThread().threadId() + "." + SEQUENCE.incrementAndGet() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                content.writeTo(new FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    // A content that wraps the stream (gzip, a writer) may close its wrapper; the channel
                    // must stay open for the force below.
                    @Override
                    public void close() throws IOException {
                        out.flush();
                    }
                });
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
