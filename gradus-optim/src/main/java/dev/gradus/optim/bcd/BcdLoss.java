package dev.gradus.optim.bcd;

/**
 * The per-sample loss {@code ℓ(m_k, y_k)} of the linear predictor {@code m = Ax}, with its first two derivatives
 * in {@code m} and a global bound {@code c ≥ ℓ''}. The bound makes {@code M_b = c·A_bᵀA_b} a valid block Hessian
 * bound, so {@code L_i = c‖A_{:,i}‖²} and {@code L_b = λ_max(M_b)}.
 */
public enum BcdLoss {

    /** {@code ℓ = ½(m − y)²}; {@code ℓ' = m − y}, {@code ℓ'' = 1}, so the block Hessian is exact: {@code c = 1}. */
    LEAST_SQUARES {
        @Override
        public double value(double m, double y) {
            double r = m - y;
            return 0.5 * r * r;
        }

        @Override
        public double derivative(double m, double y) {
            return m - y;
        }

        @Override
        public double secondDerivative(double m, double y) {
            return 1.0;
        }

        @Override
        public double curvatureBound() {
            return 1.0;
        }
    },

    /**
     * {@code ℓ = log(1 + exp(−y m))} with labels {@code y ∈ {−1, +1}}; {@code ℓ' = −y σ(−y m)},
     * {@code ℓ'' = σ(m)(1 − σ(m)) ≤ ¼}, so {@code c = ¼}.
     */
    LOGISTIC {
        @Override
        public double value(double m, double y) {
            double z = -y * m;
            // log(1 + e^z) without overflow for large z.
            return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
        }

        @Override
        public double derivative(double m, double y) {
            return -y * sigmoid(-y * m);
        }

        @Override
        public double secondDerivative(double m, double y) {
            double s = sigmoid(m);
            return s * (1.0 - s);
        }

        @Override
        public double curvatureBound() {
            return 0.25;
        }
    };

    /** {@code ℓ(m, y)}. */
    public abstract double value(double m, double y);

    /** {@code ∂ℓ/∂m}. */
    public abstract double derivative(double m, double y);

    /** {@code ∂²ℓ/∂m²}. */
    public abstract double secondDerivative(double m, double y);

    /** A bound {@code c ≥ ∂²ℓ/∂m²} that holds everywhere. */
    public abstract double curvatureBound();

    static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }
}
