package dev.gradus.cli.privacy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gradus.privacy.Clipping;
import dev.gradus.privacy.GradSampleMode;
import dev.gradus.privacy.PrivateGradient;
import dev.gradus.privacy.accounting.Accountant;
import dev.gradus.privacy.accounting.DpEvent;
import dev.gradus.privacy.audit.AuditResult;
import dev.gradus.privacy.audit.OneRunAudit;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gradus privacy audit}: a one-run empirical audit of DP-SGD's privatised gradient. */
@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"One-run privacy audit (Steinke, Nasr & Jagielski 2023): insert canaries (each with probability"
                + " 1/2), run DP-SGD once, guess membership from the released gradients, and turn the guesses into a"
                + " lower bound on epsilon at the given confidence. The bound must stay below the accountant's epsilon;"
                + " --broken no-noise|no-clipping runs a mechanism that claims the same epsilon but is not private, which"
                + " the audit must catch. Exit code 3 when the lower bound exceeds the claim.",
            "Example: gradus privacy audit -q 0.1 -s 2 -T 100 --canaries 1000 --guesses 200"})
public final class PrivacyAuditCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-q", "--sampling-rate"}, paramLabel = "Q", defaultValue = "0.1",
            description = "Sampling rate q in (0, 1]. Default: ${DEFAULT-VALUE}.")
    double samplingRate;

    @Option(names = {"-s", "--noise-multiplier"}, paramLabel = "SIGMA", defaultValue = "2.0",
            description = "Noise multiplier sigma > 0 (the claim). Default: ${DEFAULT-VALUE}.")
    double noiseMultiplier;

    @Option(names = {"-T", "--steps"}, paramLabel = "T", defaultValue = "100",
            description = "Steps of the run. Default: ${DEFAULT-VALUE}.")
    long steps;

    @Option(names = "--max-grad-norm", paramLabel = "C", defaultValue = "1.0",
            description = "Clipping norm C. Default: ${DEFAULT-VALUE}.")
    double maxGradNorm;

    @Option(names = "--canaries", paramLabel = "M", defaultValue = "1000",
            description = "Canaries inserted. Default: ${DEFAULT-VALUE}.")
    int canaries;

    @Option(names = "--guesses", paramLabel = "K", defaultValue = "200",
            description = "Canaries guessed (even; half in, half out; the rest abstain). Default: ${DEFAULT-VALUE}.")
    int guesses;

    @Option(names = "--canary-norm", paramLabel = "G", defaultValue = "10",
            description = "Norm of each canary gradient (above C, so clipping matters). Default: ${DEFAULT-VALUE}.")
    double canaryNorm;

    @Option(names = "--confidence", paramLabel = "P", defaultValue = "0.95",
            description = "Confidence of the lower bound. Default: ${DEFAULT-VALUE}.")
    double confidence;

    @Option(names = "--broken", paramLabel = "KIND", defaultValue = "none",
            description = "none, no-noise or no-clipping: audit a deliberately broken mechanism. Default: ${DEFAULT-VALUE}.")
    String broken;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Mixin
    AccountantOptions accounting;

    /** The command picocli creates. */
    public PrivacyAuditCommand() {}

    @Override
    public Integer call() throws Exception {
        AccountantOptions.checkRate("--sampling-rate", samplingRate);
        AccountantOptions.checkSteps("--steps", steps);
        if (!(noiseMultiplier > 0)) {
            throw new IllegalArgumentException("--noise-multiplier " + noiseMultiplier + " must be positive");
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("--confidence " + confidence + " is outside (0, 1)");
        }
        Accountant acc = accounting.accountant();
        double claimed = acc.epsilon(DpEvent.dpSgd(samplingRate, noiseMultiplier, steps), accounting.delta).epsilon();
        PrivateGradient g = new PrivateGradient(maxGradNorm, noiseMultiplier, samplingRate * canaries, Clipping.FLAT,
                GradSampleMode.GHOST);
        OneRunAudit.Mechanism m = switch (broken) {
            case "none" -> OneRunAudit.honest(g);
            case "no-noise" -> OneRunAudit.withoutNoise(g);
            case "no-clipping" -> OneRunAudit.withoutClipping(g);
            default -> throw new IllegalArgumentException("--broken '" + broken + "' is unknown; use none, no-noise or"
                    + " no-clipping");
        };
        AuditResult r = OneRunAudit.run(m, samplingRate, steps, canaries, canaryNorm, guesses, 1 - confidence, claimed,
                seed);
        PrintWriter out = spec.commandLine().getOut();
        if (accounting.json) {
            ObjectNode n = new ObjectMapper().createObjectNode();
            n.put("epsilon_lower_bound", r.epsilonLowerBound());
            n.put("confidence", r.confidence());
            n.put("claimed_epsilon", r.claimedEpsilon());
            n.put("delta", accounting.delta);
            n.put("violated", r.violated());
            n.put("canaries", r.canaries());
            n.put("guesses", r.guesses());
            n.put("correct", r.correct());
            n.put("broken", broken);
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(n));
        } else {
            out.printf(Locale.ROOT, "audit (%s): %d of %d guesses correct (%d canaries); epsilon >= %.4f at confidence %s;"
                    + " accountant claims epsilon %.4f at delta %s: %s%n", broken, r.correct(), r.guesses(), r.canaries(),
                    r.epsilonLowerBound(), r.confidence(), r.claimedEpsilon(), accounting.delta,
                    r.violated() ? "VIOLATED (the run is less private than it claims)" : "consistent");
        }
        out.flush();
        return r.violated() ? 3 : 0;
    }
}
