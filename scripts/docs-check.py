#!/usr/bin/python3
"""Docs that stay true: fails (exit 1, naming each problem) when

  1. a relative link or #anchor in README.md or docs/*.md does not resolve (a file or folder that is
     not there, a heading that is not in the page; anchors as GitHub makes them);
  2. a command in a README code block names a script or file, a Maven profile (-P) or a property
     (-D, or an environment variable such as HELLO_SLEEP_MAX) that does not exist; and a setting's
     environment variable the README names that maps to no setting;
  3. docs/configuration.md lists a setting that application.properties or HelloConfig does not have,
     or misses one that they have.

    /usr/bin/python3 scripts/docs-check.py [ROOT]
"""
import pathlib
import re
import sys
import xml.etree.ElementTree as ET

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent)
problems = []


def problem(text):
    problems.append(text)


def pages():
    return [ROOT / "README.md"] + sorted((ROOT / "docs").glob("*.md"))


def without_code(text):
    """The text with fenced code blocks blanked (links and headings inside code are not links)."""
    return re.sub(r"^```.*?^```", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S | re.M)


# ------------------------------------------------------------------ 1. links and anchors
def slug(heading):
    """GitHub's anchor for a heading: lower case, markup and punctuation dropped, spaces to hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)   # a link's text only
    text = text.strip().lower().replace("`", "")
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(page):
    seen, out = {}, set()
    for line in without_code(page.read_text()).splitlines():
        m = re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if m:
            base = slug(m.group(1))
            n = seen.get(base, 0)
            seen[base] = n + 1
            out.add(base if n == 0 else "%s-%d" % (base, n))
    return out


LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def check_links():
    for page in pages():
        text = without_code(page.read_text())
        text = re.sub(r"`[^`\n]*`", "", text)   # inline code is not a link either
        for target in LINK.findall(text):
            if re.match(r"[a-z][a-z0-9+.-]*:", target):   # http:, https:, mailto:
                continue
            path, _, anchor = target.partition("#")
            dest = (page.parent / path).resolve() if path else page
            where = "%s: link %s" % (page.relative_to(ROOT), target)
            if not dest.exists():
                problem("%s: no such file or folder" % where)
                continue
            if anchor:
                if dest.suffix != ".md" or dest.is_dir():
                    problem("%s: an anchor into something that is not a page" % where)
                elif anchor not in anchors(dest):
                    problem("%s: no heading #%s in %s" % (where, anchor, dest.relative_to(ROOT)))


# ------------------------------------------------------------------ 3. configuration.md
def kebab(name):
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"-\1", name).lower()


def hello_config_keys():
    """hello.<group>.<setting> from HelloConfig: each group method names a nested interface."""
    source = (ROOT / "src/main/java/dev/helloasync/HelloConfig.java").read_text()
    source = re.sub(r"/\*.*?\*/|//[^\n]*", "", source, flags=re.S)
    prefix = re.search(r'@ConfigMapping\(prefix\s*=\s*"([^"]+)"\)', source).group(1)
    interfaces = {m.group(1): m.start() for m in re.finditer(r"interface\s+(\w+)\s*\{", source)}
    keys = set()
    top = source[source.index("{") + 1:]
    for m in re.finditer(r"^\s{4}(\w+)\s+(\w+)\(\);", top, re.M):
        group_type, group = m.group(1), m.group(2)
        if group_type not in interfaces:
            keys.add("%s.%s" % (prefix, kebab(group)))
            continue
        body = source[interfaces[group_type]:]
        body = body[body.index("{") + 1:]
        depth, end = 1, 0
        for end, ch in enumerate(body):
            depth += {"{": 1, "}": -1}.get(ch, 0)
            if depth == 0:
                break
        for setting in re.findall(r"\w[\w<>, ]*\s+(\w+)\(\);", body[:end]):
            keys.add("%s.%s.%s" % (prefix, kebab(group), kebab(setting)))
    return keys


def properties_keys():
    keys = set()
    for line in (ROOT / "src/main/resources/application.properties").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "!")) or "=" not in line:
            continue
        key = line.split("=", 1)[0].strip()
        keys.add(re.sub(r"^%[\w,-]+\.", "", key))
    return keys


def documented_keys():
    keys = set()
    for line in (ROOT / "docs/configuration.md").read_text().splitlines():
        if line.startswith("| `"):
            first = line.split(" | ")[0]
            keys.update(k for k in re.findall(r"`([^`]+)`", first) if re.match(r"(hello|quarkus)\.", k))
    return keys


def check_configuration():
    actual = properties_keys() | hello_config_keys()
    documented = documented_keys()
    for key in sorted(documented - actual):
        problem("docs/configuration.md: %s is in neither application.properties nor HelloConfig" % key)
    for key in sorted(actual - documented):
        problem("docs/configuration.md: misses %s (in application.properties or HelloConfig)" % key)
    return actual


# ------------------------------------------------------------------ 2. README commands
def env_name(key):
    return re.sub(r"[^A-Za-z0-9]", "_", key).upper()


def pom():
    tree = ET.parse(ROOT / "pom.xml")
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    profiles = {p.text for p in tree.getroot().findall("m:profiles/m:profile/m:id", ns)}
    props = set()
    for block in tree.getroot().iter("{http://maven.apache.org/POM/4.0.0}properties"):
        props.update(child.tag.split("}")[1] for child in block)
    return profiles, props


# Plugin and Quarkus build properties the README's commands pass, documented where they are used.
BUILD_PROPERTIES = {"skipTests", "native", "container.runtime", "jib.docker.executable"}


def check_readme_commands(settings):
    readme = (ROOT / "README.md").read_text()
    profiles, pom_props = pom()
    envs = {env_name(k): k for k in settings}
    blocks = re.findall(r"^```(?:sh|bash|shell)?\n(.*?)^```", readme, flags=re.S | re.M)
    for block in blocks:
        for line in block.splitlines():
            command = line.split("#", 1)[0] if not line.lstrip().startswith("#") else line.lstrip()[1:]
            files = re.findall(r"(?<![\w/.-])((?:\./)?(?:scripts|bench|k8s|src|docs|\.ci)/[\w./-]*)", command)
            files += re.findall(r"(?<![\w/.:-])((?:\./)?[\w.-]+(?:/[\w.-]+)*\.(?:sh|py|java|yaml|yml|properties|md|xml))(?![\w/])", command)
            files += re.findall(r"kubectl\s+(?:kustomize|apply\s+-k)\s+([^\s;&|]+)", command)
            for token in files:
                token = token.rstrip(".,:;")
                if not (ROOT / token).exists():
                    problem("README.md: a command names %s, which does not exist" % token)
            for group in re.findall(r"(?<![\w-])-P([\w,.-]+)", command):
                for profile in group.split(","):
                    if profile not in profiles:
                        problem("README.md: a command names the Maven profile %s, which pom.xml does not have" % profile)
            for key in re.findall(r"(?<![\w-])-D([\w.\"-]+?)(?:=|\s|$)", command):
                key = key.strip('"')
                if key not in settings and key not in pom_props and key not in BUILD_PROPERTIES:
                    problem("README.md: a command sets the property %s, which is not a setting (docs/configuration.md) or a pom property" % key)
            for name in re.findall(r"(?<![\w-])((?:HELLO|QUARKUS)_[A-Z0-9_]+)=", command):
                if name not in envs:
                    problem("README.md: a command sets %s, which is no setting's environment variable" % name)
    for name in re.findall(r"`((?:HELLO|QUARKUS)_[A-Z0-9_]+)`", readme):
        if name not in envs:
            problem("README.md: %s is no setting's environment variable (docs/configuration.md)" % name)


def main():
    check_links()
    settings = check_configuration()
    check_readme_commands(settings)
    for text in problems:
        print("docs-check FAILED: " + text, file=sys.stderr)
    if problems:
        sys.exit(1)
    print("docs-check: %d pages, links and anchors resolve; README commands name what exists; "
          "docs/configuration.md lists the %d settings" % (len(pages()), len(settings)))


if __name__ == "__main__":
    main()
