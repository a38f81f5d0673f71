package dev.gradus.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.nn.CrossEntropyLoss;
import dev.gradus.optim.Counted;
import dev.gradus.nn.Module;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.TensorMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.gradus.tensor.io.Safetensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
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
        before.forEach((name, v) -> assertThat(after.get(name).data()).as(name).isEqualTo(v.data()));
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

    /** Loads the saved checkpoint as a resuming trainer would, to rewrite it with valid hashes. */
    private static Checkpoint load(Path dir) throws Exception {
        Trainer t = TrainerResumeTest.trainer(2, dir, 0).build();
        return CheckpointFile.load(dir, t.model().stateDict(), t.model().randomStates().keySet(), t.optimizer(),
                t.model().namedParameters(), t.identity(), TrainStep.standard().init(t.model().namedParameters()));
    }

    private static Checkpoint with(Checkpoint c, long step, Map<String, String> identity) {
        return new Checkpoint(step, c.epoch(), c.batch(), c.lossSum(), c.correct(), c.seen(), c.seconds(),
                c.stopReason(), c.history(), identity, c.model(), c.randomStates(), c.optimizerState(), c.stepState());
    }

    @Test
    void aReSignedCheckpointWhoseStepDisagreesWithItsHistoryIsRefused(@TempDir Path dir) throws Exception {
        copy(dir);
        Checkpoint c = load(dir);
        CheckpointFile.save(dir, with(c, c.step() + 5, c.identity()), TrainerResumeTest.trainer(2, dir, 0).build()
                .optimizer());
        assertRefused(TrainerResumeTest.trainer(2, dir, 0), "is inconsistent", "its step counter is " + (c.step() + 5),
                "ended at step " + c.step());
    }

    @Test
    void aReSignedCheckpointWhoseOptimizerCountDisagreesWithTheTrainerIsRefused(@TempDir Path dir) throws Exception {
        copy(dir);
        Checkpoint c = load(dir);
        assertThat(c.optimizerState()).isInstanceOf(Counted.class);
        ((Counted) c.optimizerState()).count().set(c.step() + 3);
        CheckpointFile.save(dir, c, TrainerResumeTest.trainer(2, dir, 0).build().optimizer());
        assertRefused(TrainerResumeTest.trainer(2, dir, 0), "is inconsistent", "its trainer has taken " + c.step()
                + " steps but its optimizer state counts " + (c.step() + 3) + " updates");
    }

    @Test
    void aCheckpointThatLacksWhatNewerBuildsRecordIsNamedAsOlder(@TempDir Path dir) throws Exception {
        copy(dir);
        Checkpoint c = load(dir);
        Map<String, String> old = new LinkedHashMap<>(c.identity());
        old.remove("sampler");
        old.remove("train_step");
        CheckpointFile.save(dir, with(c, c.step(), old), TrainerResumeTest.trainer(2, dir, 0).build().optimizer());
        assertRefused(TrainerResumeTest.trainer(2, dir, 0), "was written by an older Gradus",
                "did not record sampler, train_step");
    }

    @Test
    void anOlderFormatVersionIsNamedAsOlder(@TempDir Path dir) throws Exception {
        copy(dir);
        Path main = CheckpointFile.path(dir);
        Safetensors.Contents contents = Safetensors.read(main);
        Map<String, String> meta = new LinkedHashMap<>(contents.metadata());
        meta.put("format_version", "0");
        Safetensors.write(main, new ArrayList<>(contents.entries().values()), meta);
        assertRefused(TrainerResumeTest.trainer(2, dir, 0), "written by an older Gradus (checkpoint format version 0)");
    }

    @Test
    void resumingWithFewerEpochsThanDoneIsRefused(@TempDir Path dir) throws Exception {
        copy(dir);
        TrainerResumeTest.trainer(2, dir, 0).build().resume();
        Trainer t = TrainerResumeTest.trainer(1, dir, 0).build();
        assertThatThrownBy(t::resume).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has already trained 2 epochs, more than the 1 asked for");
    }

    @Test
    void aMissingCheckpointIsReported(@TempDir Path dir) throws Exception {
        assertRefused(TrainerResumeTest.trainer(2, dir, 0), "no checkpoint to resume from");
    }
}
