package dev.gradus.tensor.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Another run holds the {@link DirectoryLock} of an output directory. The message names the directory and the
 * holder (process id, command and start time, as the holder recorded them).
 */
public final class DirectoryLockedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path directory;

    /**
     * @param directory the directory that is locked
     * @param holder who holds it, such as {@code pid 4242, gradus train, since 2026-01-01T10:00:00Z}
     */
    public DirectoryLockedException(Path directory, String holder) {
        super(directory + " is in use by another run (" + holder + "); wait for it to finish or choose another"
                + " output directory");
        this.directory = directory;
    }

    /** The locked directory. */
    public Path directory() {
        return directory;
    }
}
