"""What the translation checks look for: text left out of the catalogs, and catalogs out of date.

Every page and e-mail is in Romanian, English and Hungarian (docs/translations.md). Three kinds of slip would
leave Romanian on an English or Hungarian page, and each has a check here:
- template text not marked for translation (`untranslated_template_text`);
- Python strings shown to people (messages, labels, choices, errors) not marked (`unmarked_python_strings`);
- marked strings missing from a catalog, or without a translation (`catalog_problems`).
Text that stays Romanian by design (a legal record, a regular expression for Romanian words) is marked with a
comment holding `i18n: ro`, on its line or, for a whole module, in the module's first lines.
"""

import ast
import re
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import polib
from django.template.base import Lexer, TokenType

ROOT = Path(__file__).resolve().parents[2]
PRIMARIA = ROOT / "primaria"
LANGUAGES = ("en", "hu")
MARKER = "i18n: ro"
SKIPPED_FOLDERS = {"__pycache__", "demo", "locale", "migrations", "static"}

# Words that read the same in every language: names, abbreviations, units and formats.
SAME_IN_EVERY_LANGUAGE = {
    "pdf", "cnp", "cui", "iban", "api", "roeid", "e-mail", "geojson", "json", "csv", "sms", "ok", "totp", "pades",
    "bpmn", "atom", "rss", "qr", "netopia", "ghișeul.ro", "ghiseul.ro", "kb", "mb", "gb", "lei", "ron", "url",
    "https", "http", "www", "xml", "html", "id", "oidc", "webauthn", "ocr", "svg", "png", "jpeg", "jpg", "tiff",
    "primăria", "digitală", "english", "magyar", "română", "openapi", "swagger", "redoc", "xades", "cades",
    "crl", "ocsp", "tsa", "utc", "eet", "eest", "nbsp", "amp", "hh", "mm", "yyyy", "zz", "ll", "aaaa",
}
TRANSLATABLE_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder", "aria-description", "aria-roledescription",
                           "aria-valuetext", "summary", "label", "data-confirm", "data-message"}
BUTTON_INPUTS = {"submit", "button", "reset"}
GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy", "npgettext",
           "npgettext_lazy", "gettext_noop", "format_lazy"}
LOGGING = {"debug", "info", "warning", "error", "exception", "critical", "log"}
WORD = re.compile(r"[^\W\d_][^\W\d_.\-']*(?:[.\-'][^\W\d_]+)*\.?", re.UNICODE)
DIACRITIC = re.compile(r"[ăâîșțşţĂÂÎȘȚŞŢ]")
ROMANIAN_WORD = re.compile(
    r"(?:^|\s)(?:pentru|este|sunt|sau|nu|din|care|cu|pe|la|de|vă|și|al|ale|unei|unui|dacă|după|până|vor|fost|"
    r"cererea|cererii|cererile|documentul|solicitantul|data|ziua)(?=\s|$|[.,:;!?])", re.IGNORECASE)
LITERAL = re.compile(r"""(_\()?("[^"]*"|'[^']*')""")
PLACEHOLDER = "\x00"
ATTRIBUTE = re.compile(r'(?:^|\s)[a-z][\w:.-]*="[^"]*"')


def folders() -> list[str]:
    """The folders with a catalog of their own: every app under primaria/ and the shared templates."""
    return sorted(p.name for p in PRIMARIA.iterdir() if p.is_dir() and p.name not in SKIPPED_FOLDERS)


def _sources(folder: Path, suffixes):
    for path in sorted(folder.rglob("*")):
        parts = set(path.relative_to(folder).parts[:-1])
        if path.suffix in suffixes and not parts & {"migrations", "locale", "__pycache__", "static"}:
            yield path


def _has_words(text: str) -> bool:
    words = [w for w in WORD.findall(text.replace(PLACEHOLDER, " ")) if len(w.strip(".")) >= 2]
    return any(w.lower().strip(".") not in SAME_IN_EVERY_LANGUAGE for w in words)


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        attributes = dict(attrs)
        for name, value in attrs:
            if value and (name in TRANSLATABLE_ATTRIBUTES or (
                    name == "value" and tag in ("input", "button")
                    and (attributes.get("type") or "").lower() in BUTTON_INPUTS)):
                if _has_words(value):
                    self.found.append(f'{name}="{value}"')

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        # A template that starts inside a tag (an include writing attributes) reads as data: drop the attributes.
        data = ATTRIBUTE.sub(" ", data)
        if not self._skip and _has_words(data):
            self.found.append(" ".join(data.replace(PLACEHOLDER, "…").split()))


def untranslated_template_text(path: Path) -> list[str]:
    """Text of a template that a reader would see and that is outside {% translate %} and {% blocktranslate %}."""
    source = path.read_text(encoding="utf-8")
    stitched, problems, inside = [], [], None
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents.split() else ""
            if inside:
                if name == f"end{inside}":
                    inside = None
                stitched.append(PLACEHOLDER)
                continue
            if name in ("blocktranslate", "blocktrans", "comment", "verbatim"):
                inside = name
        if inside and token.token_type != TokenType.BLOCK:
            stitched.append(PLACEHOLDER)
            continue
        if token.token_type == TokenType.TEXT:
            stitched.append(token.contents)
            continue
        stitched.append(PLACEHOLDER)
        if token.token_type in (TokenType.VAR, TokenType.BLOCK):
            problems += _literals(token.contents, token.lineno)
    text = "".join(stitched)
    if path.suffix == ".txt":
        if _has_words(text):
            problems.append(" ".join(text.replace(PLACEHOLDER, "…").split())[:120])
        return problems
    collector = _TextCollector()
    collector.feed(text)
    collector.close()
    return problems + collector.found


