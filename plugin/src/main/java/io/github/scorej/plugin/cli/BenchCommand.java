package io.github.scorej.plugin.cli;

import io.github.scorej.plugin.core.LoadedModel;

import io.github.scorej.ops.model.Denoiser;
import io.github.scorej.ops.model.Shape;
import io.github.scorej.ops.sample.NoiseSource;
import io.github.scorej.ops.sample.Param;
import io.github.scorej.ops.sample.Params;
import io.github.scorej.ops.sample.Sampler;
import io.github.scorej.ops.sample.Samplers;
import io.github.scorej.ops.sample.Task;
import io.github.scorej.ops.schedule.Schedules;
import io.github.scorej.ops.sde.Sde;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Measures, for a model, image size and batch: the network's own time per evaluation, each
 * sampler's end-to-end time, and the share the sampler's arithmetic adds on top of its network
 * calls (time outside the denoiser / time inside it, measured in the same run).
 */
@Command(name = "bench", description = "Network time per evaluation, sampler time, and the sampler's overhead.", subcommands = RestoreBenchCommand.class)
final class BenchCommand implements Runnable {

	@Spec
	CommandSpec spec;

	@Option(names = "--model", defaultValue = "gaussian-mixture-edm", description = "Model folder or bundled name. Default: ${DEFAULT-VALUE}.")
	String model;

	/** --batch (the batch measured), --threads, --cpu. */
	@Mixin
	RuntimeOptions rt;

	@Option(names = "--size", defaultValue = "32", description = "Image height and width. Default: ${DEFAULT-VALUE}.")
	int size;

	@Option(names = "--steps", defaultValue = "20", description = "Steps per sampler. Default: ${DEFAULT-VALUE}.")
	int steps;

	/** Runs per measurement (the median is reported). */
	static final Param<Integer> REPEATS = Param.integer("repeats", 5, 1, 1000, "runs per measurement");

	@Option(names = "--repeats", defaultValue = "5", description = "Runs per measurement; the median is reported. Default: ${DEFAULT-VALUE}.")
	int repeats;

	@Option(names = "--samplers", split = ",", description = "Samplers to time (comma-separated). Default: all.")
	List<String> samplers;

	@Override
	public void run() {
		PrintWriter out = spec.commandLine().getOut();
		LoadedModel m = LoadedModel.load(model, null, 1.0, rt.get());
		int batch = rt.batch;
		Shape shape = new Shape(batch, m.channels(), size, size);
		Denoiser d = m.denoiser();
		Sde sde = m.sde();
		double[] x = new NoiseSource(1, shape).gaussian(shape.size());
		double[] y = new double[x.length];
		double sigma = Math.sqrt(m.sigmaMin() * m.sigmaMax());
		for (int i = 0; i < 3; i++)
			d.denoise(shape, x, sigma, y);
		double[] net = new double[Math.max(5, repeats * 5)];
		for (int i = 0; i < net.length; i++) {
			long t0 = System.nanoTime();
			d.denoise(shape, x, sigma, y);
			net[i] = (System.nanoTime() - t0) / 1e6;
		}
		double netMs = median(net);
		out.printf(Locale.ROOT, "model %s, batch %d, %dx%d, %d channel(s), %s; network %.3f ms per evaluation (median of %d)%n",
				m.name(), batch, size, size, m.channels(), rt.threads == 0 ? "ONNX Runtime's threads" : rt.threads + " thread(s)", netMs, net.length);
		out.printf(Locale.ROOT, "%-20s %5s %12s %12s %12s %10s%n", "sampler", "NFE", "total ms", "network ms", "other ms", "overhead");
		double[] sigmas = Schedules.karras(steps, m.sigmaMin(), m.sigmaMax(), Schedules.KARRAS_RHO);
		for (Sampler s : samplers == null ? Samplers.all() : samplers.stream().map(Samplers::get).toList()) {
			Params p = s.defaults();
			double[] total = new double[repeats], inside = new double[repeats];
			long nfe = 0;
			try {
				s.sample(new Task(d, sde, shape, sigmas, new NoiseSource(-1, shape)), p); // JIT warm-up, not timed
			} catch (RuntimeException e) {
				out.printf("%-20s failed with its defaults on this schedule: %s%n", s.name(), Main.message(e));
				continue;
			}
			for (int r = 0; r < repeats; r++) {
				TimedDenoiser td = new TimedDenoiser(d);
				Task task = new Task(td, sde, shape, sigmas, new NoiseSource(r, shape));
				long t0 = System.nanoTime();
				s.sample(task, p);
				total[r] = (System.nanoTime() - t0) / 1e6;
				inside[r] = td.nanos / 1e6;
				nfe = td.calls;
			}
			double tot = median(total), in = median(inside);
			out.printf(Locale.ROOT, "%-20s %5d %12.1f %12.1f %12.2f %9.2f%%%n", s.name(), nfe, tot, in, tot - in, 100 * (tot - in) / in);
			out.flush();
		}
	}

	private static double median(double[] v) {
		double[] s = v.clone();
		Arrays.sort(s);
		return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
	}
}
