/**
 * Empirical privacy auditing: {@link dev.gradus.privacy.audit.OneRunAudit} inserts canaries into one private run,
 * guesses which were included, and turns the guesses into a lower bound on ε (Steinke, Nasr &amp; Jagielski 2023),
 * which must stay below what the accountant claims; a run that claims more privacy than it has is caught.
 */
package dev.gradus.privacy.audit;
