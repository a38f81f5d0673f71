package dev.gradus.cli.privacy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gradus.privacy.accounting.Accountant;
import dev.gradus.privacy.accounting.DpEvent;
import dev.gradus.privacy.accounting.PrivacyBound;
import dev.gradus.privacy.accounting.PrvAccountant;
import dev.gradus.privacy.accounting.PrvBound;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gradus privacy epsilon}: the ε of DP-SGD steps, one phase or several composed. */
@Command(name = "epsilon", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The epsilon of DP-SGD (Poisson-sampled Gaussian steps) by the RDP accountant, with the optimal"
                + " order, or by the PRV accountant (--accountant prv), with the interval that holds the true epsilon.",
            "Example: gradus privacy epsilon --sampling-rate 0.004267 --noise-multiplier 1.1 --steps 14062",
            "Phases with other settings: gradus privacy epsilon --phase 1e-5,1.0,10 --phase 1e-4,3.0,4"})
public final class PrivacyEpsilonCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-q", "--sampling-rate"}, paramLabel = "Q", description = "Sampling rate q in (0, 1].")
    Double samplingRate;

    @Option(names = {"-s", "--noise-multiplier"}, paramLabel = "SIGMA", description = "Noise multiplier sigma > 0.")
    Double noiseMultiplier;

    @Option(names = {"-T", "--steps"}, paramLabel = "T", description = "Number of steps, at least 1.")
    Long steps;

    @Option(names = "--phase", paramLabel = "Q,SIGMA,T",
            description = "A phase of T steps at rate Q and multiplier SIGMA; repeat to compose phases.")
    List<String> phases = new ArrayList<>();

    @Mixin
    AccountantOptions accounting;

    /** The command picocli creates. */
    public PrivacyEpsilonCommand() {}

    @Override
    public Integer call() throws Exception {
        List<double[]> ps = new ArrayList<>();
        if (samplingRate != null || noiseMultiplier != null || steps != null) {
            if (samplingRate == null || noiseMultiplier == null || steps == null) {
                throw new IllegalArgumentException("give --sampling-rate, --noise-multiplier and --steps together"
                        + " (or --phase Q,SIGMA,T)");
            }
            ps.add(check("--sampling-rate", "--noise-multiplier", "--steps", samplingRate, noiseMultiplier, steps));
        }
        for (String p : phases) {
            ps.add(parsePhase(p));
        }
        if (ps.isEmpty()) {
            throw new IllegalArgumentException("nothing to account: give --sampling-rate, --noise-multiplier and"
                    + " --steps, or one or more --phase Q,SIGMA,T");
        }
        Accountant acc = accounting.accountant();
        List<DpEvent> events = new ArrayList<>();
        for (double[] p : ps) {
            events.add(DpEvent.dpSgd(p[0], p[1], (long) p[2]));
        }
        DpEvent event = events.size() == 1 ? events.get(0) : new DpEvent.Composed(events);
        PrintWriter out = spec.commandLine().getOut();
        ObjectNode n = new ObjectMapper().createObjectNode();
        if (acc instanceof PrvAccountant prv) {
            PrvBound b = prv.bounds(event, accounting.delta);
            putPrv(n, b);
            if (!accounting.json) {
                out.println(describePrv(b));
            }
        } else {
            PrivacyBound b = acc.epsilon(event, accounting.delta);
            n.put("epsilon", b.epsilon());
            n.put("delta", b.delta());
            n.put("order", b.order());
            n.put("order_at_edge", b.orderAtEdge());
            if (!accounting.json) {
                out.printf(Locale.ROOT, "epsilon %.6f at delta %s (optimal order %s; %s)%n", b.epsilon(), b.delta(),
                        order(b.order()), acc.describe());
                if (b.orderAtEdge()) {
                    out.println("note: the optimal order is at the edge of the grid; a wider grid (--orders"
                            + " dp_accounting) may give a smaller epsilon");
                }
            }
        }
        if (accounting.json) {
            n.put("accountant", acc.describe());
            ArrayNode arr = n.putArray("phases");
            for (double[] p : ps) {
                arr.addObject().put("sampling_rate", p[0]).put("noise_multiplier", p[1]).put("steps", (long) p[2]);
            }
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(n));
        } else if (acc instanceof PrvAccountant) {
            out.println("(" + acc.describe() + ")");
        }
        out.flush();
        return 0;
    }

    /** The PRV bound's fields, for JSON. */
    static void putPrv(ObjectNode n, PrvBound b) {
        n.put("epsilon", b.epsilonUpper());
        n.put("delta", b.delta());
        n.put("epsilon_lower", b.epsilonLower());
        n.put("epsilon_estimate", b.epsilonEstimate());
        n.put("error_bound", b.errorBound());
        n.put("epsilon_error", b.epsilonError());
        n.put("delta_error", b.deltaError());
        n.put("grid_step", b.gridStep());
        n.put("points", b.points());
        n.put("relation", b.relation());
    }

    /** One line: the proven ε and the interval that holds the true one. */
    static String describePrv(PrvBound b) {
        return String.format(Locale.ROOT, "epsilon %.6f at delta %s (PRV: the true epsilon is in [%.6f, %.6f], error"
                + " bound %.2g; estimate %.6f; worst relation %s; grid step %.3g, %d points)", b.epsilonUpper(),
                b.delta(), b.epsilonLower(), b.epsilonUpper(), b.errorBound(), b.epsilonEstimate(), b.relation(),
                b.gridStep(), b.points());
    }

    static String order(double a) {
        return a == Math.rint(a) ? Long.toString((long) a) : Double.toString(a);
    }

    private static double[] parsePhase(String text) {
        String[] f = text.split(",");
        if (f.length != 3) {
            throw new IllegalArgumentException("--phase '" + text + "' must be Q,SIGMA,T (three numbers)");
        }
        try {
            String w = "--phase '" + text + "': ";
            return check(w + "sampling rate", w + "noise multiplier", w + "steps", Double.parseDouble(f[0].trim()),
                    Double.parseDouble(f[1].trim()), Long.parseLong(f[2].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--phase '" + text + "' must be Q,SIGMA,T with T a whole number: "
                    + e.getMessage());
        }
    }

    private static double[] check(String qName, String sigmaName, String tName, double q, double sigma, long t) {
        AccountantOptions.checkRate(qName, q);
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException(sigmaName + " " + sigma + " must be positive and finite");
        }
        AccountantOptions.checkSteps(tName, t);
        return new double[] {q, sigma, t};
    }
}
