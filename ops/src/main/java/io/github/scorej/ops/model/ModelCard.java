package io.github.scorej.ops.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A model card: the bioimage.io model spec 0.5 {@code rdf.yaml} of a model folder, with ScoreJ's
 * block {@code config.scorej} (see DESIGN.md, "Model card"). Read with {@link #read(Path)} or
 * {@link #parse(String, String)}; every error is a {@link ModelCardException} naming the file, the
 * field and the expected type.
 * <p>
 * Immutable and thread-safe.
 */
public final class ModelCard {

	/** What the network predicts (before any EDM preconditioning). */
	public enum Prediction { SCORE, EPS, X0, V }

	/** What the network's time input means. */
	public enum TimeInput { T, SIGMA, LOG_SIGMA_QUARTER, INDEX }

	/** Preconditioning wrapped around the raw network: none, or EDM's c_skip, c_out, c_in. */
	public enum Preconditioning { NONE, EDM }

	/**
	 * One input or output tensor of the card: its id, data type (float32, int64), number of axes and
	 * the file of its bioimage.io test tensor relative to the model folder ({@code null} if none).
	 */
	public record Tensor(String id, String dataType, int rank, String testTensor) {}

	/**
	 * The card's suggested sampler, steps, schedule, classifier-free guidance scale (1 unless the card says) and options of
	 * its sampler ({@code defaults.options}, name to value as text; e.g. the DDIM timestep spacing of a diffusers
	 * scheduler), which a run with the card's sampler takes unless it sets them itself.
	 */
	public record Defaults(String sampler, int steps, String schedule, double guidance, Map<String, String> options) {

		public Defaults {
			options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
		}
	}

	private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

	private final String file;
	private final String name, description, license;
	private final List<Tensor> inputs, outputs;
	private final String weightsSource, weightsSha256;
	private final String sde;
	private final Prediction prediction;
	private final TimeInput timeInput;
	private final Preconditioning preconditioning;
	private final double sigmaMin, sigmaMax, betaMin, betaMax, sigmaData, D;
	private final int numScales;
	private final boolean discrete;
	private final double[] dataRange;
	private final int[] imageSize;
	private final boolean fullyConvolutional;
	private final int sizeMultiple;
	private final long nativeBytesPerPixel;
	private final List<String> classes;
	private final Integer nullClass;
	private final Defaults defaults;
	private final Map<String, Object> scorej;

	private ModelCard(String file, Map<String, Object> root) {
		this.file = file;
		name = string(root, "name", "name", true);
		description = Optional.ofNullable(string(root, "description", "description", false)).orElse("");
		license = string(root, "license", "license", false);
		inputs = tensors(root, "inputs");
		outputs = tensors(root, "outputs");
		Map<String, Object> weights = map(root, "weights", "weights", true);
		Map<String, Object> onnx = map(weights, "onnx", "weights.onnx", true);
		weightsSource = string(onnx, "source", "weights.onnx.source", true);
		weightsSha256 = string(onnx, "sha256", "weights.onnx.sha256", true);
		if (!SHA256.matcher(weightsSha256).matches())
			throw error("weights.onnx.sha256 must be 64 hexadecimal digits, got '" + weightsSha256 + "'");
		Map<String, Object> config = map(root, "config", "config", true);
		Map<String, Object> sj = map(config, "scorej", "config.scorej", true);
		scorej = Collections.unmodifiableMap(new LinkedHashMap<>(sj));
		String p = "config.scorej.";
		sde = choice(sj, "sde", p + "sde", List.of("ve", "vp", "subvp", "edm", "pfgmpp"));
		prediction = Prediction.valueOf(choice(sj, "prediction", p + "prediction", List.of("score", "eps", "x0", "v")).toUpperCase(Locale.ROOT));
		timeInput = TimeInput.valueOf(choice(sj, "time_input", p + "time_input", List.of("t", "sigma", "log_sigma_quarter", "index")).toUpperCase(Locale.ROOT));
		boolean edmLike = sde.equals("edm") || sde.equals("pfgmpp");
		String pre = sj.containsKey("preconditioning") ? choice(sj, "preconditioning", p + "preconditioning", List.of("none", "edm")) : "none";
		preconditioning = Preconditioning.valueOf(pre.toUpperCase(Locale.ROOT));
		if (preconditioning == Preconditioning.EDM && prediction != Prediction.X0)
			throw error(p + "prediction must be x0 with preconditioning: edm (D = c_skip·x + c_out·F), got '" + prediction.name().toLowerCase(Locale.ROOT) + "'");
		boolean sigmaFamily = edmLike || sde.equals("ve");
		sigmaMin = sigmaFamily ? positive(sj, "sigma_min", p + "sigma_min", null) : Double.NaN;
		sigmaMax = sigmaFamily ? positive(sj, "sigma_max", p + "sigma_max", null) : Double.NaN;
		if (sigmaFamily && !(sigmaMax > sigmaMin))
			throw error(p + "sigma_max must be greater than sigma_min, got " + sigmaMax + " <= " + sigmaMin);
		betaMin = sigmaFamily ? Double.NaN : positive(sj, "beta_min", p + "beta_min", 0.1);
		betaMax = sigmaFamily ? Double.NaN : positive(sj, "beta_max", p + "beta_max", 20.0);
		if (!sigmaFamily && !(betaMax > betaMin))
			throw error(p + "beta_max must be greater than beta_min, got " + betaMax + " <= " + betaMin);
		numScales = integer(sj, "num_scales", p + "num_scales", 1000);
		if (numScales < 2) throw error(p + "num_scales must be an integer >= 2, got " + numScales);
		discrete = bool(sj, "discrete", p + "discrete", false);
		if (discrete && !sde.equals("vp")) throw error(p + "discrete: true is defined for sde vp only (the DDPM chain), got sde '" + sde + "'");
		if (discrete && !(betaMax < numScales))
			throw error(p + "beta_max must be below num_scales with discrete: true (the chain's last beta is beta_max/num_scales < 1), got "
					+ betaMax + " >= " + numScales);
		sigmaData = positive(sj, "sigma_data", p + "sigma_data", edmLike ? 0.5 : 1.0);
		D = sde.equals("pfgmpp") ? positive(sj, "D", p + "D", null) : Double.NaN;
		if (timeInput == TimeInput.INDEX && edmLike)
			throw error(p + "time_input index is defined for ve, vp and subvp only, got sde '" + sde + "'");
		dataRange = numbers(sj, "data_range", p + "data_range", new double[] { -1, 1 }, 2);
		double[] size = numbers(sj, "image_size", p + "image_size", null, 2);
		imageSize = new int[] { (int) size[0], (int) size[1] };
		if (size[0] != imageSize[0] || size[1] != imageSize[1] || imageSize[0] < 1 || imageSize[1] < 1)
			throw error(p + "image_size must be two positive integers [height, width], got " + sj.get("image_size"));
		fullyConvolutional = bool(sj, "fully_convolutional", p + "fully_convolutional", false);
		sizeMultiple = integer(sj, "size_multiple", p + "size_multiple", 1);
		if (sizeMultiple < 1) throw error(p + "size_multiple must be an integer >= 1, got " + sizeMultiple);
		nativeBytesPerPixel = integer(sj, "native_bytes_per_pixel", p + "native_bytes_per_pixel", DEFAULT_NATIVE_BYTES_PER_PIXEL);
		if (nativeBytesPerPixel < 1) throw error(p + "native_bytes_per_pixel must be an integer >= 1, got " + nativeBytesPerPixel);
		classes = strings(sj, "classes", p + "classes");
		nullClass = sj.get("null_class") == null ? null : integer(sj, "null_class", p + "null_class", null);
		if (nullClass != null && classes.isEmpty())
			throw error(p + "null_class needs config.scorej.classes");
		Map<String, Object> def = map(sj, "defaults", p + "defaults", false);
		defaults = def == null ? new Defaults("dpmpp_2m", 20, "karras", 1, Map.of())
				: new Defaults(Optional.ofNullable(string(def, "sampler", p + "defaults.sampler", false)).orElse("dpmpp_2m"),
						integer(def, "steps", p + "defaults.steps", 20),
						Optional.ofNullable(string(def, "schedule", p + "defaults.schedule", false)).orElse("karras"),
						def.get("guidance") == null ? 1 : number(def.get("guidance"), p + "defaults.guidance"),
						options(map(def, "options", p + "defaults.options", false), p + "defaults.options"));
		// the tensors ScoreJ feeds: image, time and, for class-conditional models, class
		int want = classes.isEmpty() ? 2 : 3;
		if (inputs.size() != want)
			throw error("inputs must list " + want + " tensors (image, time" + (want == 3 ? ", class" : "") + "), got " + inputs.size());
		checkTensor(inputs.get(0), "inputs[0]", "float32", 4);
		checkTensor(inputs.get(1), "inputs[1]", "float32", 1);
		if (want == 3) checkTensor(inputs.get(2), "inputs[2]", "int64", 1);
		if (outputs.size() != 1) throw error("outputs must list 1 tensor, got " + outputs.size());
		checkTensor(outputs.get(0), "outputs[0]", "float32", 4);
	}

	/** Reads and checks {@code rdf.yaml}; {@code path} may also be the model folder. */
	public static ModelCard read(Path path) {
		Path rdf = Files.isDirectory(path) ? path.resolve("rdf.yaml") : path;
		String text;
		try {
			text = Files.readString(rdf, StandardCharsets.UTF_8);
		} catch (IOException e) {
			throw new ModelCardException(rdf + ": cannot read the model card (" + e + ")", e);
		}
		return parse(text, rdf.toString());
	}

	/** Parses card text; {@code file} names it in error messages. */
	public static ModelCard parse(String yaml, String file) {
		Object root;
		try {
			root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
		} catch (YAMLException e) {
			throw new ModelCardException(file + ": not valid YAML: " + e.getMessage(), e);
		}
		if (!(root instanceof Map)) throw new ModelCardException(file + ": must be a YAML mapping, got " + describe(root));
		@SuppressWarnings("unchecked")
		Map<String, Object> m = (Map<String, Object>) root;
		return new ModelCard(file, m);
	}

	// ---- accessors ----

	/** The card's file, as named in error messages. */
	public String file() { return file; }
	public String name() { return name; }
	public String description() { return description; }
	public String license() { return license; }
	public List<Tensor> inputs() { return inputs; }
	public List<Tensor> outputs() { return outputs; }
	/** Path of the ONNX weights relative to the model folder. */
	public String weightsSource() { return weightsSource; }
	/** Expected SHA-256 of the weights, lower case. */
	public String weightsSha256() { return weightsSha256.toLowerCase(Locale.ROOT); }
	/** SDE family: ve, vp, subvp, edm or pfgmpp. */
	public String sde() { return sde; }
	public Prediction prediction() { return prediction; }
	public TimeInput timeInput() { return timeInput; }
	public Preconditioning preconditioning() { return preconditioning; }
	/** σ_min (ve, edm, pfgmpp), NaN otherwise. */
	public double sigmaMin() { return sigmaMin; }
	/** σ_max (ve, edm, pfgmpp), NaN otherwise. */
	public double sigmaMax() { return sigmaMax; }
	/** β_min (vp, subvp), NaN otherwise. */
	public double betaMin() { return betaMin; }
	/** β_max (vp, subvp), NaN otherwise. */
	public double betaMax() { return betaMax; }
	public int numScales() { return numScales; }
	/** vp: the noise levels are the discrete DDPM chain's ({@code discrete: true}, a {@code DiscreteVpSde}), not the continuous SDE's. */
	public boolean discrete() { return discrete; }
	/** σ_data of EDM preconditioning and v-prediction (default 0.5 for edm/pfgmpp, 1 otherwise). */
	public double sigmaData() { return sigmaData; }
	/** PFGM++ augmentation dimension D, NaN for other families. */
	public double D() { return D; }
	/** [low, high] of the pixel values the network was trained on. */
	public double[] dataRange() { return dataRange.clone(); }
	/** Training size [height, width]. */
	public int[] imageSize() { return imageSize.clone(); }
	public boolean fullyConvolutional() { return fullyConvolutional; }
	public int sizeMultiple() { return sizeMultiple; }

	/**
	 * Bytes of native memory ONNX Runtime needs per pixel (H·W) of each image of one network call on the
	 * CPU ({@code config.scorej.native_bytes_per_pixel}, measured for the bundled models: see
	 * site/bench/scale.md), or {@link #DEFAULT_NATIVE_BYTES_PER_PIXEL} when the card does not say.
	 */
	public long nativeBytesPerPixel() { return nativeBytesPerPixel; }

	/** The native bytes per pixel assumed for a card that does not state its own: twice the largest bundled model's. */
	public static final int DEFAULT_NATIVE_BYTES_PER_PIXEL = 4096;
	/** Class names of a class-conditional model; empty otherwise. */
	public List<String> classes() { return classes; }
	public boolean conditional() { return !classes.isEmpty(); }
	/** Label of the null class for classifier-free guidance, if the model has one. */
	public Optional<Integer> nullClass() { return Optional.ofNullable(nullClass); }
	public Defaults defaults() { return defaults; }
	/** Number of channels of the image input, from its channel axis; -1 when the card does not say. */
	public int channels() { return channels; }
	/** The raw {@code config.scorej} mapping, for fields ScoreJ does not interpret (read-only). */
	public Map<String, Object> scorejConfig() { return scorej; }

	private int channels = -1;

	@Override
	public String toString() {
		return "ModelCard[" + name + ": " + sde + ", " + prediction.name().toLowerCase(Locale.ROOT) + ", "
				+ timeInput.name().toLowerCase(Locale.ROOT) + " (" + file + ")]";
	}

	// ---- field readers: each error names the file, the field and the expected type ----

	private ModelCardException error(String what) {
		return new ModelCardException(file + ": " + what);
	}

	private static String describe(Object v) {
		if (v == null) return "nothing";
		if (v instanceof Map) return "a mapping";
		if (v instanceof List) return "a list";
		return "'" + v + "'";
	}

	private Object get(Map<String, Object> m, String key, String field, boolean required) {
		Object v = m.get(key);
		if (v == null && required) throw error(field + " is missing");
		return v;
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> map(Map<String, Object> m, String key, String field, boolean required) {
		Object v = get(m, key, field, required);
		if (v == null) return null;
		if (!(v instanceof Map)) throw error(field + " must be a mapping, got " + describe(v));
		return (Map<String, Object>) v;
	}

	private String string(Map<String, Object> m, String key, String field, boolean required) {
		Object v = get(m, key, field, required);
		if (v == null) return null;
		if (v instanceof Map || v instanceof List) throw error(field + " must be a string, got " + describe(v));
		return v.toString();
	}

	private String choice(Map<String, Object> m, String key, String field, List<String> allowed) {
		String v = string(m, key, field, true);
		if (!allowed.contains(v)) throw error(field + " must be one of " + String.join(" | ", allowed) + ", got '" + v + "'");
		return v;
	}

	private double number(Object v, String field) {
		if (v instanceof Number n) return n.doubleValue();
		if (v instanceof String s) {
			try {
				return Double.parseDouble(s.trim());
			} catch (NumberFormatException e) {
				// fall through
			}
		}
		throw error(field + " must be a number, got " + describe(v));
	}

	private double positive(Map<String, Object> m, String key, String field, Double fallback) {
		Object v = get(m, key, field, fallback == null);
		if (v == null) return fallback;
		double d = number(v, field);
		if (!(d > 0) || Double.isInfinite(d)) throw error(field + " must be a positive number, got " + describe(v));
		return d;
	}

	private int integer(Map<String, Object> m, String key, String field, Integer fallback) {
		Object v = get(m, key, field, fallback == null);
		if (v == null) return fallback;
		if (v instanceof Integer i) return i;
		if (v instanceof Long l && l == l.intValue()) return l.intValue();
		throw error(field + " must be an integer, got " + describe(v));
	}

	/** Sampler options as text: each value a string, number or boolean. */
	private Map<String, String> options(Map<String, Object> m, String field) {
		Map<String, String> out = new LinkedHashMap<>();
		if (m == null) return out;
		for (Map.Entry<String, Object> e : m.entrySet()) {
			Object v = e.getValue();
			if (!(v instanceof String || v instanceof Number || v instanceof Boolean))
				throw error(field + "." + e.getKey() + " must be a string, number or boolean, got " + describe(v));
			out.put(e.getKey(), String.valueOf(v));
		}
		return out;
	}

	private boolean bool(Map<String, Object> m, String key, String field, boolean fallback) {
		Object v = get(m, key, field, false);
		if (v == null) return fallback;
		if (v instanceof Boolean b) return b;
		throw error(field + " must be true or false, got " + describe(v));
	}

	private double[] numbers(Map<String, Object> m, String key, String field, double[] fallback, int length) {
		Object v = get(m, key, field, fallback == null);
		if (v == null) return fallback.clone();
		if (!(v instanceof List<?> list) || list.size() != length)
			throw error(field + " must be a list of " + length + " numbers, got " + describe(v));
		double[] out = new double[length];
		for (int i = 0; i < length; i++)
			out[i] = number(list.get(i), field + "[" + i + "]");
		return out;
	}

	private List<String> strings(Map<String, Object> m, String key, String field) {
		Object v = get(m, key, field, false);
		if (v == null) return List.of();
		if (!(v instanceof List<?> list)) throw error(field + " must be a list of strings, got " + describe(v));
		List<String> out = new ArrayList<>();
		for (int i = 0; i < list.size(); i++) {
			Object e = list.get(i);
			if (e == null || e instanceof Map || e instanceof List)
				throw error(field + "[" + i + "] must be a string, got " + describe(e));
			out.add(e.toString());
		}
		return List.copyOf(out);
	}

	private List<Tensor> tensors(Map<String, Object> root, String key) {
		Object v = get(root, key, key, true);
		if (!(v instanceof List<?> list) || list.isEmpty()) throw error(key + " must be a non-empty list of tensors, got " + describe(v));
		List<Tensor> out = new ArrayList<>();
		for (int i = 0; i < list.size(); i++) {
			String f = key + "[" + i + "]";
			if (!(list.get(i) instanceof Map)) throw error(f + " must be a mapping, got " + describe(list.get(i)));
			@SuppressWarnings("unchecked")
			Map<String, Object> t = (Map<String, Object>) list.get(i);
			String id = string(t, "id", f + ".id", true);
			Object axes = get(t, "axes", f + ".axes", true);
			if (!(axes instanceof List<?> ax)) throw error(f + ".axes must be a list, got " + describe(axes));
			Map<String, Object> data = map(t, "data", f + ".data", false);
			String type = data == null ? "float32" : Optional.ofNullable(string(data, "type", f + ".data.type", false)).orElse("float32");
			if (key.equals("inputs") && i == 0) channels = channelCount(ax, f);
			Map<String, Object> test = map(t, "test_tensor", f + ".test_tensor", false);
			String testFile = test == null ? null : string(test, "source", f + ".test_tensor.source", true);
			out.add(new Tensor(id, type, ax.size(), testFile));
		}
		return List.copyOf(out);
	}

	private int channelCount(List<?> axes, String f) {
		for (Object a : axes)
			if (a instanceof Map<?, ?> axis && "channel".equals(axis.get("type"))) {
				Object names = axis.get("channel_names");
				if (names instanceof List<?> l) return l.size();
				Object size = axis.get("size");
				if (size instanceof Integer s) return s;
			}
		return -1;
	}

	private void checkTensor(Tensor t, String field, String type, int rank) {
		if (!t.dataType().equals(type)) throw error(field + ".data.type must be " + type + " for tensor '" + t.id() + "', got '" + t.dataType() + "'");
		if (t.rank() != rank) throw error(field + ".axes must have " + rank + " axes for tensor '" + t.id() + "', got " + t.rank());
	}
}
