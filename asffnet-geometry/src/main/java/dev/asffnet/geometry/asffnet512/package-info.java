/**
 * The input geometry of the authors' ASFFNet512 release (notes asffnet512-architecture.md sections 5-7):
 * two-group guidance selection, the 51-point inverse-affine MLS grid at feature scale with its clip rules,
 * and the landmark-square map. Reproduces the released code's behaviour, quirks included, for parity with
 * its weights; the default model's geometry (paper Eqns 2-5) is in the sibling packages.
 */
package dev.asffnet.geometry.asffnet512;
