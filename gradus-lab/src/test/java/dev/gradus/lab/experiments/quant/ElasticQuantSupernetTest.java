package dev.gradus.lab.experiments.quant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.lab.ClaimResult;
import dev.gradus.lab.ExperimentRun;
import dev.gradus.lab.LabRunner;
import dev.gradus.lab.Preset;
import dev.gradus.lab.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElasticQuantSupernetTest {
    /**
     * The supernet's subnets pass the 2-point test at 4 and 8 bits, but on 8x8 digits post-training quantization of
     * the 8-bit network to 4 bits passes it too, so the verdict is INCONCLUSIVE: this toy cannot tell the methods
     * apart at ≥ 4 bits (see the experiment's notes and the README).
     */
    @Test
    void quickPresetSubnetsPassButTheControlPassesTooSoTheClaimIsInconclusive(@TempDir Path dir) throws IOException {
        ExperimentRun run = LabRunner.to(dir).preset(Preset.QUICK).run(List.of(new ElasticQuantSupernet()))
                .experiments().get(0);
        assertThat(run.error()).isNull();
        ClaimResult c = run.claims().get(0);
        System.out.println("eq-net: " + c.why() + " | subject: " + c.subject().deciding() + " | control: "
                + c.control().deciding());
        assertThat(c.subject().held()).as(c.subject().deciding()).isTrue();
        assertThat(c.verdict()).as(c.why()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(c.control().held()).as(c.control().deciding()).isTrue();
    }
}
