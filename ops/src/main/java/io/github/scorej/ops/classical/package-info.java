/**
 * The classical methods a user would otherwise reach for, as baselines for the diffusion methods, and
 * full-reference image-quality metrics. Every method is a plain static function of one image, C×H×W
 * doubles in NCHW order with N = 1, that returns a new image and never modifies its input:
 * {@link io.github.scorej.ops.classical.Metrics} (MSE, PSNR, SSIM),
 * {@link io.github.scorej.ops.classical.Inpainting} (harmonic fill),
 * {@link io.github.scorej.ops.classical.Deblurring} (Wiener, Richardson–Lucy),
 * {@link io.github.scorej.ops.classical.Upsampling} (bicubic),
 * {@link io.github.scorej.ops.classical.Denoising} (Gaussian and median filters), and
 * {@link io.github.scorej.ops.classical.Classical}, which adds filtered back-projection (CT) and the
 * zero-filled inverse FFT (MRI) and holds the parameter grids of the <b>oracle</b> variants that choose
 * a free parameter by the error to the ground truth. Each task lists its own baselines
 * ({@code io.github.scorej.ops.problem.Problem#baselines}).
 */
package io.github.scorej.ops.classical;
