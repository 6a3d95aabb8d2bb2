// Colorize (ScoreJ): colour a grey image with a 3-channel score-based model: colour images whose
// channel mean is the grey level, sampled from the posterior. An 8-bit image gives an RGB image;
// 16- and 32-bit images give a 3-channel composite of their type.
// Headless: ImageJ -batch colorize.ijm /path/to/result.tif
// expect: width=48 height=32 slices=1 bits=24 info=scorej.command=colorize info=scorej.model=gaussian-edm

out = getArgument();
if (out == "") out = getDirectory("temp") + "scorej_colorize.tif";
setBatchMode(true);
newImage("grey", "8-bit ramp", 48, 32, 1);
run("Colorize (ScoreJ)", "model=gaussian-edm steps=10 samples=2 seed=1");
saveAs("Tiff", out);
print("saved " + getTitle() + " to " + out);
