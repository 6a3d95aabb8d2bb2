package io.github.scorej.ops.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;

import org.slf4j.helpers.NOP_FallbackServiceProvider;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The bioimage.io spec's JSON schema ({@code bioimageio_schema.json} of
 * github:bioimage-io/spec-bioimage-io, kept with its source and licence in the resource folder
 * {@code bioimageio/} next to this class): what a model card ({@code rdf.yaml}) must satisfy for
 * the bioimage.io model zoo to accept it.
 * <p>
 * {@link #problems(String)} lists what does not validate, one line per field, e.g.
 * {@code outputs[0].axes[2].size: missing 'tensor_id'; ... (model.v0_5.SizeReference)}. The schema
 * chooses among alternatives (the kinds of axis, the kinds of size) with {@code oneOf}/{@code anyOf};
 * where it names a {@code discriminator} (an axis's {@code type}) only that alternative's problems are
 * reported, otherwise those of the alternative that came closest.
 * <p>
 * This is the structural check only: {@link ModelCard} reads what ScoreJ needs (and still accepts
 * cards that the schema rejects, such as those written before ScoreJ followed it), and the spec's
 * Python library checks more (files exist, test tensors fit their axes). The schema is loaded once,
 * on first use (about a second); thread-safe.
 */
public final class BioimageioSchema {

	/** Where the schema lies, relative to this class. */
	public static final String RESOURCE = "bioimageio/bioimageio_schema.json";

	private static final ObjectMapper JSON = new ObjectMapper();

	private BioimageioSchema() {}

	/** The schema document, its root's discriminator mapping and compiled descriptions, loaded once. */
	private static final class Loaded {
		static {
			quietSlf4j(); // before the registry below first logs
		}
		static final Loaded INSTANCE = new Loaded();
		final JsonNode document;
		final Map<String, Map<String, String>> mapping = new LinkedHashMap<>(); // type -> format_version -> $ref
		final Map<String, Schema> compiled = new LinkedHashMap<>();
		final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

		Loaded() {
			try (InputStream in = BioimageioSchema.class.getResourceAsStream(RESOURCE)) {
				if (in == null) throw new IllegalStateException("the bioimage.io schema is missing from the class path: " + RESOURCE);
				document = JSON.readTree(in);
			} catch (IOException e) {
				throw new UncheckedIOException("cannot read the bioimage.io schema " + RESOURCE, e);
			}
			document.path("discriminator").path("mapping").fields().forEachRemaining(type -> {
				Map<String, String> versions = new LinkedHashMap<>();
				type.getValue().path("discriminator").path("mapping").fields()
						.forEachRemaining(v -> versions.put(v.getKey(), v.getValue().asText()));
				mapping.put(type.getKey(), versions);
			});
		}

		/**
		 * The validator logs through SLF4J. Where no SLF4J provider is on the class path (the scorej
		 * command line), SLF4J would fall back to no logging anyway, but with three lines of warning
		 * on stderr: choose its no-op provider explicitly, and quietly, instead. Fiji, with a provider,
		 * is untouched.
		 */
		private static void quietSlf4j() {
			if (System.getProperty("slf4j.provider") == null
					&& ServiceLoader.load(SLF4JServiceProvider.class, BioimageioSchema.class.getClassLoader()).findFirst().isEmpty()) {
				System.setProperty("slf4j.provider", NOP_FallbackServiceProvider.class.getName());
				if (System.getProperty("slf4j.internal.verbosity") == null) System.setProperty("slf4j.internal.verbosity", "WARN");
			}
		}

		/** The schema of one description (e.g. {@code #/$defs/..._v0_5__ModelDescr}): the document with its root replaced by a $ref. */
		synchronized Schema schema(String ref) {
			return compiled.computeIfAbsent(ref, r -> {
				ObjectNode root = ((ObjectNode) document).deepCopy();
				root.remove("oneOf");
				root.remove("discriminator");
				root.put("$ref", r);
				return registry.getSchema(root);
			});
		}
	}

	/** The newest model {@code format_version} the schema describes (0.5.7 for the copy ScoreJ carries). */
	public static String newestModelFormat() {
		String newest = null;
		for (String v : Loaded.INSTANCE.mapping.getOrDefault("model", Map.of()).keySet())
			if (newest == null || compareVersions(v, newest) > 0) newest = v;
		return newest;
	}

	/** The problems of the card in {@code path} ({@code rdf.yaml} or its model folder); empty when it validates. */
	public static List<String> problems(Path path) {
		Path rdf = Files.isDirectory(path) ? path.resolve("rdf.yaml") : path;
		try {
			return problems(Files.readString(rdf, StandardCharsets.UTF_8));
		} catch (IOException e) {
			throw new ModelCardException(rdf + ": cannot read the model card (" + e + ")", e);
		}
	}

	/** The problems of a card's YAML text, one per field as {@code field: what}; empty when it validates. */
	public static List<String> problems(String yaml) {
		JsonNode card;
		try {
			card = new YAMLMapper().readTree(yaml);
		} catch (JsonProcessingException e) {
			return List.of("not valid YAML: " + e.getOriginalMessage());
		}
		if (card == null || !card.isObject()) return List.of("must be a YAML mapping");
		Loaded s = Loaded.INSTANCE;
		String type = card.path("type").asText("");
		Map<String, String> versions = s.mapping.get(type);
		if (versions == null) return List.of("type: must be one of " + String.join(", ", s.mapping.keySet()) + ", got " + show(card.get("type")));
		String version = card.path("format_version").asText("");
		String ref = versions.get(version);
		if (ref == null) {
			// validate against the description of the same minor version (or the newest), and say why not this one
			String minor = version.replaceAll("^(\\d+\\.\\d+).*", "$1");
			String newest = null;
			for (Map.Entry<String, String> v : versions.entrySet()) {
				if (v.getKey().startsWith(minor + ".")) ref = v.getValue();
				if (newest == null || compareVersions(v.getKey(), newest) > 0) newest = v.getKey();
			}
			if (ref == null) ref = versions.get(newest); // the schema then says which format_version it wants
		}
		List<Error> errors = s.schema(ref).validate(card);
		return new Report(s.document, ref, card, errors).lines();
	}

	private static int compareVersions(String a, String b) {
		String[] x = a.split("\\."), y = b.split("\\.");
		for (int i = 0; i < Math.max(x.length, y.length); i++) {
			int u = i < x.length ? parse(x[i]) : 0, v = i < y.length ? parse(y[i]) : 0;
			if (u != v) return Integer.compare(u, v);
		}
		return 0;
	}

	private static int parse(String s) {
		try {
			return Integer.parseInt(s);
		} catch (NumberFormatException e) {
			return 0;
		}
	}

	private static String show(JsonNode v) {
		if (v == null || v.isMissingNode()) return "nothing";
		String s = v.toString();
		return s.length() > 80 ? s.substring(0, 77) + "..." : s;
	}

	/**
	 * Turns the validator's errors into one line per field: the errors of alternatives that a
	 * discriminator rules out, or that came less close than another, are dropped; the summary
	 * errors of oneOf/anyOf are kept only where nothing more precise remains beneath them.
	 */
	private static final class Report {
		private final JsonNode document, root, card;
		private final List<Error> errors;

		Report(JsonNode document, String ref, JsonNode card, List<Error> errors) {
			this.document = document;
			this.root = JSON.createObjectNode().put("$ref", ref);
			this.card = card;
			this.errors = errors;
		}

		/** One evaluation step: the schema node reached and how many instance path segments were consumed. */
		private record Step(JsonNode node, int instanceDepth) {}

		/** Walks the evaluation path; steps.get(i) is the state after the first i segments. */
		private List<Step> walk(Error e) {
			NodePath p = e.getEvaluationPath();
			List<Step> steps = new ArrayList<>();
			JsonNode node = root;
			int depth = 0;
			steps.add(new Step(node, depth));
			String prev = null;
			for (int i = 0; i < p.getNameCount(); i++) {
				String seg = String.valueOf(p.getElement(i));
				if (seg.equals("$ref")) {
					node = resolve(node.path("$ref").asText());
				} else {
					node = node.isArray() && seg.matches("\\d+") ? node.path(Integer.parseInt(seg)) : node.path(seg);
					// the instance descends at properties/<name>, items, additionalProperties
					if ("properties".equals(prev) || seg.equals("items") && !"properties".equals(prev)
							|| seg.equals("additionalProperties") && !"properties".equals(prev))
						depth++;
				}
				steps.add(new Step(node, depth));
				prev = "properties".equals(prev) ? null : seg;
			}
			return steps;
		}

		private JsonNode resolve(String ref) {
			if (!ref.startsWith("#")) return MissingNode.getInstance();
			return document.at(ref.substring(1));
		}

		private static String segments(NodePath p, int n) {
			StringBuilder sb = new StringBuilder();
			for (int i = 0; i < n; i++)
				sb.append('/').append(p.getElement(i));
			return sb.toString();
		}

		/** The instance path's first n segments, as a JSON pointer. */
		private static String pointer(NodePath instance, int n) {
			StringBuilder sb = new StringBuilder();
			for (int i = 0; i < Math.min(n, instance.getNameCount()); i++)
				sb.append('/').append(String.valueOf(instance.getElement(i)).replace("~", "~0").replace("/", "~1"));
			return sb.toString();
		}

		private static boolean combinator(Error e) {
			return "oneOf".equals(e.getKeyword()) || "anyOf".equals(e.getKeyword());
		}

		List<String> lines() {
			Set<String> synthetic = new LinkedHashSet<>();
			// 1. leaves in alternatives a discriminator rules out
			List<Error> kept = new ArrayList<>();
			for (Error e : errors) {
				if (ruledOut(e, synthetic)) continue;
				kept.add(e);
			}
			// 2. among the other alternatives, keep the closest
			Set<Error> dropped = new HashSet<>();
			Map<String, Map<Integer, List<Error>>> branches = new LinkedHashMap<>(); // combinator path -> branch -> leaves
			for (Error e : kept) {
				if (combinator(e)) continue;
				NodePath p = e.getEvaluationPath();
				for (int i = 0; i + 1 < p.getNameCount(); i++) {
					String seg = String.valueOf(p.getElement(i));
					if ((seg.equals("oneOf") || seg.equals("anyOf")) && p.getElement(i + 1) instanceof Integer k)
						branches.computeIfAbsent(segments(p, i + 1) + "@" + pointer(e.getInstanceLocation(), walk(e).get(i + 1).instanceDepth()),
								x -> new LinkedHashMap<>()).computeIfAbsent(k, x -> new ArrayList<>()).add(e);
				}
			}
			// outer combinators first: the shorter path
			List<String> keys = new ArrayList<>(branches.keySet());
			keys.sort((a, b) -> Integer.compare(a.length(), b.length()));
			for (String key : keys) {
				Map<Integer, List<Error>> byBranch = new LinkedHashMap<>();
				branches.get(key).forEach((k, list) -> {
					List<Error> alive = list.stream().filter(x -> !dropped.contains(x)).toList();
					if (!alive.isEmpty()) byBranch.put(k, alive);
				});
				if (byBranch.size() < 2) continue;
				String at = key.substring(key.indexOf('@') + 1);
				Integer best = null;
				long bestScore = Long.MAX_VALUE;
				for (Map.Entry<Integer, List<Error>> b : byBranch.entrySet()) {
					boolean wrongKind = b.getValue().stream().anyMatch(x -> ("type".equals(x.getKeyword()) || "const".equals(x.getKeyword()))
							&& pointer(x.getInstanceLocation(), Integer.MAX_VALUE).equals(at));
					long score = (wrongKind ? 1_000_000L : 0) + b.getValue().size();
					if (score < bestScore) {
						bestScore = score;
						best = b.getKey();
					}
				}
				for (Map.Entry<Integer, List<Error>> b : byBranch.entrySet())
					if (!b.getKey().equals(best)) dropped.addAll(b.getValue());
			}
			// 3. summary errors with something more precise beneath them go
			Map<String, List<String>> byField = new LinkedHashMap<>();
			Map<String, String> titles = new LinkedHashMap<>();
			for (String s : synthetic) {
				int colon = s.indexOf(": ");
				byField.computeIfAbsent(s.substring(0, colon), x -> new ArrayList<>()).add(s.substring(colon + 2));
			}
			for (Error e : kept) {
				if (dropped.contains(e)) continue;
				if (combinator(e)) {
					String path = segments(e.getEvaluationPath(), e.getEvaluationPath().getNameCount());
					boolean beneath = kept.stream().anyMatch(x -> x != e && !dropped.contains(x)
							&& segments(x.getEvaluationPath(), x.getEvaluationPath().getNameCount()).startsWith(path + "/"));
					boolean synth = synthetic.stream().anyMatch(x -> x.startsWith(field(e.getInstanceLocation()) + "."));
					if (beneath || synth) continue;
				}
				String field = field(e.getInstanceLocation());
				List<String> msgs = byField.computeIfAbsent(field, x -> new ArrayList<>());
				String m = message(e);
				if (!msgs.contains(m)) msgs.add(m);
				if ("required".equals(e.getKeyword()) || "additionalProperties".equals(e.getKeyword())) {
					List<Step> steps = walk(e);
					String title = steps.get(steps.size() - 2).node().path("title").asText("");
					if (!title.isEmpty()) titles.putIfAbsent(field, title);
				}
			}
			List<String> out = new ArrayList<>();
			// the form ScoreJ's cards had before 0.5.7, and any 0.5 card may have: say what to write instead
			for (String f : byField.keySet()) {
				JsonNode size = card.at(f.replaceAll("\\[(\\d+)\\]", "/$1").replace('.', '/').replaceFirst("^", "/"));
				if (f.matches("outputs\\[\\d+\\]\\.axes\\[\\d+\\]\\.size") && size.has("min") && size.has("step"))
					titles.put(f, "a parameterized size {min, step} is for inputs only: refer to an input axis, {tensor_id: x, axis_id: y}, or give a fixed size");
			}
			// what is missing first, then what is not expected, then the rest
			byField.values().forEach(msgs -> msgs.sort((a, b) -> Integer.compare(rank(a), rank(b))));
			byField.forEach((f, msgs) -> out.add(f + ": " + String.join("; ", msgs) + (titles.containsKey(f) ? " (" + titles.get(f) + ")" : "")));
			return out;
		}

		private static int rank(String message) {
			return message.startsWith("missing") ? 0 : message.startsWith("unexpected") ? 1 : 2;
		}

		/** Whether e lies in an alternative of a discriminated oneOf that the instance's discriminator does not choose. */
		private boolean ruledOut(Error e, Set<String> synthetic) {
			NodePath p = e.getEvaluationPath();
			List<Step> steps = walk(e);
			for (int i = 0; i + 1 < p.getNameCount(); i++) {
				if (!"oneOf".equals(String.valueOf(p.getElement(i))) || !(p.getElement(i + 1) instanceof Integer k)) continue;
				JsonNode owner = steps.get(i).node();
				JsonNode disc = owner.path("discriminator");
				if (disc.isMissingNode()) continue;
				String prop = disc.path("propertyName").asText();
				String where = pointer(e.getInstanceLocation(), steps.get(i).instanceDepth());
				JsonNode value = card.at(where).get(prop);
				JsonNode target = value == null ? null : disc.path("mapping").get(value.asText());
				if (target == null) {
					List<String> names = new ArrayList<>();
					disc.path("mapping").fieldNames().forEachRemaining(names::add);
					synthetic.add(field(where, prop) + ": must be one of " + String.join(", ", names) + ", got " + show(value));
					return true;
				}
				JsonNode branch = owner.path("oneOf").path(k);
				boolean chosen = target.isTextual() ? target.asText().equals(branch.path("$ref").asText()) : target.equals(branch);
				if (!chosen) return true;
			}
			return false;
		}

		private String message(Error e) {
			Object property = e.getDetails() == null ? null : e.getDetails().get("property");
			return switch (e.getKeyword()) {
				case "required" -> "missing '" + property + "'";
				case "additionalProperties" -> "unexpected field '" + property + "'";
				case "const" -> "must be " + e.getSchemaNode().toString().replace('"', '\'') + ", got " + show(e.getInstanceNode()).replace('"', '\'');
				case "oneOf", "anyOf" -> "is none of the forms the schema allows here, got " + show(e.getInstanceNode());
				default -> e.getMessage();
			};
		}

		/** A JSON pointer as a field name: outputs[0].axes[2].size. */
		private static String field(String pointer, String... more) {
			StringBuilder sb = new StringBuilder();
			List<String> parts = new ArrayList<>(List.of(pointer.isEmpty() ? new String[0] : pointer.substring(1).split("/")));
			parts.addAll(List.of(more));
			for (String s : parts) {
				s = s.replace("~1", "/").replace("~0", "~");
				if (s.matches("\\d+")) sb.append('[').append(s).append(']');
				else sb.append(sb.length() == 0 ? "" : ".").append(s);
			}
			return sb.length() == 0 ? "(card)" : sb.toString();
		}

		private static String field(NodePath instance) {
			return field(pointer(instance, Integer.MAX_VALUE));
		}
	}
}
