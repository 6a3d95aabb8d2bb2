package io.github.scorej.plugin.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cards models/export/export.py's recipes write (score_sde VE, VP, sub-VP continuous and discrete; EDM's four
 * preconditioners; diffusers eps and v) have defaults a sampling run accepts: {@code models --action verify} passes
 * on each (it refused the score_sde VE card's {@code schedule: ve} before). Needs Debian's python3-torch and
 * python3-onnx, like ExporterPythonTest.
 */
class RecipeCardDefaultsTest {

	private static final String EXPORT = """
			import sys
			sys.path.insert(0, "models/export")
			from types import SimpleNamespace as NS
			import torch
			import export as ex
			import test_recipes as tr
			from scorej_export import export
			from test_export import ConvNet
			cards = {}
			for sde in ("vesde", "vpsde", "subvpsde"):
			    for cont in (True, False):
			        cfg = NS(training=NS(sde=sde, continuous=cont), data=NS(centered=sde != "vesde", image_size=16),
			                 model=NS(sigma_min=0.01, sigma_max=50.0, num_scales=1000, beta_min=0.1, beta_max=20.0))
			        cards[f"score_sde-{sde}-{cont}"] = ex.score_sde_card(cfg)[0]
			for cls in (tr.EDMPrecond, tr.VPPrecond, tr.VEPrecond, tr.iDDPMPrecond):
			    cards["edm-" + cls.__name__] = ex.edm_recipe(cls(channels=1, res=16))[1]
			for pred in ("epsilon", "v_prediction"):
			    cards["diffusers-" + pred] = ex.diffusers_card(dict(prediction_type=pred), 16)
			torch.manual_seed(0)
			for name, sj in cards.items():
			    export(ConvNet(), sys.argv[1] + "/" + name, name=name, description="test", scorej=sj, channels=1, cover_samples=0)
			""";

	@Test
	void everyRecipeCardVerifies(@TempDir Path tmp) throws IOException, InterruptedException {
		Path root = Path.of("..").toAbsolutePath().normalize();
		Process p = new ProcessBuilder("/usr/bin/python3", "-c", EXPORT, tmp.toString()).directory(root.toFile())
				.redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the exporter did not finish:\n" + out);
		assertEquals(0, p.exitValue(), "the exporter failed:\n" + out);
		List<Path> folders;
		try (Stream<Path> s = Files.list(tmp)) {
			folders = s.sorted().toList();
		}
		assertEquals(12, folders.size(), folders.toString());
		for (Path f : folders) {
			String report = ModelReports.verify(f);
			assertTrue(report.startsWith(f.getFileName() + ": ok"), report);
		}
	}

	@Test
	void verifyRefusesDefaultsASamplingRunRefuses(@TempDir Path tmp) throws IOException {
		Path model = Path.of("..", "models", "analytic", "gaussian-mixture-ve-score-sigma").toAbsolutePath().normalize();
		Path copy = tmp.resolve("m");
		Files.createDirectories(copy);
		try (Stream<Path> s = Files.list(model)) {
			for (Path f : s.toList())
				Files.copy(f, copy.resolve(f.getFileName().toString()));
		}
		Path rdf = copy.resolve("rdf.yaml");
		String card = Files.readString(rdf);
		assertTrue(card.contains("schedule: \"sde\""), card);
		assertTrue(ModelReports.verify(copy).contains(": ok"));
		Files.writeString(rdf, card.replace("schedule: \"sde\"", "schedule: \"ve\""));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelReports.verify(copy));
		assertTrue(e.getMessage().contains("config.scorej.defaults {sampler: pc, steps: 1000, schedule: ve}: unknown schedule 've'"),
				e.getMessage());
		Files.writeString(rdf, card.replace("schedule: \"sde\"", "schedule: \"karras\""));
		e = assertThrows(IllegalArgumentException.class, () -> ModelReports.verify(copy));
		assertTrue(e.getMessage().contains("sampler 'pc' runs in the SDE's own time t and ignores schedule 'karras'"), e.getMessage());
	}
}
