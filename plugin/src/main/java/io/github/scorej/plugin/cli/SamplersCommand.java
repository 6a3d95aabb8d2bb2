package io.github.scorej.plugin.cli;

import io.github.scorej.ops.sample.Param;
import io.github.scorej.ops.sample.Sampler;
import io.github.scorej.ops.sample.Samplers;
import io.github.scorej.ops.schedule.Schedules;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists every sampler with its options, generated from the samplers' own declarations, each option in the form
 * the sampling verbs take it ({@code -o s_churn=0}, the value shown being the default).
 */
@Command(name = "samplers", description = "List the samplers, their options (as -o NAME=DEFAULT), ranges and defaults, and the schedules.")
final class SamplersCommand implements Runnable {

	@Spec
	CommandSpec spec;

	@Override
	public void run() {
		PrintWriter out = spec.commandLine().getOut();
		out.println("Each sampler's options as the sampling verbs take them, -o NAME=VALUE, shown with the default value, then the range:");
		for (Sampler s : Samplers.all()) {
			List<String> notes = new ArrayList<>();
			if (s.stochastic()) notes.add("stochastic");
			if (!s.usesSchedule()) notes.add("runs in the SDE's time t: no --schedule");
			out.printf("%s%s%n    %s%n", s.name(), notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")", s.description());
			for (Param<?> p : s.params())
				out.printf("    %-24s %-12s %s%n", option(p), p.range(), p.description());
		}
		out.println("schedules (--schedule): " + String.join(", ", Schedules.NAMES));
		out.flush();
	}

	/** {@code -o name=default}, as the sampling verbs accept it. */
	static String option(Param<?> p) {
		Object v = p.defaultValue();
		return "-o " + p.name() + "=" + (v instanceof Double d ? Param.format(d) : String.valueOf(v));
	}
}
