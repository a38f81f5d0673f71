package dev.gradus.tensor.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * An exclusive lock on an output directory, so that two runs never write into the same one: the second is
 * refused with a message that names the directory and the process that holds it.
 *
 * <p>The lock is an operating-system lock ({@link FileChannel#tryLock}) on the file {@code .gradus.lock} in
 * the directory, so it is released when the holder exits, however it exits ({@code kill -9} included); there
 * is no stale lock to remove by hand. The file stays behind and holds a line naming the last holder (process
 * id, command, start time), which is what the refusal quotes. A run that finds the directory locked waits up
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

    private DirectoryLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
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
        IoErrors.createDirectories(dir, "the output directory");
        Path file = dir.resolve(FILE);
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw IoErrors.failed("open the lock file", file, e);
        }
        long deadline = System.nanoTime() + waitMillis * 1_000_000;
        try {
            while (true) {
                FileLock l;
                boolean here = false;
                try {
                    l = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    l = null;
                    here = true;
                }
                if (l != null) {
                    DirectoryLock held = new DirectoryLock(dir, ch, l);
                    held.record(command);
                    AtomicFiles.removeOrphans(dir);
                    return held;
                }
                if (System.nanoTime() >= deadline) {
                    String holder = here ? "another run in this process" : holderOf(file);
                    throw new DirectoryLockedException(dir, holder);
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ch.close();
            throw new IOException("interrupted while waiting for the lock on " + dir, e);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
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

    /** Releases the lock; the lock file stays. */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
