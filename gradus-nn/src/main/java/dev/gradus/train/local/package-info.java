/**
 * Layer-local training without backpropagation across layers: {@link dev.gradus.train.local.TargetProjectionStep}
 * trains each hidden layer against a fixed random projection of the labels, by the local loss of tpSGD
 * ("Learning with Local Gradients at the Edge", 2022) or by the direct random target projection of DRTP (Frenkel,
 * Lefebvre and Bol, 2021), as a {@link dev.gradus.train.TrainStep} of the ordinary Trainer.
 */
package dev.gradus.train.local;
