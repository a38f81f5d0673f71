/** OpenAI-ES behind ask/tell: antithetic sampling, centred ranks, and any gradus-optim optimizer for the step. */
package dev.gradus.zeroth.es;
