"""site/check_site.py finds what it is for: each check is run on a small mkdocs project with one fault of its kind.

    /usr/bin/python3 -m unittest discover -s site -p 'test_check_site.py'     (DocumentationSiteTest runs it)
"""
import os
import sys
import tempfile
import textwrap
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_site  # noqa: E402


def project(root, index, other="# Other\n"):
    """A mkdocs project like the site's (theme mkdocs, no CDN) with the given pages; returns its mkdocs.yml."""
    os.makedirs(os.path.join(root, "docs", "img"))
    with open(os.path.join(root, "mkdocs.yml"), "w") as fh:
        fh.write("site_name: t\nuse_directory_urls: false\ntheme:\n  name: mkdocs\n  highlightjs: false\n"
                 "nav:\n  - Home: index.md\n  - Other: other.md\n")
    for name, text in [("index.md", index), ("other.md", other)]:
        with open(os.path.join(root, "docs", name), "w") as fh:
            fh.write(textwrap.dedent(text))
    with open(os.path.join(root, "docs", "img", "corrupt.png"), "wb") as fh:
        fh.write(b"not a png")
    return os.path.join(root, "mkdocs.yml")


class CheckSiteTest(unittest.TestCase):

    def test_strict_build_fails_on_a_link_to_a_missing_page_or_image(self):
        with tempfile.TemporaryDirectory() as d:
            config = project(d, "# Home\n\n[gone](nowhere.md)\n\n![lost](img/lost.png)\n")
            problems = "\n".join(check_site.build(os.path.join(d, "out"), config))
            self.assertIn("nowhere.md", problems)
            self.assertIn("img/lost.png", problems)

    def test_links_anchors_and_network_resources_are_checked_in_the_html(self):
        with tempfile.TemporaryDirectory() as d:
            # raw HTML, which mkdocs does not check
            config = project(d, """\
                # Home

                <img src="img/missing.png" alt="x">
                <a href="other.html#no-such-heading">other</a>
                <script src="https://cdn.example.org/lib.js"></script>
                """)
            out = os.path.join(d, "out")
            self.assertEqual([], check_site.build(out, config))
            problems = "\n".join(check_site.check_links(out))
            self.assertIn("img/missing.png", problems)
            self.assertIn("no id 'no-such-heading'", problems)
            self.assertIn("loads from the network", problems)
            self.assertEqual(3, len(problems.splitlines()), problems)  # and nothing else

    def test_the_browser_reports_broken_images_and_console_errors_and_saves_screenshots(self):
        with tempfile.TemporaryDirectory() as d:
            config = project(d, """\
                # Home

                ![corrupt](img/corrupt.png)

                <script>console.error("boom from the page");</script>
                """)
            out, shots = os.path.join(d, "out"), os.path.join(d, "shots")
            self.assertEqual([], check_site.build(out, config))
            self.assertEqual([], check_site.check_links(out))
            problems = "\n".join(check_site.check_browser(out, shots))
            self.assertIn("index.html: image img/corrupt.png does not load", problems)
            self.assertIn("boom from the page", problems)
            self.assertNotIn("other.html", problems)  # the clean page has no problem
            self.assertEqual(sorted(["index.png", "other.png"]), sorted(os.listdir(shots)))


if __name__ == "__main__":
    unittest.main()
