package dev.gradus.cli.privacy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gradus.privacy.accounting.Accountant;
import dev.gradus.privacy.accounting.DpEvent;
import dev.gradus.privacy.accounting.NoiseCalibration;
import dev.gradus.privacy.accounting.PrivacyBound;
import dev.gradus.privacy.accounting.PrvAccountant;
import dev.gradus.privacy.accounting.PrvBound;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gradus privacy noise}: the noise multiplier that meets a target ε, found as Opacus finds it. */
@Command(name = "noise", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The noise multiplier sigma for DP-SGD that meets a target epsilon (Opacus' get_noise_multiplier:"
                + " doubling then bisection to an epsilon tolerance), under the RDP or the PRV accountant.",
            "Example: gradus privacy noise --sampling-rate 0.004267 --epochs 60 --target-epsilon 3"})
public final class PrivacyNoiseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-q", "--sampling-rate"}, paramLabel = "Q", required = true, description = "Sampling rate q in (0, 1].")
    double samplingRate;

    @Option(names = {"-T", "--steps"}, paramLabel = "T", description = "Number of steps (or --epochs).")
    Long steps;

    @Option(names = "--epochs", paramLabel = "E", description = "Epochs; steps = int(E / q), as Opacus.")
    Double epochs;

    @Option(names = {"-e", "--target-epsilon"}, paramLabel = "EPS", required = true, description = "Target epsilon > 0.")
    double targetEpsilon;

    @Option(names = "--tolerance", paramLabel = "TOL", defaultValue = "0.01",
            description = "Stop when target - epsilon <= TOL. Default: ${DEFAULT-VALUE}.")
    double tolerance;

    @Mixin
    AccountantOptions accounting;

    /** The command picocli creates. */
    public PrivacyNoiseCommand() {}

    @Override
    public Integer call() throws Exception {
        AccountantOptions.checkRate("--sampling-rate", samplingRate);
        if ((steps == null) == (epochs == null)) {
            throw new IllegalArgumentException("give exactly one of --steps and --epochs");
        }
        long t = steps != null ? steps : (long) (epochs / samplingRate);
        AccountantOptions.checkSteps(steps != null ? "--steps" : "--epochs / --sampling-rate", t);
        if (!(targetEpsilon > 0)) {
            throw new IllegalArgumentException("--target-epsilon " + targetEpsilon + " must be positive");
        }
        Accountant acc = accounting.accountant();
        double sigma = NoiseCalibration.noiseMultiplier(acc, samplingRate, t, targetEpsilon, accounting.delta, tolerance);
        DpEvent event = DpEvent.dpSgd(samplingRate, sigma, t);
        PrintWriter out = spec.commandLine().getOut();
        ObjectNode n = new ObjectMapper().createObjectNode();
        n.put("noise_multiplier", sigma);
        String detail;
        if (acc instanceof PrvAccountant prv) {
            PrvBound b = prv.bounds(event, accounting.delta);
            PrivacyEpsilonCommand.putPrv(n, b);
            detail = String.format(Locale.ROOT, "epsilon %.6f at delta %s over %d steps at rate %s (true epsilon in"
                    + " [%.6f, %.6f]; %s)", b.epsilonUpper(), b.delta(), t, samplingRate, b.epsilonLower(),
                    b.epsilonUpper(), acc.describe());
        } else {
            PrivacyBound b = acc.epsilon(event, accounting.delta);
            n.put("epsilon", b.epsilon());
            n.put("delta", b.delta());
            n.put("order", b.order());
            detail = String.format(Locale.ROOT, "epsilon %.6f at delta %s over %d steps at rate %s (order %s; %s)",
                    b.epsilon(), b.delta(), t, samplingRate, PrivacyEpsilonCommand.order(b.order()), acc.describe());
        }
        n.put("sampling_rate", samplingRate);
        n.put("steps", t);
        n.put("accountant", acc.describe());
        if (accounting.json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(n));
        } else {
            out.println("noise multiplier " + sigma + ": " + detail);
        }
        out.flush();
        return 0;
    }
}
