/** Consensus-based optimization (CBO) with isotropic and anisotropic noise, and its consensus point. */
package dev.gradus.zeroth.cbo;
