// Colorize (ScoreJ): colour a grey image with the bundled RGB histology model (histo-rgb): colour
// images whose channel mean is the grey level, sampled from the posterior. Here a held-out crop of an
// IHC stain (ScoreJ's test-images/) is made grey by ImageJ (8-bit: (R+G+B)/3) and coloured back.
// An 8-bit image gives an RGB image; 16- and 32-bit images give a 3-channel composite of their type.
// Headless: ImageJ -batch colorize.ijm /path/to/result.tif
// expect: width=64 height=64 slices=1 bits=24 info=scorej.command=colorize info=scorej.model=histo-rgb

out = getArgument();
if (out == "") out = getDirectory("temp") + "scorej_colorize.tif";
setBatchMode(true);
// the held-out images ship beside plugins/ and models/ in the ImageJ folder (Fiji.app, ~/.imagej), else in the scorej.home folder
home = getDirectory("imagej");
if (!File.isDirectory(home + "test-images")) home = getInfo("scorej.home") + File.separator;
images = home + "test-images" + File.separator;
if (!File.isDirectory(images)) {
	print("ScoreJ's test-images/ folder is not in " + home + ": copy it there as README's install steps say");
	exit();
}
open(images + "ihc-held-out-rgb.png");
makeRectangle(32, 32, 64, 64);
run("Crop");
run("8-bit");
rename("ihc-grey");
run("Colorize (ScoreJ)", "model=histo-rgb steps=10 samples=2 seed=1");
saveAs("Tiff", out);
print("saved " + getTitle() + " to " + out);
