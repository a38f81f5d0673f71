package dev.gradus.privacy.accounting;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Renyi DP accountant: the RDP of an event at every order of a grid (sampled Gaussian steps from
 * {@link SampledGaussianRdp}, compositions adding up), then the smallest ε over the grid by a {@link Conversion}.
 *
 * <pre>{@code
 * RdpAccountant rdp = RdpAccountant.opacus();                     // Opacus' orders, improved conversion
 * PrivacyBound b = rdp.epsilon(DpEvent.dpSgd(256.0 / 60000, 1.1, 14062), 1e-5);
 * // b.epsilon() = 2.5966..., b.order() = 8.1
 * }</pre>
 *
 * <p>Defaults follow Opacus' {@code RDPAccountant}: orders {@code 1 + x/10} for x = 1..99 then 12..63, and the
 * improved conversion. ε is the minimum over orders that give a number; orders whose RDP is infinite are skipped.
 * Unlike dp_accounting, ε is not clamped at 0 (Opacus does not clamp either).
 */
public final class RdpAccountant implements Accountant {
    private final double[] orders;
    private final String ordersName;
    private final Conversion conversion;
    private static final int CACHE_LIMIT = 256;
    private final Map<List<Double>, double[]> unitSteps = new ConcurrentHashMap<>();

    private RdpAccountant(double[] orders, String ordersName, Conversion conversion) {
        this.orders = orders;
        this.ordersName = ordersName;
        this.conversion = conversion;
    }

    /** Opacus' default orders {@code [1 + x/10 for x in 1..99] + [12..63]} with the improved conversion. */
    public static RdpAccountant opacus() {
        return new RdpAccountant(opacusOrders(), "opacus", Conversion.IMPROVED);
    }

    /** dp_accounting's default orders {@code [1 + x/10 for x in 1..99] + [11..63] + [128, 256, 512, 1024]}. */
    public static RdpAccountant dpAccounting() {
        double[] o = new double[99 + 53 + 4];
        for (int x = 1; x <= 99; x++) {
            o[x - 1] = 1 + x / 10.0;
        }
        for (int a = 11; a <= 63; a++) {
            o[99 + a - 11] = a;
        }
        o[152] = 128;
        o[153] = 256;
        o[154] = 512;
        o[155] = 1024;
        return new RdpAccountant(o, "dp_accounting", Conversion.IMPROVED);
    }

    /**
     * The accountant over {@code orders} (each above 1).
     *
     * @throws IllegalArgumentException for an empty grid or an order not above 1
     */
    public static RdpAccountant withOrders(double... orders) {
        if (orders.length == 0) {
            throw new IllegalArgumentException("RDP accountant: the order grid is empty");
        }
        for (double a : orders) {
            if (!(a > 1)) {
                throw new IllegalArgumentException("RDP accountant: order " + a + " must be above 1");
            }
        }
        return new RdpAccountant(orders.clone(), Arrays.toString(orders), Conversion.IMPROVED);
    }

    /** This accountant with another conversion. */
    public RdpAccountant conversion(Conversion c) {
        return new RdpAccountant(orders, ordersName, java.util.Objects.requireNonNull(c, "conversion"));
    }

    /** The conversion used. */
    public Conversion conversion() {
        return conversion;
    }

    /** The order grid. */
    public double[] orders() {
        return orders.clone();
    }

    private static double[] opacusOrders() {
        double[] o = new double[99 + 52];
        for (int x = 1; x <= 99; x++) {
            o[x - 1] = 1 + x / 10.0;
        }
        for (int a = 12; a <= 63; a++) {
            o[99 + a - 12] = a;
        }
        return o;
    }

    /**
     * The RDP of {@code event} at every order of the grid. One step of each sampled Gaussian is computed once per
     * accountant and remembered, so that a trainer asking before every step costs a sum over phases, not a series.
     *
     * @throws IllegalArgumentException for a Poisson-sampled event around anything but a Gaussian
     */
    public double[] rdp(DpEvent event) {
        return switch (event) {
            case DpEvent.Gaussian g -> {
                double[] out = new double[orders.length];
                double s = g.noiseMultiplier();
                for (int k = 0; k < out.length; k++) {
                    out[k] = s == 0 ? Double.POSITIVE_INFINITY : orders[k] / (2 * s * s);
                }
                yield out;
            }
            case DpEvent.PoissonSampled p -> {
                if (!(p.event() instanceof DpEvent.Gaussian g)) {
                    throw new IllegalArgumentException("RDP accountant: a Poisson-sampled " + p.event()
                            + " is not supported; only the Poisson-sampled Gaussian mechanism is");
                }
                yield sampledGaussian(p.rate(), g.noiseMultiplier()).clone();
            }
            case DpEvent.SelfComposed s -> {
                double[] out = rdp(s.event());
                for (int k = 0; k < out.length; k++) {
                    out[k] = s.count() == 0 ? 0 : s.count() * out[k];
                }
                yield out;
            }
            case DpEvent.Composed c -> {
                double[] out = new double[orders.length];
                for (DpEvent e : c.events()) {
                    double[] r = rdp(e);
                    for (int k = 0; k < out.length; k++) {
                        out[k] += r[k];
                    }
                }
                yield out;
            }
        };
    }

    private double[] sampledGaussian(double q, double sigma) {
        List<Double> key = List.of(q, sigma);
        double[] cached = unitSteps.get(key);
        if (cached != null) {
            return cached;
        }
        double[] out = new double[orders.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = SampledGaussianRdp.rdp(q, sigma, orders[k]);
        }
        if (unitSteps.size() >= CACHE_LIMIT) {
            unitSteps.clear(); // a noise calibration visits many multipliers once each
        }
        unitSteps.put(key, out);
        return out;
    }

    @Override
    public PrivacyBound epsilon(DpEvent event, double delta) {
        Accountant.checkDelta(delta);
        return convert(rdp(event), delta);
    }

    /** The best (ε, δ) over the grid for an RDP curve {@code rdp} given at this accountant's orders. */
    public PrivacyBound convert(double[] rdp, double delta) {
        Accountant.checkDelta(delta);
        if (rdp.length != orders.length) {
            throw new IllegalArgumentException("RDP accountant: " + rdp.length + " RDP values for " + orders.length
                    + " orders");
        }
        boolean nothingReleased = true;
        for (double r : rdp) {
            nothingReleased &= r == 0.0;
        }
        if (nothingReleased) { // no step yet: the conversions' slack terms would report a positive epsilon
            return new PrivacyBound(0.0, delta, Double.NaN, false, conversion);
        }
        double best = Double.POSITIVE_INFINITY;
        int at = -1;
        for (int k = 0; k < orders.length; k++) {
            double e = conversion.epsilon(rdp[k], orders[k], delta);
            if (e < best) { // NaN never wins
                best = e;
                at = k;
            }
        }
        if (at < 0) {
            return new PrivacyBound(Double.POSITIVE_INFINITY, delta, Double.NaN, false, conversion);
        }
        return new PrivacyBound(best, delta, orders[at], at == 0 || at == orders.length - 1, conversion);
    }

    @Override
    public String describe() {
        return "rdp(conversion=" + conversion.key() + ", orders=" + ordersName + ")";
    }
}
