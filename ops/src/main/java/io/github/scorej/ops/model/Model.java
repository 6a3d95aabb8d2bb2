package io.github.scorej.ops.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import io.github.scorej.ops.sde.DiscreteVpSde;
import io.github.scorej.ops.sde.EdmSde;
import io.github.scorej.ops.sde.PfgmppSde;
import io.github.scorej.ops.sde.Sde;
import io.github.scorej.ops.sde.SubVpSde;
import io.github.scorej.ops.sde.VeSde;
import io.github.scorej.ops.sde.VpSde;

/**
 * A model folder: its {@link ModelCard} ({@code rdf.yaml}), the ONNX weights whose SHA-256 has
 * been checked against the card, and the {@link Sde} the card describes. The network itself is
 * opened elsewhere ({@code io.github.scorej.ops.onnx.OrtNetwork}) and wrapped into a
 * {@link Denoiser} by {@link #denoiser(Network)}.
 * <p>
 * Immutable and thread-safe.
 */
public final class Model {

	private final Path folder;
	private final ModelCard card;
	private final Path weights;
	private final Sde sde;

	private Model(Path folder, ModelCard card, Path weights) {
		this.folder = folder;
		this.card = card;
		this.weights = weights;
		this.sde = sdeOf(card);
	}

	/**
	 * A file the card names, which must lie inside the model's folder: a model is the folder, so that
	 * installing, copying or zipping it takes everything it uses, and a card cannot make ScoreJ read
	 * (or hash, or install) a file elsewhere ({@code ../../etc/passwd}, an absolute path, a link out).
	 */
	static Path inside(Path folder, ModelCard card, String field, String name) {
		Path base = folder.toAbsolutePath().normalize(), file = base.resolve(name).normalize();
		boolean in = file.startsWith(base) && !file.equals(base);
		try {
			if (in && Files.exists(file)) in = file.toRealPath().startsWith(base.toRealPath());
		} catch (java.io.IOException e) {
			in = false;
		}
		if (!in) throw new ModelCardException(card.file() + ": " + field + " '" + name + "' is outside the model folder " + base
				+ "; a model's files must be inside its folder");
		return file;
	}

	/**
	 * Loads a model folder (or its {@code rdf.yaml}): parses the card and verifies the SHA-256 of
	 * the weights file.
	 *
	 * @throws ModelCardException when the card is wrong, the weights are missing or their hash differs
	 */
	public static Model load(Path path) {
		Path folder = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
		ModelCard card = ModelCard.read(path);
		Path weights = inside(folder, card, "weights.onnx.source", card.weightsSource());
		if (!Files.isRegularFile(weights))
			throw new ModelCardException(card.file() + ": weights.onnx.source names " + weights + ", which does not exist");
		String actual = sha256(weights);
		if (!actual.equals(card.weightsSha256()))
			throw new ModelCardException(weights + ": SHA-256 mismatch: " + card.file() + " expects " + card.weightsSha256()
					+ ", the file has " + actual);
		return new Model(folder, card, weights);
	}

