package dev.gradus.tensor.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes files so that a reader (or a crash) never sees half of one: the content goes to a temporary
 * sibling, is forced to disk, and the sibling is renamed over the target. The rename is atomic where the
 * file system supports it and a plain replacing move otherwise. On failure the sibling is deleted and the
 * previous target, if any, is left untouched; the exception names the operation and the path
 * ({@code cannot write runs/a/model.safetensors: No space left on device}).
 *
 * <p>A {@link #group() group} writes several files that belong together (a run's summary, metrics and model):
 * every content is written aside first, and only when all of them are complete are they renamed into place,
 * one after the other. A failure while writing (a full disk, a bad value) therefore leaves none of the new
 * files and all the old ones; the renames that follow need no space and do not fail in practice.
 *
 * <p>The temporary sibling is {@code .<name>.<pid>.<thread>.<n>.tmp} in the target's directory, created
 * with the default permissions ({@code Files.createTempFile} would make it, and so the renamed target,
 * owner-only, while reports and weights are meant to be shared). A process killed while writing leaves its
 * sibling behind; {@link #removeOrphans} deletes such files, and a command calls it once it holds the
 * directory's {@link DirectoryLock}, when no other writer can be using them. Missing parent directories are
 * created.
 *
 * <pre>{@code
 * AtomicFiles.write(path, json.getBytes(StandardCharsets.UTF_8));
 * AtomicFiles.write(path, out -> image.writeTo(out));
 * try (AtomicFiles.Group g = AtomicFiles.group()) {
 *     g.add(dir.resolve("summary.json"), summary);
 *     g.add(dir.resolve("model.safetensors"), out -> weights.writeTo(out));
 *     g.commit();
 * }
 * }</pre>
 */
public final class AtomicFiles {
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final String SUFFIX = ".tmp";

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
        try (Group g = group()) {
            g.add(file, content);
            g.commit();
        }
    }

    /** A new, empty group of files to be replaced together (see the class comment). */
    public static Group group() {
        return new Group();
    }

    /**
     * Deletes the temporary siblings ({@code .*.tmp}) that killed writers left in {@code dir}, and returns how
     * many there were. Only call it while no other process can be writing into {@code dir} (while holding its
     * {@link DirectoryLock}); a missing directory has none.
     */
    public static int removeOrphans(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, ".*" + SUFFIX)) {
            for (Path p : s) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(p)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            throw IoErrors.failed("clean up temporary files in", dir, e);
        }
        return removed;
    }

    /**
     * Files written aside and renamed into place together by {@link #commit}; closing a group that was not
     * committed deletes what it wrote aside and leaves every target as it was.
     */
    public static final class Group implements AutoCloseable {
        private final List<Path> targets = new ArrayList<>();
        private final List<Path> temporaries = new ArrayList<>();
        private boolean committed;

        private Group() {}

        /** Writes {@code bytes} aside as the future content of {@code file}. */
        public Group add(Path file, byte[] bytes) throws IOException {
            return add(file, out -> out.write(bytes));
        }

        /** Writes what {@code content} produces aside as the future content of {@code file}. */
        public Group add(Path file, Content content) throws IOException {
            if (committed) {
                throw new IllegalStateException("AtomicFiles.Group: already committed");
            }
            Path dir = file.toAbsolutePath().getParent();
            IoErrors.createDirectories(dir, "directory");
            Path tmp = dir.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + "."
                    + Thread.currentThread().threadId() + "." + SEQUENCE.incrementAndGet() + SUFFIX);
            temporaries.add(tmp);
            targets.add(file);
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
            } catch (IOException e) {
                throw IoErrors.failed("write", file, e);
            }
            return this;
        }

        /** Renames every file written aside over its target, in the order added. */
        public void commit() throws IOException {
            if (committed) {
                throw new IllegalStateException("AtomicFiles.Group: already committed");
            }
            for (int i = 0; i < targets.size(); i++) {
                Path tmp = temporaries.get(i);
                Path file = targets.get(i);
                try {
                    try {
                        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (IOException e) {
                    throw IoErrors.failed("replace", file, e);
                }
            }
            committed = true;
        }

        /** Deletes whatever was written aside and not renamed. */
        @Override
        public void close() throws IOException {
            IOException first = null;
            for (Path tmp : temporaries) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    if (first == null) {
                        first = IoErrors.failed("delete", tmp, e);
                    }
                }
            }
            temporaries.clear();
            if (first != null && !committed) {
                throw first;
            }
        }
    }
}