def _literals(contents: str, line: int) -> list[str]:
    """String literals inside a tag or variable that read as words: they need _("…")."""
    found = []
    if contents.split()[:1] in (["translate"], ["trans"], ["blocktranslate"], ["blocktrans"]):
        return found  # the text being translated, and its context
    for match in LITERAL.finditer(contents):
        wrapped, literal = match.group(1), match.group(2)[1:-1]
        before = contents[:match.start()].rstrip()
        if wrapped or before.endswith(("date:", "time:", "url", "include", "extends", "static", "load")):
            continue
        if DIACRITIC.search(literal) or re.match(r"[A-ZĂÂÎȘȚ][a-zăâîșț]+\s+\w", literal):
            if _has_words(literal):
                found.append(f"line {line}: {literal!r} (write _(\"…\"))")
    return found


def unmarked_python_strings(path: Path) -> list[str]:
    """Romanian strings in Python that are neither marked for translation nor marked as Romanian by design."""
    source = path.read_text(encoding="utf-8")
    if MARKER in "\n".join(source.splitlines()[:8]):
        return []
    lines = source.splitlines()
    tree = ast.parse(source)
    parents, docstrings = {}, set()
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(first.value)
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or node in docstrings:
            continue
        value = node.value
        if not (DIACRITIC.search(value) or (" " in value.strip() and ROMANIAN_WORD.search(value))):
            continue
        if any(MARKER in lines[n - 1] for n in range(node.lineno, (node.end_lineno or node.lineno) + 1)):
            continue
        if _marked_or_logged(node, parents, lines):
            continue
        found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {value.strip()[:80]!r}")
    return found


def _marked_or_logged(node, parents, lines) -> bool:
    current = parents.get(node)
    while current is not None:
        if isinstance(current, ast.Call):
            func = current.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in GETTEXT:
                return True
            if isinstance(func, ast.Attribute) and name in LOGGING and "log" in ast.unparse(func.value).lower():
                return True
        if isinstance(current, ast.stmt):
            # A statement spanning several lines may carry the marker on its first or last line.
            span = range(current.lineno, (current.end_lineno or current.lineno) + 1)
            if any(MARKER in lines[n - 1] for n in (span[0], span[-1])):
                return True
            if isinstance(current, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
                return False
        current = parents.get(current)
    return False


def template_problems(folder: str) -> list[str]:
    base = PRIMARIA / folder
    problems = []
    for path in _sources(base, {".html", ".txt"}):
        if "templates" not in path.relative_to(base).parts and folder != "templates":
            continue
        problems += [f"{path.relative_to(ROOT)}: {text}" for text in untranslated_template_text(path)]
    return problems


def python_problems(folder: str) -> list[str]:
    base = PRIMARIA / folder
    problems = []
    for path in _sources(base, {".py"}):
        if "management" in path.relative_to(base).parts:
            continue  # commands speak to the installation's IT admin, at a console
        problems += unmarked_python_strings(path)
    return problems


def _extract(folder: Path, domain: str) -> dict:
    """What makemessages finds in the folder today, from a copy (the checked-in catalogs are left alone)."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / folder.name
        shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("locale", "__pycache__", "migrations"))
        (copy / "locale").mkdir()
        # django-admin rather than `python -m django`: the folder must not shadow the standard library
        # (an app's selectors.py would stand for Python's selectors module).
        command = [str(Path(sys.executable).parent / "django-admin"), "makemessages", "-l", "en", "-d", domain, "--no-wrap", "-v0"]
        command += ["-e", "html,txt,py"] if domain == "django" else ["-i", "*.min.js"]
        env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
        subprocess.run(command, cwd=copy, env=env, check=True, capture_output=True, timeout=300)
        po = copy / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
        return {_key(e): e for e in polib.pofile(str(po))} if po.exists() else {}


def _key(entry) -> tuple:
    return entry.msgctxt or "", entry.msgid, entry.msgid_plural or ""


def catalog_problems(folder: str) -> list[str]:
    """Every marked string is in the English and Hungarian catalogs, translated, not fuzzy, and well formed."""
    base = PRIMARIA / folder
    problems = []
    domains = ["django"]
    if any(p for p in base.rglob("static/**/*.js") if not p.name.endswith(".min.js")):
        domains.append("djangojs")
    for domain in domains:
        found = _extract(base, domain)
        for language in LANGUAGES:
            po_path = base / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
            if not po_path.exists():
                if found:
                    problems.append(f"{po_path.relative_to(ROOT)} is missing ({len(found)} strings to translate): "
                                    f"scripts/messages.sh {folder}")
                continue
            catalog = polib.pofile(str(po_path))
            entries = {_key(e): e for e in catalog if not e.obsolete}
            for key in found.keys() - entries.keys():
                problems.append(f"{po_path.relative_to(ROOT)}: not in the catalog: {key[1][:80]!r}")
            for key in entries.keys() - found.keys():
                problems.append(f"{po_path.relative_to(ROOT)}: no longer used: {key[1][:80]!r}")
            for entry in entries.values():
                translated = all(entry.msgstr_plural.values()) if entry.msgid_plural else bool(entry.msgstr)
                if not translated:
                    problems.append(f"{po_path.relative_to(ROOT)}: not translated: {entry.msgid[:80]!r}")
                elif "fuzzy" in entry.flags:
                    problems.append(f"{po_path.relative_to(ROOT)}: fuzzy: {entry.msgid[:80]!r}")
            checked = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po_path)], capture_output=True,
                                     text=True)
            if checked.returncode:
                problems.append(f"{po_path.relative_to(ROOT)}: msgfmt --check: {checked.stderr.strip()[:400]}")
    return problems
