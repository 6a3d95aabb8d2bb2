package io.github.scorej.ops.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.scorej.ops.sde.EdmSde;
import io.github.scorej.ops.sde.VpSde;

/** Model cards and model folders, without ONNX Runtime. */
public class ModelCardTest {

	static final Path ANALYTIC = Path.of("..", "models", "analytic");
	static final Path DEMO = ANALYTIC.resolve("gaussian-mixture-edm");

	static String demoCard() throws IOException {
		return Files.readString(DEMO.resolve("rdf.yaml"));
	}

	@Test
	void readsTheDemoCard() {
		ModelCard card = ModelCard.read(DEMO);
		assertEquals("gaussian-mixture-edm", card.name());
		assertEquals("edm", card.sde());
		assertEquals(ModelCard.Prediction.X0, card.prediction());
		assertEquals(ModelCard.TimeInput.LOG_SIGMA_QUARTER, card.timeInput());
		assertEquals(ModelCard.Preconditioning.EDM, card.preconditioning());
		assertEquals(0.002, card.sigmaMin());
		assertEquals(80, card.sigmaMax());
		assertEquals(0.5, card.sigmaData());
		assertEquals(1, card.channels());
		assertEquals(32, card.imageSize()[0]);
		assertEquals("heun", card.defaults().sampler());
		assertEquals(List.of("x", "t"), card.inputs().stream().map(ModelCard.Tensor::id).toList());
		Model model = Model.load(DEMO);
		assertTrue(model.sde() instanceof EdmSde);
		assertEquals(card.weightsSha256(), Model.sha256(model.weights()));
	}

	@Test
	void buildsTheSdeOfEachFamily() {
		Model vp = Model.load(ANALYTIC.resolve("gaussian-mixture-vp-eps-t-classes"));
		assertTrue(vp.sde() instanceof VpSde);
		assertEquals(List.of("dark", "grey", "bright"), vp.card().classes());
		assertEquals(3, vp.card().nullClass().orElseThrow());
		assertEquals("pfgmpp", Model.load(ANALYTIC.resolve("gaussian-mixture-pfgmpp-x0-lsq")).sde().name());
		assertEquals("subvp", Model.load(ANALYTIC.resolve("gaussian-mixture-subvp-score-t")).sde().name());
		assertEquals("ve", Model.load(ANALYTIC.resolve("gaussian-mixture-ve-eps-index")).sde().name());
	}

	@Test
	void wrongTypeNamesFileFieldAndType() throws IOException {
		String yaml = demoCard().replace("sigma_max: 80.0", "sigma_max: abc");
		ModelCardException e = assertThrows(ModelCardException.class, () -> ModelCard.parse(yaml, "models/x/rdf.yaml"));
		assertEquals("models/x/rdf.yaml: config.scorej.sigma_max must be a number, got 'abc'", e.getMessage());
	}

	@Test
	void missingFieldNamesFileAndField() throws IOException {
		String yaml = demoCard().replace("    sde: \"edm\"\n", "");
		ModelCardException e = assertThrows(ModelCardException.class, () -> ModelCard.parse(yaml, "models/x/rdf.yaml"));
		assertEquals("models/x/rdf.yaml: config.scorej.sde is missing", e.getMessage());
		String noSha = demoCard().replaceAll("    sha256: \"[0-9a-f]{64}\"\n    opset", "    opset");
		e = assertThrows(ModelCardException.class, () -> ModelCard.parse(noSha, "m/rdf.yaml"));
		assertEquals("m/rdf.yaml: weights.onnx.sha256 is missing", e.getMessage());
	}

	@Test
	void unknownChoiceListsTheChoices() throws IOException {
		String yaml = demoCard().replace("prediction: \"x0\"", "prediction: \"noise\"");
		ModelCardException e = assertThrows(ModelCardException.class, () -> ModelCard.parse(yaml, "f.yaml"));
		assertEquals("f.yaml: config.scorej.prediction must be one of score | eps | x0 | v, got 'noise'", e.getMessage());
	}

	@Test
	void wrongSha256NamesFileExpectedAndActual(@TempDir Path dir) throws IOException {
		Path folder = copy(DEMO, dir.resolve("m"));
		String expected = ModelCard.read(folder).weightsSha256();
		String bad = "ab".repeat(32);
		Files.writeString(folder.resolve("rdf.yaml"), Files.readString(folder.resolve("rdf.yaml")).replace(expected, bad));
		ModelCardException e = assertThrows(ModelCardException.class, () -> Model.load(folder));
		assertTrue(e.getMessage().contains(folder.resolve("model.onnx").toString()), e.getMessage());
		assertTrue(e.getMessage().contains("expects " + bad), e.getMessage());
		assertTrue(e.getMessage().contains("has " + expected), e.getMessage());
	}

	@Test
	void missingWeightsNamesTheFile(@TempDir Path dir) throws IOException {
		Path folder = copy(DEMO, dir.resolve("m"));
		Files.delete(folder.resolve("model.onnx"));
		ModelCardException e = assertThrows(ModelCardException.class, () -> Model.load(folder));
		assertTrue(e.getMessage().contains("weights.onnx.source"), e.getMessage());
	}

	/** A card naming weights outside its folder (a relative path up, or a link out) is refused, even when the hash matches. */
	@Test
	void weightsOutsideTheFolderAreRefused(@TempDir Path dir) throws IOException {
		Path folder = copy(DEMO, dir.resolve("m"));
		Files.move(folder.resolve("model.onnx"), dir.resolve("elsewhere.onnx"));
		Path card = folder.resolve("rdf.yaml");
		String text = Files.readString(card);
		Files.writeString(card, text.replace("source: model.onnx", "source: ../elsewhere.onnx"));
		ModelCardException e = assertThrows(ModelCardException.class, () -> Model.load(folder));
		assertTrue(e.getMessage().contains("weights.onnx.source '../elsewhere.onnx' is outside the model folder"), e.getMessage());

		Files.writeString(card, text);
		Files.createSymbolicLink(folder.resolve("model.onnx"), dir.resolve("elsewhere.onnx"));
		e = assertThrows(ModelCardException.class, () -> Model.load(folder));
		assertTrue(e.getMessage().contains("outside the model folder"), e.getMessage());
	}

	/** Copies a model folder (flat) into {@code to}. */
	public static Path copy(Path from, Path to) throws IOException {
		Files.createDirectories(to);
		try (var files = Files.list(from)) {
			for (Path f : (Iterable<Path>) files::iterator)
				Files.copy(f, to.resolve(f.getFileName()));
		}
		return to;
	}
}
