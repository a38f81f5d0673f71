package dev.gradus.cli.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gradus.cli.GradusCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PrivacyCommandTest {

    static Object[] gradus(String... args) {
        CommandLine cl = GradusCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Object[] {code, out.toString(), err.toString()};
    }

    @Test
    void epsilonPrintsTheReferenceValueAndItsOrder() throws Exception {
        Object[] r = gradus("privacy", "epsilon", "--sampling-rate", "0.004266666666666667", "--noise-multiplier", "1.1",
                "--steps", "14062");
        assertThat(r[0]).isEqualTo(0);
        assertThat((String) r[1]).startsWith("epsilon 2.596556 at delta 1.0E-5 (optimal order 8.1;");
        Object[] c = gradus("privacy", "epsilon", "-q", "0.004266666666666667", "-s", "1.1", "-T", "14062",
                "--conversion", "classic");
        assertThat((String) c[1]).startsWith("epsilon 3.008272");
        Object[] j = gradus("privacy", "epsilon", "--phase", "1e-5,1.0,10", "--phase", "1e-4,3.0,4", "--json");
        JsonNode n = new ObjectMapper().readTree((String) j[1]);
        assertThat(n.get("epsilon").asDouble()).isBetween(0.33634, 0.33635);
        assertThat(n.get("order").asDouble()).isEqualTo(23);
        assertThat(n.get("phases")).hasSize(2);
    }

    @Test
    void noiseFindsOpacusSigma() throws Exception {
        Object[] r = gradus("privacy", "noise", "-q", "0.004266666666666667", "--epochs", "60", "-e", "3", "--json");
        assertThat(r[0]).isEqualTo(0);
        JsonNode n = new ObjectMapper().readTree((String) r[1]);
        assertThat(n.get("noise_multiplier").asDouble()).isEqualTo(1.015625);
        assertThat(n.get("steps").asLong()).isEqualTo(14062);
        assertThat(n.get("epsilon").asDouble()).isLessThanOrEqualTo(3);
    }

    @Test
    void prvAccountantGivesAnIntervalBelowRdp() throws Exception {
        Object[] r = gradus("privacy", "epsilon", "-q", "0.01", "-s", "1.0", "-T", "1000", "--accountant", "prv",
                "--json");
        assertThat(r[0]).as((String) r[2]).isEqualTo(0);
        JsonNode n = new ObjectMapper().readTree((String) r[1]);
        double rdp = 2.1013652716430564; // the digest's table
        assertThat(n.get("epsilon").asDouble()).isLessThan(rdp).isGreaterThan(n.get("epsilon_lower").asDouble());
        assertThat(n.get("error_bound").asDouble()).isLessThan(0.03);
        assertThat(n.get("accountant").asText()).startsWith("prv(");
        Object[] text = gradus("privacy", "epsilon", "--phase", "0.01,1.0,600", "--phase", "0.01,1.0,400",
                "--accountant", "prv");
        assertThat((String) text[1]).startsWith(String.format(java.util.Locale.ROOT, "epsilon %.6f at delta 1.0E-5 (PRV:",
                n.get("epsilon").asDouble()));
        Object[] noise = gradus("privacy", "noise", "-q", "0.01", "-T", "500", "-e", "2", "--accountant", "prv",
                "--epsilon-error", "0.05", "--json");
        assertThat(noise[0]).as((String) noise[2]).isEqualTo(0);
        JsonNode m = new ObjectMapper().readTree((String) noise[1]);
        Object[] rdpNoise = gradus("privacy", "noise", "-q", "0.01", "-T", "500", "-e", "2", "--json");
        double rdpSigma = new ObjectMapper().readTree((String) rdpNoise[1]).get("noise_multiplier").asDouble();
        assertThat(m.get("noise_multiplier").asDouble()).isLessThan(rdpSigma);
        assertThat(m.get("epsilon").asDouble()).isLessThanOrEqualTo(2);
    }

    @Test
    void auditPassesAnHonestRunAndCatchesABrokenOne() throws Exception {
        Object[] honest = gradus("privacy", "audit", "--json");
        assertThat(honest[0]).isEqualTo(0);
        JsonNode h = new ObjectMapper().readTree((String) honest[1]);
        assertThat(h.get("epsilon_lower_bound").asDouble()).isPositive()
                .isLessThan(h.get("claimed_epsilon").asDouble());
        Object[] broken = gradus("privacy", "audit", "--broken", "no-noise");
        assertThat(broken[0]).isEqualTo(3);
        assertThat((String) broken[1]).contains("VIOLATED");
    }

    @Test
    void badValuesAreClearErrors() {
        String[][] cases = {
            {"epsilon", "-q", "1.5", "-s", "1", "-T", "10"}, {"epsilon", "-q", "0.1", "-s", "0", "-T", "10"},
            {"epsilon", "-q", "0.1", "-s", "1", "-T", "0"}, {"epsilon", "-q", "0.1", "-s", "1", "-T", "5", "--delta", "1"},
            {"epsilon", "--phase", "0.1,1"}, {"noise", "-q", "0.1", "-e", "1"},
            {"epsilon", "-q", "0.1", "-s", "1", "-T", "5", "--accountant", "gdp"},
            {"epsilon", "-q", "0.1", "-s", "1", "-T", "5", "--accountant", "prv", "--epsilon-error", "0"},
        };
        String[] expected = {"--sampling-rate 1.5 is outside (0, 1]", "--noise-multiplier 0.0 must be positive",
            "--steps 0 must be at least 1", "--delta 1.0 is outside (0, 1)", "must be Q,SIGMA,T",
            "exactly one of --steps and --epochs", "--accountant 'gdp' is unknown; use rdp or prv",
            "--epsilon-error 0.0 must be positive"};
        for (int k = 0; k < cases.length; k++) {
            String[] args = new String[cases[k].length + 1];
            args[0] = "privacy";
            System.arraycopy(cases[k], 0, args, 1, cases[k].length);
            Object[] r = gradus(args);
            assertThat(r[0]).as(String.join(" ", args)).isNotEqualTo(0);
            assertThat((String) r[2]).as(String.join(" ", args)).contains(expected[k]).doesNotContain("\tat ");
        }
    }

    @Test
    void trainWithPrivacyStopsAtItsBudgetAndResumesToTheSameEpsilon(@TempDir Path dir) throws Exception {
        String[] run = {"train", "--data", "digits", "--model", "mlp(hidden=(16,))", "--optimizer", "sgd(lr=0.2)",
            "--epochs", "5", "--batch-size", "64", "--privacy",
            "dp_sgd(noise_multiplier=2.0, target_epsilon=1.0, max_grad_norm=1.0)", "--out", dir.toString()};
        Object[] r = gradus(run);
        assertThat(r[0]).as((String) r[2]).isEqualTo(0);
        assertThat((String) r[1]).contains("stopped early: privacy budget").contains("privacy: epsilon");
        JsonNode s = new ObjectMapper().readTree(Files.readString(dir.resolve("summary.json")));
        JsonNode p = s.get("privacy");
        assertThat(p.get("epsilon").asDouble()).isLessThanOrEqualTo(1.0).isPositive();
        assertThat(p.get("steps").asLong()).isLessThan(p.get("planned_steps").asLong());
        assertThat(s.get("stop_reason").asText()).startsWith("privacy budget");
        assertThat(p.get("accounting").asText()).startsWith("poisson sampling at rate q");
        String[] resume = new String[run.length + 1];
        System.arraycopy(run, 0, resume, 0, run.length);
        resume[run.length] = "--resume";
        Object[] again = gradus(resume);
        assertThat(again[0]).isEqualTo(0);
        JsonNode s2 = new ObjectMapper().readTree(Files.readString(dir.resolve("summary.json")));
        assertThat(s2.get("privacy").get("epsilon").asDouble()).isEqualTo(p.get("epsilon").asDouble());
        assertThat(s2.get("steps").asLong()).isEqualTo(s.get("steps").asLong());
    }
}
