package dev.gradus.tensor.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryLockTest {
    @TempDir
    Path tmp;

    @Test
    void aSecondHolderIsRefusedWithTheDirectoryAndTheHolderUntilTheFirstReleases() throws IOException {
        Path dir = tmp.resolve("run");
        try (DirectoryLock first = DirectoryLock.acquire(dir, "gradus train")) {
            assertThat(first.directory()).isEqualTo(dir);
            assertThat(Files.readString(dir.resolve(DirectoryLock.FILE)))
                    .startsWith("pid " + ProcessHandle.current().pid() + ", gradus train, since ");
            assertThatThrownBy(() -> DirectoryLock.acquire(dir, "gradus compare", 100))
                    .isInstanceOf(DirectoryLockedException.class)
                    .hasMessageContaining(dir + " is in use by another run")
                    .hasMessageContaining("another run in this process");
        }
        try (DirectoryLock again = DirectoryLock.acquire(dir, "gradus compare", 0)) {
            assertThat(Files.readString(dir.resolve(DirectoryLock.FILE))).contains("gradus compare");
        }
    }

    @Test
    void acquiringRemovesOrphanedTemporaries() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(dir.resolve(".model.safetensors.99.1.1.tmp"), "half");
        try (DirectoryLock ignored = DirectoryLock.acquire(dir, "gradus train", 0)) {
            assertThat(dir.resolve(".model.safetensors.99.1.1.tmp")).doesNotExist();
        }
    }

    @Test
    void aDirectoryTheLockCreatedIsRemovedWhenNothingWasWrittenThereAndKeptOtherwise() throws IOException {
        Path failed = tmp.resolve("a/failed");
        try (DirectoryLock ignored = DirectoryLock.acquire(failed, "gradus train", 0)) {
            assertThat(failed.resolve(DirectoryLock.FILE)).isRegularFile();
        }
        assertThat(failed).doesNotExist();
        assertThat(tmp.resolve("a")).isDirectory();

        Path done = tmp.resolve("done");
        try (DirectoryLock ignored = DirectoryLock.acquire(done, "gradus train", 0)) {
            Files.writeString(done.resolve("summary.json"), "{}");
        }
        assertThat(done.resolve("summary.json")).isRegularFile();

        Path existing = Files.createDirectories(tmp.resolve("existing"));
        try (DirectoryLock ignored = DirectoryLock.acquire(existing, "gradus train", 0)) {
            assertThat(existing).isDirectory();
        }
        assertThat(existing).as("a directory the user made stays").isDirectory();
    }

    @Test
    void aFileInTheWayIsNamed() throws IOException {
        Path file = Files.writeString(tmp.resolve("plain"), "x");
        assertThatThrownBy(() -> DirectoryLock.acquire(file, "gradus train", 0)).isInstanceOf(IOException.class)
                .hasMessage("cannot use " + file + " as the output directory: it is a file, not a directory");
        assertThatThrownBy(() -> DirectoryLock.acquire(file.resolve("sub"), "gradus train", 0))
                .isInstanceOf(IOException.class).hasMessageContaining(file + " is a file, not a directory");
        assertThat(Files.readString(file)).isEqualTo("x");
    }
}
