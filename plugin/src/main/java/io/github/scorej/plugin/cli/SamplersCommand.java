package io.github.scorej.plugin.cli;

import io.github.scorej.ops.sample.Param;
import io.github.scorej.ops.sample.Sampler;
import io.github.scorej.ops.sample.Samplers;
import io.github.scorej.ops.schedule.Schedules;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;

/** Lists every sampler with its options, generated from the samplers' own declarations. */
@Command(name = "samplers", description = "List the samplers, their options and defaults.")
final class SamplersCommand implements Runnable {

	@Spec
	CommandSpec spec;

	@Override
	public void run() {
		PrintWriter out = spec.commandLine().getOut();
		for (Sampler s : Samplers.all()) {
			out.printf("%s%s%n    %s%n", s.name(), s.stochastic() ? " (stochastic)" : "", s.description());
			for (Param<?> p : s.params())
				out.printf("    --%-18s %-10s default %-8s %s%n", p.name().replace('_', '-'), p.range(), p.defaultValue(), p.description());
		}
		out.println("schedules: " + String.join(", ", Schedules.NAMES));
		out.flush();
	}
}
