// Inpaint (ScoreJ): fill the selected region of the current image with posterior samples of a
// score-based model given the pixels around it. The result is the samples' mean, of the image's type
// and size; a second image holds the per-pixel uncertainty (their standard deviation). Without a
// selection, the ROI Manager's ROIs, or mask=[title] of a mask image (non-zero = unknown), say where.
// Headless: ImageJ -batch inpaint_selection.ijm /path/to/result.tif
// expect: width=64 height=48 slices=1 bits=8 info=scorej.command=inpaint info=scorej.unknown_pixels=192

out = getArgument();
if (out == "") out = getDirectory("temp") + "scorej_inpaint.tif";
setBatchMode(true);
newImage("ramp", "8-bit ramp", 64, 48, 1);
run("Add Specified Noise...", "standard=8");
makeRectangle(20, 12, 16, 12);
run("Inpaint (ScoreJ)", "model=gaussian-mixture-edm steps=10 samples=2 seed=1");
// the restored image is now the current one; its uncertainty map is "ramp-uncertainty"
saveAs("Tiff", out);
print("saved " + getTitle() + " to " + out);
