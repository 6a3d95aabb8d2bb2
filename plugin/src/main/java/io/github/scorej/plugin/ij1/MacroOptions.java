package io.github.scorej.plugin.ij1;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ImageJ macro option strings, {@code key=value key=[value with spaces] flag}: parsed into an
 * ordered map (a bare flag maps to "true"), and written back the way ImageJ's recorder writes them.
 */
final class MacroOptions {

	private MacroOptions() {}

	/** The options by key; the error names an unclosed bracket. */
	static Map<String, String> parse(String options) {
		Map<String, String> out = new LinkedHashMap<>();
		if (options == null) return out;
		String s = options;
		int i = 0, n = s.length();
		while (i < n) {
			while (i < n && Character.isWhitespace(s.charAt(i)))
				i++;
			if (i >= n) break;
			int k = i;
			while (i < n && s.charAt(i) != '=' && !Character.isWhitespace(s.charAt(i)))
				i++;
			String key = s.substring(k, i);
			if (i < n && s.charAt(i) == '=') {
				i++;
				String value;
				if (i < n && s.charAt(i) == '[') {
					int close = s.indexOf(']', i + 1);
					if (close < 0) throw new IllegalArgumentException("option " + key + ": '[' without ']' in \"" + options.trim() + "\"");
					value = s.substring(i + 1, close);
					i = close + 1;
				} else {
					int v = i;
					while (i < n && !Character.isWhitespace(s.charAt(i)))
						i++;
					value = s.substring(v, i);
				}
				out.put(key, value);
			} else {
				out.put(key, "true");
			}
		}
		return out;
	}

	/** {@code key=value}, with the value in brackets when it is empty or holds a space or bracket. */
	static String format(String key, String value) {
		boolean bracket = value.isEmpty() || value.chars().anyMatch(c -> Character.isWhitespace(c) || c == '[' || c == ']');
		return key + "=" + (bracket ? "[" + value + "]" : value);
	}
}
