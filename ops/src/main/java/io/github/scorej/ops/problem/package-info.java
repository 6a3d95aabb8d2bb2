/**
 * The restoration tasks, one record per task ({@link io.github.scorej.ops.problem.DenoiseProblem},
 * {@link io.github.scorej.ops.problem.DeblurProblem}, {@link io.github.scorej.ops.problem.SuperResolveProblem},
 * {@link io.github.scorej.ops.problem.InpaintProblem}, {@link io.github.scorej.ops.problem.ColorizeProblem},
 * {@link io.github.scorej.ops.problem.CtProblem}, {@link io.github.scorej.ops.problem.MriProblem}) behind the
 * sealed {@link io.github.scorej.ops.problem.Problem}: each declares its names, parameters, forward model and
 * conventions, operator, default method, geometry, provenance and classical baselines.
 * {@link io.github.scorej.ops.problem.Problems} is the registry; {@link io.github.scorej.ops.problem.RestoreBench}
 * scores the diffusion methods against the baselines. A new task is one file here and one line in the registry.
 *
 * <p>Dependencies point down: this package uses {@code inverse} (operators, measurements, methods),
 * {@code classical} and {@code sample}; none of them uses it.
 */
package io.github.scorej.ops.problem;
