#!/usr/bin/env python3
"""Builds the documentation site and checks it: what `./scorej test` runs (SiteTest), and what to run after editing.

1. `mkdocs build --strict` (Debian's mkdocs): a warning fails, among them a link to a missing page or image;
2. every built page's links, images, scripts and stylesheets must resolve to a file of the site, and every
   #anchor to an id on its page; pages load nothing from the network (the site works offline and from a jar);
3. every page is opened in headless chromium (selenium, Debian's chromium-driver) from a local web server: a
   console error, an image that does not load (naturalWidth 0) or a page without its title fails; a screenshot of
   each page is saved.

    /usr/bin/python3 site/check_site.py                       # builds into out/site, screenshots into out/site-screenshots
    /usr/bin/python3 site/check_site.py --out DIR --shots DIR

Needs Debian's mkdocs, chromium, chromium-driver and python3-selenium (`./scorej test` installs them).
Prints one line per problem and exits 1 if there is any.
"""
import argparse
import functools
import html.parser
import http.server
import os
import subprocess
import sys
import threading
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Page(html.parser.HTMLParser):
    """The ids of a page and its references: (tag, attribute, value)."""

    def __init__(self):
        super().__init__()
        self.ids, self.refs = set(), []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.ids.add(a["name"])
        for attr in ("href", "src"):
            if a.get(attr) is not None and tag in ("a", "img", "script", "link", "iframe", "source"):
                self.refs.append((tag, attr, a[attr]))


def build(out, config=os.path.join(ROOT, "site", "mkdocs.yml")):
    p = subprocess.run(["mkdocs", "build", "--strict", "--clean", "-f", config, "-d", out],
                       capture_output=True, text=True)
    if p.returncode != 0:
        return [f"mkdocs build --strict failed (exit {p.returncode}): {line}" for line in (p.stdout + p.stderr).splitlines()
                if "WARNING" in line or "Error" in line or "error" in line] or [f"mkdocs build failed: {p.stdout}{p.stderr}"]
    return []


def pages(out):
    """The built pages, but 404.html: a web server's error page, whose links are absolute (from the server's root)."""
    return sorted(r for r in (os.path.relpath(os.path.join(d, f), out) for d, _, fs in os.walk(out) for f in fs if f.endswith(".html"))
                  if r != "404.html")


def check_links(out):
    """Every reference of every page resolves inside the site; #anchors exist; nothing is fetched from the network."""
    parsed = {}
    for rel in pages(out):
        p = Page()
        with open(os.path.join(out, rel), encoding="utf-8") as fh:
            p.feed(fh.read())
        parsed[rel] = p
    problems = []
    for rel, p in parsed.items():
        for tag, attr, value in p.refs:
            url = urllib.parse.urlsplit(value)
            if url.scheme in ("http", "https") or value.startswith("//"):
                if tag != "a":  # an image, script or stylesheet from the network: the site must work offline
                    problems.append(f"{rel}: <{tag} {attr}=\"{value}\"> loads from the network")
                continue
            if url.scheme in ("mailto", "data", "javascript") or (not url.path and not url.fragment):
                continue
            target = os.path.normpath(os.path.join(os.path.dirname(rel), urllib.parse.unquote(url.path))) if url.path else rel
            if url.path.endswith("/"):
                target = os.path.join(target, "index.html")
            if not os.path.isfile(os.path.join(out, target)):
                problems.append(f"{rel}: <{tag} {attr}=\"{value}\">: {target} is not in the site")
            elif url.fragment and target in parsed and url.fragment not in parsed[target].ids:
                problems.append(f"{rel}: <{tag} {attr}=\"{value}\">: no id '{url.fragment}' on {target}")
    return problems


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def check_browser(out, shots):
    """Opens every page in headless chromium; console errors, broken images and untitled pages are problems."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=out))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1200,900",
                "--disable-background-networking", "--disable-component-update", "--no-first-run"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    driver.set_page_load_timeout(30)
    problems = []
    os.makedirs(shots, exist_ok=True)
    for old in os.listdir(shots):  # a screenshot per page of this build, none of an earlier one
        if old.endswith(".png"):
            os.remove(os.path.join(shots, old))
    try:
        for rel in pages(out):
            driver.get(base + rel)
            broken = driver.execute_async_script(
                "const done = arguments[arguments.length - 1];"
                "Promise.all(Array.from(document.images).map(i => i.complete ? null : new Promise(r => { i.onload = i.onerror = r; })))"
                ".then(() => done(Array.from(document.images).filter(i => i.naturalWidth === 0).map(i => i.getAttribute('src'))));")
            problems += [f"{rel}: image {src} does not load (naturalWidth 0)" for src in broken]
            if not driver.title.strip():
                problems.append(f"{rel}: the page has no title")
            for entry in driver.get_log("browser"):
                if entry["level"] == "SEVERE":
                    problems.append(f"{rel}: console error: {entry['message']}")
            driver.save_screenshot(os.path.join(shots, rel.replace(os.sep, "_").replace(".html", ".png")))
    finally:
        driver.quit()
        server.shutdown()
        server.server_close()
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=os.path.join(ROOT, "out", "site"), help="where the site is built")
    ap.add_argument("--shots", default=os.path.join(ROOT, "out", "site-screenshots"), help="where the screenshots go")
    ap.add_argument("--config", default=os.path.join(ROOT, "site", "mkdocs.yml"), help="the mkdocs.yml to build")
    a = ap.parse_args()
    problems = build(a.out, a.config)
    if not problems:
        problems = check_links(a.out) + check_browser(a.out, a.shots)
    for p in problems:
        print(p)
    n = len(pages(a.out)) if os.path.isdir(a.out) else 0
    print(f"site: {n} pages, {len(problems)} problem(s); screenshots in {a.shots}", file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
