package io.github.scorej.plugin.core;

import io.github.scorej.ops.model.ModelCard;
import io.github.scorej.ops.sample.Generator;
import io.github.scorej.ops.sample.Params;
import io.github.scorej.ops.sample.Sampler;
import io.github.scorej.ops.sample.Samplers;
import io.github.scorej.ops.schedule.Schedules;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a sampling run asks for, as the user gave it: every field that is null (or blank, or the
 * word {@code default}) takes the model card's default when {@linkplain #resolve resolved}. The
 * command line and the ImageJ commands fill it from their options and share the resolution.
 *
 * @param sampler sampler name, or null for the card's
 * @param options sampler options by name (text values, checked against the sampler's declaration)
 * @param steps number of steps, or null for the card's
 * @param schedule schedule name, or null for the card's
 * @param sigmaMin smallest σ, or null for the model's
 * @param sigmaMax largest σ, or null for the model's
 * @param rho schedule exponent, or null for the schedule's default
 * @param seed the run's seed
 */
public record SamplingSettings(String sampler, Map<String, String> options, Integer steps, String schedule, Double sigmaMin,
		Double sigmaMax, Double rho, long seed) {

	/**
	 * Refuses steps, σ range and ρ outside their declarations ({@link Generator#STEPS}, {@link Generator#SIGMA_MIN},
	 * {@link Generator#SIGMA_MAX}, {@link Generator#RHO}), an unknown schedule or sampler, a sampler's unknown or
	 * out-of-range option, and a schedule the sampler would ignore, before any model loads; the message names the macro key.
	 */
	public SamplingSettings {
		Generator.checkSchedule(steps, sigmaMin, sigmaMax, rho);
		options = Map.copyOf(options == null ? Map.of() : options);
		sampler = orNull(sampler);
		schedule = orNull(schedule);
		if (schedule != null && !Schedules.NAMES.contains(schedule))
			throw new IllegalArgumentException("unknown schedule '" + schedule + "'; valid schedules: " + String.join(", ", Schedules.NAMES));
		if (sampler != null) {
			Sampler s = Samplers.get(sampler);
			s.defaults().with(new LinkedHashMap<>(options));
			refuseIgnoredSchedule(s, schedule, rho);
		}
	}

	/**
	 * Refuses a card whose {@code config.scorej.defaults} a sampling run would refuse (an unknown sampler or schedule,
	 * a schedule the sampler ignores, steps out of range): {@code models --action verify} and install check it, so that
	 * a model that passes them runs with its defaults. The message names the card and the field.
	 */
	public static void checkDefaults(ModelCard card) {
		ModelCard.Defaults d = card.defaults();
		try {
			new SamplingSettings(d.sampler(), d.options(), d.steps(), d.schedule(), null, null, null, 0);
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(card.file() + ": config.scorej.defaults {sampler: " + d.sampler() + ", steps: " + d.steps()
					+ ", schedule: " + d.schedule() + (d.options().isEmpty() ? "" : ", options: " + d.options()) + "}: " + e.getMessage(), e);
		}
	}

	/**
	 * Refuses a schedule (or ρ) asked for by name with a sampler that runs in the SDE's own time and would ignore it
	 * ({@link Sampler#usesSchedule}); schedule {@code sde}, the SDE's own time grid, is what such a sampler runs and is
	 * accepted. The message names the σ-space samplers that use a schedule.
	 */
	static void refuseIgnoredSchedule(Sampler s, String schedule, Double rho) {
		boolean ignored = schedule != null && !schedule.equals("sde") || rho != null && !Double.isNaN(rho);
		if (s.usesSchedule() || !ignored) return;
		String what = schedule != null && !schedule.equals("sde") ? "schedule '" + schedule + "'" : "rho";
		throw new IllegalArgumentException("sampler '" + s.name() + "' runs in the SDE's own time t and ignores " + what
				+ ": leave it out, or choose a sigma-space sampler: "
				+ Samplers.all().stream().filter(Sampler::usesSchedule).map(Sampler::name).collect(Collectors.joining(", ")));
	}

	/** A run fully resolved against a model: what actually runs, and what the provenance records. */
	public record Resolved(Sampler sampler, Params params, String schedule, int steps, double sigmaMin, double sigmaMax, double rho,
			long seed) {

		/** The engine's request, with optional initial noise. */
		public Generator.Request request(double[] noise) {
			return new Generator.Request(sampler, params, schedule, steps, sigmaMin, sigmaMax, rho, seed, noise);
		}
	}

	/**
	 * Fills the blanks from the model card and checks the sampler's options. A run with the card's sampler takes the
	 * card's {@code defaults.options} under its own.
	 */
	public Resolved resolve(LoadedModel m) {
		Sampler s = Samplers.get(sampler != null ? sampler : m.defaultSampler());
		refuseIgnoredSchedule(s, schedule, rho);
		Map<String, String> merged = new LinkedHashMap<>();
		if (s.name().equals(m.defaultSampler())) merged.putAll(m.card().defaults().options());
		merged.putAll(options);
		Params p = s.defaults().with(merged);
		int n = steps != null ? steps : m.defaultSteps();
		return new Resolved(s, p, schedule != null ? schedule : m.defaultSchedule(), n, sigmaMin != null ? sigmaMin : m.sigmaMin(),
				sigmaMax != null ? sigmaMax : m.sigmaMax(), rho == null ? Double.NaN : rho, seed);
	}

	/**
	 * Parses sampler options written as {@code name=value} pairs separated by spaces or commas
	 * (the macro form, e.g. {@code s_churn=40 s_tmin=0.05}); the error names the bad pair.
	 */
	public static Map<String, String> parseOptions(String text) {
		Map<String, String> out = new LinkedHashMap<>();
		if (text == null) return out;
		for (String pair : text.trim().split("[\\s,]+")) {
			if (pair.isEmpty()) continue;
			int eq = pair.indexOf('=');
			if (eq <= 0 || eq == pair.length() - 1)
				throw new IllegalArgumentException("sampler option '" + pair + "' is not name=value (e.g. s_churn=40)");
			out.put(pair.substring(0, eq), pair.substring(eq + 1));
		}
		return out;
	}

	private static String orNull(String s) {
		return s == null || s.isBlank() || s.trim().equalsIgnoreCase("default") ? null : s.trim();
	}
}
