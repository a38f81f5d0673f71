/** Tests of the documentation: the Javadoc examples of the optimizers compile against the current API. */
package dev.gradus.optim.docs;
