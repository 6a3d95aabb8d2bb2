package io.github.scorej.plugin.commands;

import io.github.scorej.ops.inverse.Measurement;
import io.github.scorej.ops.problem.CtProblem;
import io.github.scorej.ops.problem.DeblurProblem;
import io.github.scorej.ops.problem.MriProblem;
import io.github.scorej.ops.problem.SuperResolveProblem;
import io.github.scorej.ops.inverse.Restoration;
import io.github.scorej.ops.likelihood.AnomalyMap;
import io.github.scorej.ops.sample.Generator;
import io.github.scorej.ops.sample.Param;
import io.github.scorej.plugin.core.Generation;
import io.github.scorej.plugin.core.LoadedModel;
import io.github.scorej.plugin.image.Normalization;
import org.junit.jupiter.api.Test;
import org.scijava.ItemIO;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * "One declaration per parameter" for the ImageJ commands: every numeric input's dialog bounds ({@code min},
 * {@code max} of its {@link Parameter}) are the engine's declared range, or a documented "default" value just
 * below it. The values themselves are checked by the core objects the commands build, against the same declarations.
 */
class CommandParameterRangesTest {

	/** The declaration behind each macro key. */
	private static final Map<String, Param<?>> DECLARED = Map.ofEntries(Map.entry("steps", Generator.STEPS),
			Map.entry("count", Generation.COUNT), Map.entry("guidance", LoadedModel.GUIDANCE), Map.entry("strength", Generation.STRENGTH),
			Map.entry("sigma_start", Generation.SIGMA_START), Map.entry("sigma_y", Measurement.SIGMA_Y),
			Map.entry("samples", Restoration.SAMPLES), Map.entry("low", Normalization.LOW), Map.entry("high", Normalization.HIGH),
			Map.entry("psf_sigma", DeblurProblem.PSF_SIGMA), Map.entry("factor", SuperResolveProblem.FACTOR), Map.entry("angles", CtProblem.ANGLES),
			Map.entry("acceleration", MriProblem.ACCELERATION), Map.entry("centre_lines", MriProblem.CENTRE_LINES),
			Map.entry("sigma", AnomalyMap.SIGMA), Map.entry("tile", AnomalyMap.TILE), Map.entry("repeats", AnomalyMap.REPEATS));

	/** Values below the range that a command reads as "the default": steps 0 and guidance -1 (the card's), Generate's size 0 (the training size). */
	private static final Map<String, Double> DEFAULT_MARKERS = Map.of("steps", 0.0, "guidance", -1.0, "size", 0.0);

	private static final Set<Class<?>> NUMERIC = Set.of(int.class, Integer.class, double.class, Double.class, float.class, Float.class);

	private static final List<Class<?>> COMMANDS = List.of(Generate.class, ImageToImage.class, Inpaint.class, Colorize.class, Restore.class,
			ImageLikelihood.class, ImageAnomalyMap.class);

	private static Param<?> declaration(Class<?> cmd, String key) {
		if (key.equals("size")) return cmd == Generate.class ? Generation.SIZE : CtProblem.SIZE;
		return DECLARED.get(key);
	}

	private static String key(Field f, Parameter p) {
		for (Attr a : p.attrs())
			if (a.name().equals("key")) return a.value();
		return f.getName().replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
	}

	@Test
	void everyNumericInputHasTheDeclaredBounds() {
		int checked = 0;
		for (Class<?> cmd : COMMANDS)
			for (Class<?> c = cmd; c != Object.class; c = c.getSuperclass())
				for (Field f : c.getDeclaredFields()) {
					Parameter p = f.getAnnotation(Parameter.class);
					if (p == null || p.type() != ItemIO.INPUT || !NUMERIC.contains(f.getType())) continue;
					String key = key(f, p), where = cmd.getSimpleName() + " " + key;
					Param<?> d = declaration(cmd, key);
					assertNotNull(d, where + " has no declared range");
					Double marker = DEFAULT_MARKERS.get(key);
					if (Double.isFinite(d.min())) {
						assertFalse(p.min().isEmpty(), where + ": no min, the declaration's is " + d.range());
						double min = Double.parseDouble(p.min());
						assertTrue(min == d.min() || (marker != null && min == marker), where + ": min " + p.min() + ", declared " + d.range());
					} else assertTrue(p.min().isEmpty(), where + ": min " + p.min() + ", declared " + d.range());
					if (!p.max().isEmpty())
						assertEquals(d.max(), Double.parseDouble(p.max()), where + ": max " + p.max() + ", declared " + d.range());
					checked++;
				}
		assertTrue(checked >= 20, "only " + checked + " numeric inputs");
	}
}
