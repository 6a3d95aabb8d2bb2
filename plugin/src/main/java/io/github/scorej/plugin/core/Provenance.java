package io.github.scorej.plugin.core;

import io.github.scorej.ops.model.Shape;

/**
 * The provenance an output carries in its ImageJ "Info" property: one {@code scorej.key=value}
 * line per setting (model and its sha256, sampler and options, steps, schedule, σ range, seed,
 * ScoreJ version), so that the result can be re-run exactly.
 */
public final class Provenance {

	private final StringBuilder text = new StringBuilder();

	/** Starts the record of one command ({@code generate}, {@code image_to_image}, …). */
	public Provenance(String command) {
		text.append("ScoreJ ").append(Version.get()).append('\n');
		put("version", Version.get());
		put("command", command);
	}

	/** Adds {@code scorej.key=value}. */
	public Provenance put(String key, Object value) {
		text.append("scorej.").append(key).append('=').append(value == null ? "" : value).append('\n');
		return this;
	}

	/** The model, its weights' sha256, the provider that ran it, class and guidance. */
	public Provenance model(LoadedModel m) {
		return put("model", m.name()).put("model_sha256", m.sha256()).put("model_folder", m.model().folder().toAbsolutePath())
				.put("provider", m.provider()).put("class", m.classLabel()).put("guidance", m.classLabel().isEmpty() ? "" : m.guidance());
	}

	/** Sampler and options, steps, schedule, σ range, ρ and seed. */
	public Provenance sampling(SamplingSettings.Resolved r) {
		put("sampler", r.sampler().name()).put("options", r.params()).put("steps", r.steps()).put("schedule", r.schedule())
				.put("sigma_min", r.sigmaMin()).put("sigma_max", r.sigmaMax());
		if (!Double.isNaN(r.rho())) put("rho", r.rho());
		return put("seed", r.seed());
	}

	/**
	 * The network function evaluations a job used: {@code nfe}, per sampler run (one run is one chunk of
	 * samples of one plane), and {@code runs}. Every output records it, and the command line's summary line
	 * repeats it ({@link #nfe(ij.ImagePlus)}).
	 */
	public Provenance nfe(CountedDenoiser counted, int runs) {
		return put("nfe", counted.perRun(runs)).put("runs", runs);
	}

	/** The NFE per run recorded in an output's Info ({@link #nfe(CountedDenoiser, int)}), or "?" if there is none. */
	public static String nfe(ij.ImagePlus imp) {
		Object info = imp.getProperty("Info");
		if (info != null)
			for (String line : info.toString().split("\n"))
				if (line.startsWith("scorej.nfe=")) return line.substring("scorej.nfe=".length());
		return "?";
	}

	public Provenance shape(Shape s) {
		return put("shape", s);
	}

	@Override
	public String toString() {
		return text.toString();
	}
}
