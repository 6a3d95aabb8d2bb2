// Likelihood (ScoreJ) on every image of a folder with the bundled grey model micro-gray: the bits/dim of
// each goes into the Results table (columns image, bits/dim, nats, NFE, seconds, values), which is saved
// as CSV. Here the folder is made first from held-out crops of ScoreJ's test-images/: two microscopy
// images the model knows the like of, and a photograph of grass it does not (its bits/dim is higher).
// 8-bit images get the dequantisation offset, so their bits/dim compare with the literature's.
// Point dir at your own folder of grey images.
// Headless: ImageJ -batch likelihood_folder.ijm /path/to/results.csv
// expect: rows=3 column=bits/dim column=nats column=NFE

out = getArgument();
if (out == "") out = getDirectory("temp") + "scorej_likelihood.csv";
setBatchMode(true);
// the held-out images ship beside plugins/ and models/ in the ImageJ folder (Fiji.app, ~/.imagej), else in the scorej.home folder
home = getDirectory("imagej");
if (!File.isDirectory(home + "test-images")) home = getInfo("scorej.home") + File.separator;
images = home + "test-images" + File.separator;
if (!File.isDirectory(images)) {
	print("ScoreJ's test-images/ folder is not in " + home + ": copy it there as README's install steps say");
	exit();
}
dir = getDirectory("temp") + "scorej_likelihood_" + d2s(getTime(), 0) + File.separator;
File.makeDirectory(dir);
names = newArray("cell", "retina", "grass");
for (i = 0; i < names.length; i++) {
	open(images + names[i] + "-held-out.png");
	makeRectangle(32, 32, 24, 24);
	run("Crop");
	saveAs("PNG", dir + names[i] + ".png");
	close();
}
run("Clear Results");
files = getFileList(dir);
for (i = 0; i < files.length; i++) {
	if (!endsWith(files[i], ".png")) continue;
	open(dir + files[i]);
	run("Likelihood (ScoreJ)", "model=micro-gray options=[rtol=1e-3 atol=1e-3] seed=1");
	close();
}
saveAs("Results", out);
print("saved " + nResults + " rows to " + out);
