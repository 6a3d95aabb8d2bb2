// Generate (ScoreJ): new images from a score-based model, saved as a TIFF stack whose Info
// (Image > Show Info) records how to re-run it.
// The model is the bundled analytic demo model for now; the MNIST digits model replaces it once it ships.
// Headless: ImageJ -batch generate_digits.ijm /path/to/digits.tif
// expect: width=32 height=32 slices=8 bits=32 info=scorej.model=gaussian-mixture-edm info=scorej.seed=1

out = getArgument();
if (out == "") out = getDirectory("temp") + "scorej_digits.tif";
setBatchMode(true);
run("Generate (ScoreJ)", "model=gaussian-mixture-edm count=8 sampler=heun steps=18 schedule=karras seed=1");
saveAs("Tiff", out);
print("saved " + nSlices + " image(s) of " + getWidth() + "x" + getHeight() + " to " + out);
