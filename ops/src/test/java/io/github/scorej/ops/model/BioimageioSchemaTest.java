package io.github.scorej.ops.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every model card in the repository validates against the bioimage.io JSON schema, so that the
 * model zoo would accept it; and the schema's problems name the field.
 */
class BioimageioSchemaTest {

	static final Path MODELS = Path.of("..", "models").toAbsolutePath().normalize();

	/** Every rdf.yaml under models/: bundled, analytic, bench (the exporter's are checked by ExportedCardSchemaTest). */
	static Stream<Path> cards() throws IOException {
		try (Stream<Path> s = Files.walk(MODELS)) {
			List<Path> cards = s.filter(p -> p.getFileName().toString().equals("rdf.yaml")).sorted().toList();
			assertTrue(cards.size() >= 14, "expected the bundled, analytic and bench cards under " + MODELS + ", found " + cards);
			return cards.stream();
		}
	}

	@ParameterizedTest
	@MethodSource("cards")
	void everyCardInTheRepositoryValidates(Path rdf) {
		assertEquals(List.of(), BioimageioSchema.problems(rdf), MODELS.relativize(rdf).toString());
	}

	@Test
	void newestModelFormatIsTheCardsOne() {
		assertEquals("0.5.7", BioimageioSchema.newestModelFormat());
	}

	/** A card written before ScoreJ followed the schema: parameterized output sizes, format_version 0.5.3. */
	static final String OLD_CARD = """
			format_version: 0.5.3
			type: model
			name: old-card
			inputs:
			  - id: x
			    axes:
			      - type: batch
			      - type: channel
			        channel_names: ["c0"]
			      - type: space
			        id: y
			        size: {min: 8, step: 8}
			      - type: space
			        id: x
			        size: {min: 8, step: 8}
			    data: {type: float32}
			  - id: t
			    axes:
			      - type: batch
			    data: {type: float32}
			outputs:
			  - id: out
			    axes:
			      - type: batch
			      - type: channel
			        channel_names: ["c0"]
			      - type: space
			        id: y
			        size: {min: 8, step: 8}
			      - type: space
			        id: x
			        size: {min: 8, step: 8}
			    data: {type: float32}
			weights:
			  onnx:
			    source: model.onnx
			    sha256: "fc646cd3b8837606482e96c2668af8dc240397ff55ce7d837ee1a145e630a3c0"
			    opset_version: 17
			config:
			  scorej:
			    sde: edm
			    prediction: x0
			    time_input: log_sigma_quarter
			    preconditioning: edm
			    sigma_min: 0.002
			    sigma_max: 80.0
			    image_size: [64, 64]
			    fully_convolutional: true
			    size_multiple: 8
			""";

	@Test
	void problemsNameTheField() {
		List<String> p = BioimageioSchema.problems(OLD_CARD);
		assertEquals(3, p.size(), String.join("\n", p));
		assertEquals("format_version: must be '0.5.7', got '0.5.3'", p.get(0));
		assertTrue(p.get(1).startsWith("outputs[0].axes[2].size: "), p.get(1));
		assertEquals("outputs[0].axes[2].size: missing 'tensor_id'; missing 'axis_id'; unexpected field 'min'; unexpected field 'step'"
				+ " (a parameterized size {min, step} is for inputs only: refer to an input axis, {tensor_id: x, axis_id: y}, or give a fixed size)",
				p.get(1));
		assertTrue(p.get(2).startsWith("outputs[0].axes[3].size: "), p.get(2));
	}

	@Test
	void theNewFormValidates() {
		String card = OLD_CARD.replace("format_version: 0.5.3", "format_version: 0.5.7").replaceFirst(
				"(?s)(outputs:.*?id: y\\n\\s+size: )\\{min: 8, step: 8\\}(.*?id: x\\n\\s+size: )\\{min: 8, step: 8\\}",
				"$1{tensor_id: x, axis_id: y}$2{tensor_id: x, axis_id: x}");
		assertEquals(List.of(), BioimageioSchema.problems(card));
	}

	@Test
	void anAxisOfUnknownTypeIsNamed() {
		List<String> p = BioimageioSchema.problems(OLD_CARD.replace("format_version: 0.5.3", "format_version: 0.5.7")
				.replaceFirst("- type: batch", "- type: bunch"));
		assertTrue(p.get(0).startsWith("inputs[0].axes[0].type: must be one of batch, channel, index, time, space, got 'bunch'")
				|| p.get(0).startsWith("inputs[0].axes[0].type: must be one of"), String.join("\n", p));
	}

	@Test
	void malformedCardsGetProblemsNotExceptions() {
		assertEquals(List.of("(card): missing 'format_version' (model 0.5.7)"), BioimageioSchema.problems(OLD_CARD.replace("format_version: 0.5.3\n", "")
				.replace("{min: 8, step: 8}", "64")));
		assertEquals(List.of("type: must be one of application, dataset, model, notebook, got \"modle\""),
				BioimageioSchema.problems(OLD_CARD.replace("type: model", "type: modle")));
		assertTrue(BioimageioSchema.problems("inputs: [").get(0).startsWith("not valid YAML: "));
		assertEquals(List.of("must be a YAML mapping"), BioimageioSchema.problems("- a list"));
		List<String> p = BioimageioSchema.problems(OLD_CARD.replace("format_version: 0.5.3", "format_version: 0.5.7")
				.replace("opset_version: 17", "opset_version: many"));
		assertTrue(p.contains("weights.onnx.opset_version: string found, integer expected"), String.join("\n", p));
	}

	@Test
	void oldCardsStillLoad() {
		ModelCard c = ModelCard.parse(OLD_CARD, "models/old/rdf.yaml");
		assertEquals("old-card", c.name());
		assertEquals(8, c.sizeMultiple());
		assertEquals(1, c.channels());
	}
}
