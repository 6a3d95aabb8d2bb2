package io.github.scorej.ops.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A NumPy {@code .npy} array (format versions 1–3, C order) of float32, float64 or int64, as used by
 * bioimage.io test tensors: its shape and its values, read as {@code double}.
 */
public record Npy(long[] shape, String dtype, double[] values) {

	private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<>|=]?)([fiu])(\\d)'");
	private static final Pattern ORDER = Pattern.compile("'fortran_order':\\s*(True|False)");
	private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

	/** Reads a .npy file; errors name the file. */
	public static Npy read(Path file) {
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(file);
		} catch (IOException e) {
			throw new ModelCardException(file + ": cannot read (" + e + ")", e);
		}
		if (bytes.length < 10 || bytes[0] != (byte) 0x93 || !new String(bytes, 1, 5, StandardCharsets.ISO_8859_1).equals("NUMPY"))
			throw new ModelCardException(file + ": not a .npy file");
		ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
		int major = bytes[6];
		int headerLen = major == 1 ? Short.toUnsignedInt(b.getShort(8)) : b.getInt(8);
		int start = (major == 1 ? 10 : 12);
		String header = new String(bytes, start, headerLen, StandardCharsets.ISO_8859_1);
		Matcher d = DESCR.matcher(header), o = ORDER.matcher(header), s = SHAPE.matcher(header);
		if (!d.find() || !o.find() || !s.find()) throw new ModelCardException(file + ": cannot parse the .npy header " + header.trim());
		if (o.group(1).equals("True")) throw new ModelCardException(file + ": Fortran-order arrays are not supported");
		long[] shape = Arrays.stream(s.group(1).split(",")).map(String::trim).filter(t -> !t.isEmpty()).mapToLong(Long::parseLong).toArray();
		long count = 1;
		for (long n : shape)
			count *= n;
		String dtype = d.group(2) + d.group(3);
		b.order(d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
		b.position(start + headerLen);
		double[] v = new double[Math.toIntExact(count)];
		for (int i = 0; i < v.length; i++)
			v[i] = switch (dtype) {
				case "f4" -> b.getFloat();
				case "f8" -> b.getDouble();
				case "i8" -> b.getLong();
				case "i4" -> b.getInt();
				default -> throw new ModelCardException(file + ": .npy data type " + d.group(0) + " is not supported (float32, float64, int32, int64)");
			};
		return new Npy(shape, dtype, v);
	}

	public float[] floats() {
		float[] f = new float[values.length];
		for (int i = 0; i < f.length; i++)
			f[i] = (float) values[i];
		return f;
	}

	public long[] longs() {
		long[] l = new long[values.length];
		for (int i = 0; i < l.length; i++)
			l[i] = (long) values[i];
		return l;
	}
}
