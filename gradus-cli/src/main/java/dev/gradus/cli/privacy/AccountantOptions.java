package dev.gradus.cli.privacy;

import dev.gradus.privacy.accounting.Accountant;
import dev.gradus.privacy.accounting.Conversion;
import dev.gradus.privacy.accounting.PrvAccountant;
import dev.gradus.privacy.accounting.RdpAccountant;
import picocli.CommandLine.Option;

/**
 * The options both privacy commands share: δ, the accountant (RDP with its order grid and conversion, or PRV with
 * its ε error), and JSON output.
 */
final class AccountantOptions {
    @Option(names = "--delta", paramLabel = "D", defaultValue = "1e-5",
            description = "Delta of the (epsilon, delta) guarantee, in (0, 1). Default: ${DEFAULT-VALUE}.")
    double delta;

    @Option(names = "--accountant", paramLabel = "A", defaultValue = "rdp",
            description = "rdp (Renyi DP of the sampled Gaussian, Mironov et al. 2019) or prv (privacy-loss"
                    + " distribution composed by FFT, Gopi et al. 2021: tighter, with a proven error bound)."
                    + " Default: ${DEFAULT-VALUE}.")
    String accountant;

    @Option(names = "--epsilon-error", paramLabel = "E", defaultValue = "0.01",
            description = "PRV only: the epsilon slack of the bound; smaller is tighter and slower."
                    + " Default: ${DEFAULT-VALUE} (Opacus' eps_error).")
    double epsilonError;

    @Option(names = "--conversion", paramLabel = "C", defaultValue = "improved",
            description = "RDP to (epsilon, delta): improved (Balle et al. 2020, as Opacus) or classic (Mironov 2017,"
                    + " as TF-Privacy before 2021). Default: ${DEFAULT-VALUE}.")
    String conversion;

    @Option(names = "--orders", paramLabel = "GRID", defaultValue = "opacus",
            description = "The RDP order grid: opacus (1.1..10.9, 12..63) or dp_accounting (adds 11 and 128..1024, for"
                    + " epsilon well below 0.1). Default: ${DEFAULT-VALUE}.")
    String orders;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    /** The accountant these options describe. */
    Accountant accountant() {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("--delta " + delta + " is outside (0, 1)");
        }
        return switch (accountant) {
            case "rdp" -> rdp();
            case "prv" -> {
                if (!(epsilonError > 0) || Double.isInfinite(epsilonError)) {
                    throw new IllegalArgumentException("--epsilon-error " + epsilonError + " must be positive and finite");
                }
                yield PrvAccountant.of(epsilonError, PrvAccountant.DEFAULT_DELTA_ERROR_FRACTION,
                        PrvAccountant.DEFAULT_MAX_POINTS);
            }
            default -> throw new IllegalArgumentException("--accountant '" + accountant + "' is unknown; use rdp or prv");
        };
    }

    private RdpAccountant rdp() {
        RdpAccountant grid = switch (orders) {
            case "opacus" -> RdpAccountant.opacus();
            case "dp_accounting" -> RdpAccountant.dpAccounting();
            default -> throw new IllegalArgumentException("--orders '" + orders + "' is unknown; use opacus or"
                    + " dp_accounting");
        };
        return grid.conversion(Conversion.of(conversion));
    }

    /** Refuses a sampling rate outside (0, 1], naming the option. */
    static void checkRate(String option, double q) {
        if (!(q > 0 && q <= 1)) {
            throw new IllegalArgumentException(option + " " + q + " is outside (0, 1]");
        }
    }

    /** Refuses fewer than one step. */
    static void checkSteps(String option, long steps) {
        if (steps < 1) {
            throw new IllegalArgumentException(option + " " + steps + " must be at least 1");
        }
    }
}
