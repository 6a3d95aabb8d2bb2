// Restore (ScoreJ), task=super-resolve: every slice of a stack made factor times larger by
// posterior sampling (y = factor x factor box average of x). The calibration follows: the pixel
// size is divided by the factor.
// Headless: ImageJ -batch superresolve_stack.ijm /path/to/result.tif
// expect: width=48 height=32 slices=3 bits=16 info=scorej.task=superres info=scorej.factor=2

out = getArgument();
if (out == "") out = getDirectory("temp") + "scorej_superresolve.tif";
setBatchMode(true);
newImage("small", "16-bit ramp", 24, 16, 3);
run("Add Specified Noise...", "stack standard=500");
run("Properties...", "unit=micron pixel_width=0.4 pixel_height=0.4 voxel_depth=1");
run("Restore (ScoreJ)", "model=gaussian-mixture-edm task=super-resolve factor=2 steps=10 samples=2 seed=1");
saveAs("Tiff", out);
print("saved " + getTitle() + " (" + getWidth() + "x" + getHeight() + "x" + nSlices + ") to " + out);
