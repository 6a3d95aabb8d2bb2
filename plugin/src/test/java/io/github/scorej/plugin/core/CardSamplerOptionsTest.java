package io.github.scorej.plugin.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.scorej.ops.sample.Ddim;
import io.github.scorej.ops.sde.DiscreteVpSde;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A card's {@code defaults.options} (what export.py's diffusers recipe writes: the scheduler's DDIM settings) reach a
 * run with the card's sampler under the run's own options, not a run with another sampler; a bad option is refused by
 * {@code models --action verify}, naming the card's defaults; {@code discrete: true} gives the DDPM chain.
 */
class CardSamplerOptionsTest {

	private static final String DEFAULTS = "defaults: {sampler: \"dpmpp_2m\", steps: 20, schedule: \"karras\"}";

	private static Path model(Path tmp, String options) {
		return TestModels.copy("gaussian-mixture-vp-eps-index", tmp.resolve("m"), c -> c.replace(DEFAULTS,
				"discrete: true\n    defaults: {sampler: \"ddim\", steps: 10, schedule: \"sde\", options: " + options + "}"));
	}

	@Test
	void cardOptionsApplyToItsSamplerUnderTheRunsOwn(@TempDir Path tmp) {
		LoadedModel m = LoadedModel.load(model(tmp, "{spacing: \"trailing\", steps_offset: 0, set_alpha_to_one: false, clip_sample: 0.5}").toString(),
				null, null);
		assertInstanceOf(DiscreteVpSde.class, m.sde());
		var p = new SamplingSettings(null, Map.of(), null, null, null, null, null, 0).resolve(m).params();
		assertEquals("trailing", p.get(Ddim.SPACING));
		assertEquals(0.5, p.get(Ddim.CLIP_SAMPLE));
		assertFalse(p.get(Ddim.SET_ALPHA_TO_ONE));
		p = new SamplingSettings("ddim", Map.of("clip-sample", "0"), null, null, null, null, null, 0).resolve(m).params();
		assertEquals(0.0, p.get(Ddim.CLIP_SAMPLE));
		assertEquals("trailing", p.get(Ddim.SPACING));
		p = new SamplingSettings("euler", Map.of(), null, null, null, null, null, 0).resolve(m).params();
		assertFalse(p.has("spacing"));
	}

	@Test
	void verifyRefusesABadCardOption(@TempDir Path tmp) {
		Path folder = model(tmp, "{spacing: \"uniform\"}");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelReports.verify(folder));
		assertTrue(e.getMessage().contains("config.scorej.defaults {sampler: ddim, steps: 10, schedule: sde, options: {spacing=uniform}}"),
				e.getMessage());
		assertTrue(e.getMessage().contains("uniform"), e.getMessage());
	}

	@Test
	void discreteIsForVpOnly(@TempDir Path tmp) {
		Path ve = TestModels.copy("gaussian-mixture-ve-eps-index", tmp.resolve("ve"), c -> c.replace("    defaults:", "    discrete: true\n    defaults:"));
		RuntimeException e = assertThrows(RuntimeException.class, () -> LoadedModel.load(ve.toString(), null, null));
		assertTrue(e.getMessage().contains("config.scorej.discrete: true is defined for sde vp only"), e.getMessage());
	}
}
