package dev.gradus.tensor.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * One-line descriptions of I/O failures that name the operation and the path. The JDK's file-system exceptions
 * often carry nothing but a path as their message ({@code NoSuchFileException: runs/a}), and the operating
 * system's reason ({@code No space left on device}) names no file; a user needs both.
 *
 * <pre>{@code
 * catch (IOException e) { throw IoErrors.failed("write", file, e); }
 * // -> java.io.IOException: cannot write runs/a/summary.json: No space left on device
 * }</pre>
 */
public final class IoErrors {
    private IoErrors() {}

    /**
     * An exception whose message is {@code cannot OPERATION PATH: REASON}, with {@code cause} as its cause; a
     * cause that already says this (a second wrap) is returned as it is.
     */
    public static IOException failed(String operation, Path path, IOException cause) {
        String prefix = "cannot " + operation + " " + path + ": ";
        if (cause.getMessage() != null && cause.getMessage().startsWith("cannot ")
                && !(cause instanceof FileSystemException)) {
            return cause;
        }
        return new IOException(prefix + reason(cause, path), cause);
    }

    /**
     * {@link Files#createDirectories}, failing with {@code cannot create WHAT DIR: ANCESTOR is a file, not a
     * directory} when a file is in the way, and with the operating system's reason otherwise.
     *
     * @param what what the directory is for the user, such as {@code "directory"} or {@code "the output
     *     directory"}
     */
    public static Path createDirectories(Path dir, String what) throws IOException {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
                if (Files.exists(p) && !Files.isDirectory(p)) {
                    throw new IOException("cannot create " + what + " " + dir + ": " + (p.equals(dir.toAbsolutePath())
                            ? dir : p) + " is a file, not a directory", e);
                }
            }
            throw failed("create " + what, dir, e);
        }
    }

    /**
     * The reason of an I/O failure in words: the operating system's reason when there is one ({@code No space
     * left on device}), else what the exception type means ({@code no such file or directory}), else its message;
     * followed by the file it concerns when that is not {@code path} (a missing parent directory, say).
     */
    public static String reason(IOException e, Path path) {
        String what;
        if (e instanceof FileSystemException fs && fs.getReason() != null && !fs.getReason().isBlank()) {
            what = fs.getReason();
        } else if (e instanceof NoSuchFileException) {
            what = "no such file or directory";
        } else if (e instanceof FileAlreadyExistsException) {
            what = "already exists";
        } else if (e instanceof AccessDeniedException) {
            what = "permission denied";
        } else if (e instanceof NotDirectoryException) {
            what = "not a directory";
        } else if (e instanceof DirectoryNotEmptyException) {
            what = "directory not empty";
        } else if (e instanceof FileSystemException fs) {
            what = fs.getClass().getSimpleName();
        } else {
            return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        }
        FileSystemException fs = (FileSystemException) e;
        String file = fs.getFile();
        if (fs.getOtherFile() != null) {
            return what + " (" + file + " -> " + fs.getOtherFile() + ")";
        }
        return file == null || path != null && file.equals(path.toString()) ? what : what + " (" + file + ")";
    }
}
