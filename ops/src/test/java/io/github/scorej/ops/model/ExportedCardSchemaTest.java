package io.github.scorej.ops.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A card the exporter (models/export/scorej_export.py, which train-your-own's make_models.py
 * also calls) writes now validates against the bioimage.io schema, and ScoreJ reads it: a fully
 * convolutional grey EDM network, a class-conditional RGB VP network and one of fixed size.
 * Needs Debian's python3-torch and python3-onnx, like {@link ExporterPythonTest}.
 */
class ExportedCardSchemaTest {

	private static final String EXPORT = """
			import sys
			sys.path.insert(0, "models/export")
			import torch
			from test_export import EDM, VP_EPS, ConvNet, Flatten
			from scorej_export import export
			class Fixed(Flatten):  # not fully convolutional: a linear layer over the whole 16x16 image
			    def forward(self, x, t, cls=None):
			        return super().forward(x, t) + t[:, None, None, None]
			torch.manual_seed(0)
			out = sys.argv[1]
			export(ConvNet(), out + "/edm-grey", name="edm-grey", description="test", scorej=EDM, channels=1,
			       cover_samples=2, cover_steps=2)
			export(ConvNet(3, classes=2), out + "/vp-classes", name="vp-classes", description="test", scorej=VP_EPS,
			       channels=3, classes=["a", "b"], cover_samples=2, cover_steps=2)
			export(Fixed(), out + "/fixed-size", name="fixed-size", description="test",
			       scorej=dict(EDM, fully_convolutional=False), channels=1, cover_samples=0)
			""";

	@Test
	void freshlyExportedCardsValidate(@TempDir Path tmp) throws IOException, InterruptedException {
		Path root = Path.of("..").toAbsolutePath().normalize();
		Process p = new ProcessBuilder("/usr/bin/python3", "-c", EXPORT, tmp.toString()).directory(root.toFile())
				.redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the exporter did not finish:\n" + out);
		assertEquals(0, p.exitValue(), "the exporter failed:\n" + out);
		for (String name : List.of("edm-grey", "vp-classes", "fixed-size")) {
			Path rdf = tmp.resolve(name).resolve("rdf.yaml");
			assertTrue(Files.isRegularFile(rdf), rdf + " missing; the exporter said:\n" + out);
			assertEquals(List.of(), BioimageioSchema.problems(rdf), name + ":\n" + Files.readString(rdf));
			assertEquals(name, ModelCard.read(rdf).name());
		}
	}
}
