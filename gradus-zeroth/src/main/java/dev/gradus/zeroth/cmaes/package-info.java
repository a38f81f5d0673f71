/** CMA-ES, the covariance matrix adaptation evolution strategy, behind ask/tell. */
package dev.gradus.zeroth.cmaes;