	/** Hex SHA-256 of a file, lower case. */
	public static String sha256(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			MessageDigest md = MessageDigest.getInstance("SHA-256");
			byte[] buf = new byte[1 << 16];
			for (int r; (r = in.read(buf)) > 0;)
				md.update(buf, 0, r);
			return HexFormat.of().formatHex(md.digest());
		} catch (IOException e) {
			throw new ModelCardException(file + ": cannot read (" + e + ")", e);
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	/** The SDE a card describes: its family with σ_min/σ_max or β_min/β_max, N and D. */
	public static Sde sdeOf(ModelCard card) {
		return switch (card.sde()) {
			case "ve" -> new VeSde(card.sigmaMin(), card.sigmaMax(), card.numScales(), 1e-5);
			case "vp" -> card.discrete() ? new DiscreteVpSde(card.betaMin(), card.betaMax(), card.numScales(), 0)
					: new VpSde(card.betaMin(), card.betaMax(), card.numScales(), 1e-3);
			case "subvp" -> new SubVpSde(card.betaMin(), card.betaMax(), card.numScales(), 1e-3);
			case "edm" -> new EdmSde(card.sigmaMin(), card.sigmaMax(), card.numScales());
			case "pfgmpp" -> new PfgmppSde(card.sigmaMin(), card.sigmaMax(), card.D(), card.numScales());
			default -> throw new ModelCardException(card.file() + ": config.scorej.sde '" + card.sde() + "' is not known");
		};
	}

	public Path folder() { return folder; }
	public ModelCard card() { return card; }
	/** The ONNX weights file, its hash verified. */
	public Path weights() { return weights; }
	/** The verified SHA-256 of the weights (provenance). */
	public String sha256() { return card.weightsSha256(); }
	public Sde sde() { return sde; }

	/** The unconditional denoiser D(x; σ) of a network opened on this model (the null class for conditional models). */
	public NetworkDenoiser denoiser(Network network) {
		return new NetworkDenoiser(card, sde, network);
	}

	/** How closely a network must reproduce its card's test output: relative error (float32 exports of PyTorch). */
	public static final double TEST_TOLERANCE = 1e-3;

	/**
	 * Runs the card's test tensors (each input's and the output's bioimage.io {@code test_tensor})
	 * through the network and returns the relative error of its output, ‖out − want‖ / max(‖want‖,
	 * 0.1·√n); NaN when the card names none.
	 *
	 * @throws ModelCardException when the test tensors are unreadable or their shapes disagree
	 */
	public double testTensorError(Network network) {
		List<ModelCard.Tensor> in = card.inputs();
		ModelCard.Tensor output = card.outputs().get(0);
		if (in.get(0).testTensor() == null || in.get(1).testTensor() == null || output.testTensor() == null) return Double.NaN;
		Npy x = Npy.read(inside(folder, card, "inputs[0].test_tensor", in.get(0).testTensor()));
		Npy t = Npy.read(inside(folder, card, "inputs[1].test_tensor", in.get(1).testTensor()));
		Npy want = Npy.read(inside(folder, card, "outputs[0].test_tensor", output.testTensor()));
		long[] classes = in.size() > 2 && in.get(2).testTensor() != null
				? Npy.read(inside(folder, card, "inputs[2].test_tensor", in.get(2).testTensor())).longs()
				: null;
		long[] d = x.shape();
		if (d.length != 4 || !Arrays.equals(d, want.shape()))
			throw new ModelCardException(card.file() + ": the test tensors' input " + Arrays.toString(d) + " and output "
					+ Arrays.toString(want.shape()) + " must be the same N×C×H×W shape");
		Shape shape = new Shape((int) d[0], (int) d[1], (int) d[2], (int) d[3]);
		float[] out = new float[shape.size()];
		network.run(shape, x.floats(), t.floats(), classes, out);
		double e = 0, w = 0;
		double[] ref = want.values();
		for (int i = 0; i < out.length; i++) {
			e += (out[i] - ref[i]) * (out[i] - ref[i]);
			w += ref[i] * ref[i];
		}
		double err = Math.sqrt(e / Math.max(w, 0.01 * out.length)); // relative to rms(want), at least 0.1 (the data's scale)
		return Double.isNaN(err) ? Double.POSITIVE_INFINITY : err; // NaN in the output is a failure, not "no test tensors"
	}

	/**
	 * {@link #testTensorError}, which must be within {@link #TEST_TOLERANCE}: returns it (NaN: no test tensors).
	 *
	 * @throws ModelCardException naming the error when the network does not reproduce its test output
	 */
	public double checkTestTensors(Network network) {
		double err = testTensorError(network);
		if (err > TEST_TOLERANCE)
			throw new ModelCardException(weights + " does not reproduce the test output of " + card.file() + ": relative error "
					+ String.format(java.util.Locale.ROOT, "%.2g", err) + " > " + TEST_TOLERANCE);
		return err;
	}

	@Override
	public String toString() {
		return "Model[" + card.name() + " at " + folder + "]";
	}
}
