package io.github.scorej.plugin.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scorej models --action verify} names what the bioimage.io schema rejects in a card ScoreJ still reads. */
class ModelReportsSchemaTest {

	@Test
	void aValidCardSaysSo() {
		String r = ModelReports.verify(Path.of("..", "models", "analytic", "gaussian-mixture-edm"));
		assertTrue(r.startsWith("gaussian-mixture-edm: ok (card valid for bioimage.io, sha256 "), r);
		assertEquals(1, r.lines().count(), r);
	}

	/** A card in the form ScoreJ wrote before it followed the schema: still ok, with each field the zoo refuses named. */
	@Test
	void anOldCardIsOkButItsSchemaProblemsAreNamed(@TempDir Path tmp) {
		Path old = TestModels.copy("gaussian-mixture-edm", tmp.resolve("old"), c -> c.replace("format_version: 0.5.7", "format_version: 0.5.3")
				.replace("size: {tensor_id: x, axis_id: y}", "size: {min: 8, step: 8}").replace("size: {tensor_id: x, axis_id: x}", "size: {min: 8, step: 8}"));
		String r = ModelReports.verify(old);
		assertTrue(r.startsWith("gaussian-mixture-edm: ok (card, sha256 "), r);
		assertTrue(r.contains("\n    rdf.yaml: format_version: must be '0.5.7', got '0.5.3'\n"), r);
		assertTrue(r.contains("\n    rdf.yaml: outputs[0].axes[2].size: missing 'tensor_id'; missing 'axis_id'; unexpected field 'min'"), r);
		assertTrue(r.contains("\n    rdf.yaml: outputs[0].axes[3].size: "), r);
	}
}
