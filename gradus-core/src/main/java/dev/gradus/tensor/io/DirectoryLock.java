package dev.gradus.tensor.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * An exclusive lock on an output directory, so that two runs never write into the same one: the second is
 * refused with a message that names the directory and the process that holds it.
 *
 * <p>The lock is an operating-system lock ({@link FileChannel#tryLock}) on the file {@code .gradus.lock} in
 * the directory, so it is released when the holder exits, however it exits ({@code kill -9} included); there
 * is no stale lock to remove by hand. The file holds a line naming the holder (process id, command, start
 * time), which is what the refusal quotes, and stays behind with the results; a directory that the lock created
 * and in which nothing else was written is removed again on release. A run that finds the directory locked waits up
 * to {@link #DEFAULT_WAIT_MILLIS} for the holder to finish (a run that is just writing its last files), then
 * gives up. Locks are advisory: they keep out other Gradus runs, not other programs.
 *
 * <p>Once the lock is held, the temporary files that a killed writer left in the directory are deleted
 * ({@link AtomicFiles#removeOrphans}), since no other writer can be using them.
 *
 * <pre>{@code
 * try (DirectoryLock lock = DirectoryLock.acquire(out, "gradus train")) {
 *     ... write into out ...
 * }
 * }</pre>
 */
public final class DirectoryLock implements AutoCloseable {
    /** The name of the lock file inside a locked directory. */
    public static final String FILE = ".gradus.lock";
    /** How long {@link #acquire(Path, String)} waits for a holder to finish: 3 seconds. */
    public static final long DEFAULT_WAIT_MILLIS = 3000;

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean created;

    private DirectoryLock(Path dir, FileChannel channel, FileLock lock, boolean created) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
        this.created = created;
    }

    /** Locks {@code dir} for {@code command}, waiting up to {@link #DEFAULT_WAIT_MILLIS} for another holder. */
    public static DirectoryLock acquire(Path dir, String command) throws IOException {
        return acquire(dir, command, DEFAULT_WAIT_MILLIS);
    }

    /**
     * Creates {@code dir} if needed and locks it for {@code command}.
     *
     * @param waitMillis how long to wait for another holder to release it
     * @throws DirectoryLockedException when another process (or another run in this one) still holds it then
     * @throws IOException naming the directory when it cannot be created (a file is in the way) or locked
     */
    public static DirectoryLock acquire(Path dir, String command, long waitMillis) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException("cannot use " + dir + " as the output directory: it is a file, not a directory");
        }
        boolean created = !Files.exists(dir);
        Path file = dir.resolve(FILE);
        long deadline = System.nanoTime() + waitMillis * 1_000_000;
        try {
            while (true) {
                IoErrors.createDirectories(dir, "the output directory");
                Object before = fileKey(file);
                FileChannel ch;
                try {
                    ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                            StandardOpenOption.WRITE);
                } catch (IOException e) {
                    throw IoErrors.failed("open the lock file", file, e);
                }
                boolean kept = false;
                try {
                    // A releasing holder may remove the file (and its directory) when it leaves nothing else there;
                    // a lock on a removed file locks nothing, so the file locked must still be the one at the path.
                    Object opened = fileKey(file);
                    if (opened == null || before != null && !before.equals(opened)) {
                        continue;
                    }
                    FileLock l;
                    boolean here = false;
                    try {
                        l = ch.tryLock();
                    } catch (OverlappingFileLockException e) {
                        l = null;
                        here = true;
                    }
                    if (l != null) {
                        if (!opened.equals(fileKey(file))) {
                            l.release();
                            continue;
                        }
                        DirectoryLock held = new DirectoryLock(dir, ch, l, created);
                        held.record(command);
                        AtomicFiles.removeOrphans(dir);
                        kept = true;
                        return held;
                    }
                    if (System.nanoTime() >= deadline) {
                        throw new DirectoryLockedException(dir, here ? "another run in this process" : holderOf(file));
                    }
                } finally {
                    if (!kept) {
                        ch.close();
                    }
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the lock on " + dir, e);
        }
    }

    /** The identity of the file at {@code file} (device and inode), or null when there is none. */
    private static Object fileKey(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** The directory this lock holds. */
    public Path directory() {
        return dir;
    }

    /** Writes who holds the lock into the lock file, for the message of a refused run. */
    private void record(String command) throws IOException {
        String line = "pid " + ProcessHandle.current().pid() + ", " + command + ", since "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n";
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
    }

    /** The holder line of a lock file, or a plain description when it cannot be read yet. */
    private static String holderOf(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? "another process" : s;
        } catch (IOException e) {
            return "another process";
        }
    }

    /**
     * Releases the lock. A directory that this lock created and in which nothing but the lock file was written
     * (a run that failed before writing anything) is removed, so a failure leaves no trace; otherwise the lock
     * file stays.
     */
    @Override
    public void close() throws IOException {
        try {
            if (created && onlyTheLockFile()) {
                Files.deleteIfExists(dir.resolve(FILE));
                try {
                    Files.deleteIfExists(dir);
                } catch (DirectoryNotEmptyException e) {
                    // a waiting run has just created its lock file there: the directory is in use again
                }
            }
        } finally {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }

    private boolean onlyTheLockFile() throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                if (!p.getFileName().toString().equals(FILE)) {
                    return false;
                }
            }
            return true;
        }
    }
}
