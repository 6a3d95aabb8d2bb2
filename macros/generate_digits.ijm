// Generate (ScoreJ): new images from a score-based model, saved as a TIFF stack whose Info
// (Image > Show Info) records how to re-run it.
// The model is the bundled class-conditional MNIST model; class=7 asks for sevens (guidance: the card's default, 2).
// Headless: ImageJ -batch generate_digits.ijm /path/to/digits.tif
// expect: width=32 height=32 slices=8 bits=32 info=scorej.model=mnist-digits info=scorej.class=7 info=scorej.seed=1

out = getArgument();
if (out == "") out = getDirectory("temp") + "scorej_digits.tif";
setBatchMode(true);
run("Generate (ScoreJ)", "model=mnist-digits class=7 count=8 sampler=heun steps=18 schedule=karras seed=1");
saveAs("Tiff", out);
print("saved " + nSlices + " image(s) of " + getWidth() + "x" + getHeight() + " to " + out);
