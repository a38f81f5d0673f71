package dev.gradus.privacy.accounting;

/** How an RDP curve becomes an (epsilon, delta) guarantee; both minimise over the orders of the grid. */
public enum Conversion {
    /**
     * {@code ε = min_α [RDP(α) + log((α−1)/α) − (log δ + log α)/(α − 1)]} (Balle et al. 2020, Thm 21;
     * Canonne, Kamath &amp; Steinke 2020), what Opacus' {@code get_privacy_spent} and dp_accounting use.
     */
    IMPROVED,
    /**
     * {@code ε = min_α [RDP(α) − log δ/(α − 1)]} (Mironov 2017, Prop. 3), what TF-Privacy used before 2021 and what
     * the widely quoted MNIST tutorial numbers (ε ≈ 3.01, 1.18) come from.
     */
    CLASSIC;

    /** ε at one order. */
    double epsilon(double rdp, double alpha, double delta) {
        double logDelta = Math.log(delta);
        return switch (this) {
            case IMPROVED -> rdp - (logDelta + Math.log(alpha)) / (alpha - 1) + Math.log((alpha - 1) / alpha);
            case CLASSIC -> rdp - logDelta / (alpha - 1);
        };
    }

    /** The name on the command line: {@code improved} or {@code classic}. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The conversion named {@code key}, in any case.
     *
     * @throws IllegalArgumentException naming the allowed values
     */
    public static Conversion of(String key) {
        for (Conversion c : values()) {
            if (c.key().equalsIgnoreCase(key)) {
                return c;
            }
        }
        throw new IllegalArgumentException("conversion '" + key + "' is unknown; use improved or classic");
    }
}
