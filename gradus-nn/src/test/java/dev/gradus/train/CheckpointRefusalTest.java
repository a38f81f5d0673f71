package dev.gradus.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.nn.CrossEntropyLoss;
import dev.gradus.nn.Module;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.TensorMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged or foreign checkpoint is refused with a clear message, and the model is left untouched. */
class CheckpointRefusalTest {
    @TempDir
    static Path saved;

    @BeforeAll
    static void train() throws Exception {
        TrainerResumeTest.data();
        TrainerResumeTest.trainer(1, saved, 0).build().fit();
    }

    private static Path copy(Path to) throws IOException {
        try (Stream<Path> files = Files.list(saved)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    private static Path optimizerFile(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("checkpoint-optimizer-")).findFirst()
                    .orElseThrow();
        }
    }

    /** Resumes into a fresh trainer and checks the refusal, and that the model kept its initial weights. */
    private static void assertRefused(Trainer.Builder builder, String... messageParts) throws Exception {
        Trainer t = builder.build();
        TensorMap before = t.model().stateDict().copy();
        assertThatThrownBy(t::resume).isInstanceOf(CheckpointException.class).satisfies(e -> {
            for (String part : messageParts) {
                assertThat(e.getMessage()).contains(part);
            }
        });
        TensorMap after = t.model().stateDict();
        before.forEach((name, v) -> assertThat(after.get(name).data()).as(name).containsExactly(v.data()));
    }

    @Test
    void aTruncatedFileIsRefused(@TempDir Path dir) throws Exception {
        copy(dir);
        Path main = CheckpointFile.path(dir);
        byte[] bytes = Files.readAllBytes(main);
        Files.write(main, Arrays.copyOf(bytes, bytes.length - 100));
        assertRefused(TrainerResumeTest.trainer(2, dir, 0), "checkpoint.safetensors is damaged",
                "not a valid safetensors file");
    }

    @Test
    void flippedBytesInTheWeightsAreRefused(@TempDir Path dir) throws Exception {
        copy(dir);
        Path main = CheckpointFile.path(dir);
        byte[] bytes = Files.readAllBytes(main);
        bytes[bytes.length - 3] ^= 0x10; // inside the last tensor's data: the layout stays valid
        Files.write(main, bytes);
        assertRefused(TrainerResumeTest.trainer(2, dir, 0), "is damaged", "do not match the hash");
    }

    @Test
    void flippedBytesInTheHeaderAreRefused(@TempDir Path dir) throws Exception {
        copy(dir);
        Path main = CheckpointFile.path(dir);
        byte[] bytes = Files.readAllBytes(main);
        String header = new String(bytes, 8, 4000, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = 8 + header.indexOf("\\\"step\\\":") + 9; // a digit of the step inside the trainer JSON
        bytes[at] = (byte) (bytes[at] == '1' ? '2' : '1');
        Files.write(main, bytes);
        assertRefused(TrainerResumeTest.trainer(2, dir, 0), "is damaged");
    }

    @Test
    void aDamagedOrMissingOptimizerStateIsRefused(@TempDir Path dir, @TempDir Path dir2) throws Exception {
        copy(dir);
        Path opt = optimizerFile(dir);
        byte[] bytes = Files.readAllBytes(opt);
        bytes[bytes.length - 1] ^= 1;
        Files.write(opt, bytes);
        assertRefused(TrainerResumeTest.trainer(2, dir, 0), "optimizer state", "is damaged");

        copy(dir2);
        Files.delete(optimizerFile(dir2));
        assertRefused(TrainerResumeTest.trainer(2, dir2, 0), "optimizer state", "is missing");
    }

    @Test
    void aCheckpointOfAnotherModelIsRefusedListingTheNames(@TempDir Path dir) throws Exception {
        copy(dir);
        String other = "mlp(hidden=(32, 8), batch_norm=true, dropout=0.2)";
        Module model = ModelSpec.parse(other).build(TrainerResumeTest.train.sampleShape(), 10,
                RandomStream.of(11).fork("init"));
        assertRefused(Trainer.builder().model(model).loss(new CrossEntropyLoss()).optimizer("adam(lr=1e-2)")
                        .data(TrainerResumeTest.train, TrainerResumeTest.validation).epochs(2).batchSize(32).seed(11)
                        .checkpoint(dir, 0).describe("model", TrainerResumeTest.MODEL),
                "was made for another model", "wrong shape: 4.weight expected [8, 32] got [16, 32]");
    }

    @Test
    void aCheckpointOfAnotherRunIsRefusedNamingWhatDiffers(@TempDir Path dir) throws Exception {
        copy(dir);
        Module model = ModelSpec.parse(TrainerResumeTest.MODEL).build(TrainerResumeTest.train.sampleShape(), 10,
                RandomStream.of(11).fork("init"));
        assertRefused(Trainer.builder().model(model).loss(new CrossEntropyLoss()).optimizer("adam(lr=1e-3)")
                        .data(TrainerResumeTest.train, TrainerResumeTest.validation).epochs(2).batchSize(64).seed(11)
                        .checkpoint(dir, 0).describe("model", TrainerResumeTest.MODEL),
                "belongs to a different run", "batch_size was '32' in the checkpoint but is '64' now",
                "optimizer was 'adam(lr=0.01");
    }

    @Test
    void aMissingCheckpointIsReported(@TempDir Path dir) throws Exception {
        assertRefused(TrainerResumeTest.trainer(2, dir, 0), "no checkpoint to resume from");
    }
}
