#!/usr/bin/env python3
"""Convert Brug's bilingual pairs to Django gettext and keep the catalogues in step.

    python tools/i18n_codemod.py            # convert, update the catalogues, compile
    python tools/i18n_codemod.py --check    # exit 1 when anything is left to convert

`make i18n-convert` runs it. It is idempotent: already converted code is left alone, and
it can run again on a tree into which branches written with pairs were merged.

What it converts (under src/brug, tests and migrations excluded):

* Python `t("Nederlands", "English", **params)` -> `gettext_lazy("English", **params)`
  (`brug.core.i18n`, a lazy bilingual message); the Dutch text becomes the msgstr.
* Calls of the pair wrappers in PAIR_WRAPPERS, `_fail("nl", "en", code=...)` ->
  `_fail(gettext_lazy("en"), code=...)`.
* Static two-language labels "Nederlands / English" in places that are labels: the label of
  a choice (`X = "key", "Ontwerp / Draft"`, `("key", "ja / yes")`), `label=`,
  `verbose_name=`, `help_text=` and `title=` arguments, class-level `verbose_name`, and the
  text argument of the calls in LABEL_CALLS.
* `Text` annotations imported from brug.core.i18n -> `Message`.
* Templates: `{% t "nl" "en" %}` -> `{% translate "en" %}` (also `... as var`),
  `{% t x.nl x.en %}` -> `{{ x }}`, the `|lang` filter is dropped, `{% load i18n %}` added.

One English text with two Dutch translations: the most used Dutch one (or the one already in
the catalogue) stays without context; the others get `pgettext_lazy` / `{% translate ...
context ... %}` with the Dutch wording as the context, so both keep their own translation.

Afterwards the new messages are added to locale/nl/LC_MESSAGES/django.po (existing
translations are never overwritten), `makemessages` refreshes nl and en and `compilemessages`
compiles them. What it cannot convert (a pair built from variables, f-strings) is listed:
convert it by hand.
"""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "brug"
LOCALE = SRC / "locale"
NL_PO = LOCALE / "nl" / "LC_MESSAGES" / "django.po"
I18N_MODULE = "brug.core.i18n"

PAIR_FUNCS = {"t"}
PAIR_WRAPPERS = {"_fail", "_bulk_refuse", "_label", "_stale", "refuse"}
LABEL_KEYWORDS = {"label", "verbose_name", "verbose_name_plural", "help_text", "title"}
LABEL_CALLS = {"_date_field", "success", "error", "info", "warning", "progress", "_scaled"}
GETTEXT_CALLS = {"gettext_lazy", "pgettext_lazy", "ngettext_lazy", "npgettext_lazy"}
STATIC = re.compile(r"^(?P<pre>[–-] )?(?P<nl>[^/]+?) / (?P<en>[^/]+?)(?P<post> [–-])?$")

Q = r'"[^"\n]*"|\'[^\'\n]*\''
TAG = re.compile(
    r"\{%\s*t\s+(?P<nl>" + Q + r")\s+(?P<en>" + Q + r")(?:\s+as\s+(?P<var>\w+))?\s*%\}"
)
VAR_TAG = re.compile(r"\{%\s*t\s+(?P<a>[\w.]+)\.nl\s+(?P<b>[\w.]+)\.en\s*%\}")
LANG_FILTER = re.compile(r"\|lang\b")
LOAD = re.compile(r"\{%\s*load\s+([^%]*?)\s*%\}")
EXTENDS = re.compile(r"\{%\s*extends\s[^%]*%\}")
ANY_PAIR_TAG = re.compile(r"\{%\s*t\s")


@dataclass(frozen=True)
class Pair:
    nl: str
    en: str
    template: bool = False  # template strings have "%" doubled in the catalogue

    @property
    def msgid(self) -> str:
        return self.en.replace("%", "%%") if self.template else self.en

    @property
    def msgstr(self) -> str:
        return self.nl.replace("%", "%%") if self.template else self.nl


@dataclass
class Catalogue:
    """The nl catalogue as msgid -> {context: msgstr}."""

    entries: dict[str, dict[str | None, str]] = field(default_factory=lambda: defaultdict(dict))

    @classmethod
    def load(cls) -> Catalogue:
        cat = cls()
        if NL_PO.exists():
            import polib

            for e in polib.pofile(str(NL_PO)):
                if not e.obsolete and e.msgstr:
                    cat.entries[e.msgid][e.msgctxt] = e.msgstr
        return cat


def decide(pairs: Counter[Pair], catalogue: Catalogue) -> dict[Pair, str | None]:
    """The context for every pair: None for the plain message, else a context string."""
    by_msgid: dict[str, Counter[Pair]] = defaultdict(Counter)
    for pair, n in pairs.items():
        by_msgid[pair.msgid][pair] += n
    decisions: dict[Pair, str | None] = {}
    for msgid, variants in by_msgid.items():
        known = catalogue.entries.get(msgid, {})
        plain_taken = None in known
        for pair, _n in sorted(variants.items(), key=lambda kv: (-kv[1], kv[0].nl)):
            same = [ctx for ctx, msgstr in known.items() if msgstr == pair.msgstr]
            if same:
                decisions[pair] = None if None in same else sorted(c for c in same if c)[0]
            elif not plain_taken:
                decisions[pair] = None
                plain_taken = True
                known = {**known, None: pair.msgstr}
            else:
                decisions[pair] = pair.nl
    return decisions


# --- Python ------------------------------------------------------------------------------


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


class Source:
    def __init__(self, text: str) -> None:
        self.text = text
        self.data = text.encode()
        self.starts = [0]
        for line in self.data.splitlines(keepends=True):
            self.starts.append(self.starts[-1] + len(line))

    def span(self, node: ast.AST) -> tuple[int, int]:
        start = self.starts[node.lineno - 1] + node.col_offset  # type: ignore[attr-defined]
        end = self.starts[node.end_lineno - 1] + node.end_col_offset  # type: ignore[attr-defined]
        return start, end

    def segment(self, node: ast.AST) -> str:
        start, end = self.span(node)
        return self.data[start:end].decode()


def _str_const(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _call_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def _static_pair(text: str) -> Pair | None:
    m = STATIC.match(text)
    if not m or m["nl"].strip() == m["en"].strip():
        return None
    pre, post = m["pre"] or "", m["post"] or ""
    return Pair(nl=pre + m["nl"] + post, en=pre + m["en"] + post)


def _in_gettext_call(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    parent = parents.get(node)
    return isinstance(parent, ast.Call) and _call_name(parent) in GETTEXT_CALLS


@dataclass
class Edit:
    start: int
    end: int
    pair: Pair
    kind: str  # "call", "wrapper", "static"
    node: ast.AST


def python_edits(src: Source, tree: ast.AST) -> Iterator[Edit]:
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _call_name(node)
            if name in PAIR_FUNCS | PAIR_WRAPPERS and len(node.args) >= 2:
                nl, en = _str_const(node.args[0]), _str_const(node.args[1])
                if nl is None or en is None:
                    continue
                if name in PAIR_FUNCS and isinstance(node.func, ast.Name):
                    yield Edit(*src.span(node), Pair(nl, en), "call", node)
                elif name in PAIR_WRAPPERS:
                    start = src.span(node.args[0])[0]
                    end = src.span(node.args[1])[1]
                    yield Edit(start, end, Pair(nl, en), "wrapper", node)
        text = _str_const(node)
        if text is None or " / " not in text or _in_gettext_call(node, parents):
            continue
        pair = _static_pair(text)
        if pair and _is_label_position(node, parents):
            yield Edit(*src.span(node), pair, "static", node)


def _is_label_position(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    parent = parents.get(node)
    if isinstance(parent, ast.Tuple) and len(parent.elts) == 2 and parent.elts[1] is node:
        return _str_const(parent.elts[0]) is not None  # a choice: ("key", "Label / Label")
    if isinstance(parent, ast.keyword):
        return parent.arg in LABEL_KEYWORDS
    if isinstance(parent, ast.Assign) and isinstance(parents.get(parent), ast.ClassDef):
        targets = [t.id for t in parent.targets if isinstance(t, ast.Name)]
        return targets == ["verbose_name"] or targets == ["verbose_name_plural"]
    if isinstance(parent, ast.Call) and node in parent.args:
        return _call_name(parent) in LABEL_CALLS
    return False


def _outermost(edits: list[Edit]) -> list[Edit]:
    """Edits not containing another edit (inner ones first; the loop converts the rest)."""
    keep = []
    for e in edits:
        if not any(o is not e and e.start <= o.start and o.end <= e.end for o in edits):
            keep.append(e)
    return keep


def convert_python(text: str, decisions: dict[Pair, str | None] | None) -> tuple[str, list[Pair]]:
    """Return the converted text (unchanged when decisions is None) and the pairs found."""
    found: list[Pair] = []
    for _round in range(50):
        src = Source(text)
        tree = ast.parse(text)
        edits = list(python_edits(src, tree))
        if decisions is None:
            return text, [e.pair for e in edits]
        edits = _outermost(edits)
        if not edits:
            break
        data = src.data
        for e in sorted(edits, key=lambda e: -e.start):
            found.append(e.pair)
            ctx = decisions.get(e.pair)
            fn = "gettext_lazy" if ctx is None else "pgettext_lazy"
            head = "" if ctx is None else _literal(ctx) + ", "
            if e.kind == "static":
                new = f"{fn}({head}{_literal(e.pair.en)})"
            elif e.kind == "wrapper":
                assert isinstance(e.node, ast.Call)
                new = f"{fn}({head}{src.segment(e.node.args[1])})"
            else:
                assert isinstance(e.node, ast.Call)
                rest = [src.segment(a) for a in e.node.args[2:]]
                rest += [src.segment(k) for k in e.node.keywords]
                new = f"{fn}({head}{', '.join([src.segment(e.node.args[1]), *rest])})"
            data = data[: e.start] + new.encode() + data[e.end :]
        text = data.decode()
    legacy = re.search(r"from brug\.core\.i18n import [^\n]*\bText\b", text)
    return (_fix_imports(text) if found or legacy else text), found


def _fix_imports(text: str) -> str:
    tree = ast.parse(text)
    src = Source(text)
    used = {
        n.func.id
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in GETTEXT_CALLS
    }
    names_loaded = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    imports = [
        n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module == I18N_MODULE
    ]
    other_gettext = {
        a.asname or a.name
        for n in ast.walk(tree)
        if isinstance(n, ast.ImportFrom) and n.module != I18N_MODULE
        for a in n.names
    }
    used -= other_gettext
    text_names = any(a.name == "Text" for n in imports for a in n.names)
    edits: list[tuple[int, int, str]] = []
    if text_names:
        for n in ast.walk(tree):
            if isinstance(n, ast.Name) and n.id == "Text":
                edits.append((*src.span(n), "Message"))
    if imports:
        first = imports[0]
        names: list[str] = []
        for imp in imports:
            for a in imp.names:
                name = "Message" if a.name == "Text" else a.name
                if name == "t" and "t" not in names_loaded:
                    continue
                names.append(name if a.asname is None else f"{name} as {a.asname}")
        names += sorted(used - {n.split(" as ")[0] for n in names})
        names = sorted(dict.fromkeys(names))
        line = f"from {I18N_MODULE} import {', '.join(names)}" if names else ""
        for imp in imports[1:]:
            edits.append((*src.span(imp), ""))
        edits.append((*src.span(first), line))
    elif used:
        module = tree.body if isinstance(tree, ast.Module) else []
        last = [n for n in module if isinstance(n, ast.Import | ast.ImportFrom)]
        line = f"\nfrom {I18N_MODULE} import {', '.join(sorted(used))}"
        if last:
            end = src.span(last[-1])[1]
            edits.append((end, end, line))
        else:
            edits.append((0, 0, line.lstrip() + "\n"))
    data = src.data
    for start, end, new in sorted(edits, key=lambda e: -e[0]):
        data = data[:start] + new.encode() + data[end:]
    return data.decode()


# --- Templates ---------------------------------------------------------------------------


def _unquote(token: str) -> str:
    return token[1:-1]


def template_pairs(text: str) -> list[Pair]:
    return [Pair(_unquote(m["nl"]), _unquote(m["en"]), template=True) for m in TAG.finditer(text)]


def convert_template(text: str, decisions: dict[Pair, str | None]) -> str:
    def tag(m: re.Match[str]) -> str:
        pair = Pair(_unquote(m["nl"]), _unquote(m["en"]), template=True)
        ctx = decisions.get(pair)
        out = "{% translate " + m["en"]
        if ctx is not None:
            out += " context " + _literal(ctx)
        if m["var"]:
            out += " as " + m["var"]
        return out + " %}"

    new = TAG.sub(tag, text)
    new = VAR_TAG.sub(lambda m: "{{ " + m["a"] + " }}" if m["a"] == m["b"] else m[0], new)
    new = LANG_FILTER.sub("", new)
    if new != text and re.search(r"\{%\s*(translate|blocktranslate)\s", new):
        new = _load_i18n(new)
    return new


def _load_i18n(text: str) -> str:
    for m in LOAD.finditer(text):
        if "i18n" in m[1].split() and " from " not in m[1]:
            return text
    m = next((m for m in LOAD.finditer(text) if " from " not in m[1]), None)
    if m:
        return text[: m.start()] + "{% load " + m[1] + " i18n %}" + text[m.end() :]
    ext = EXTENDS.search(text)
    if ext:
        return text[: ext.end()] + "\n{% load i18n %}" + text[ext.end() :]
    return "{% load i18n %}\n" + text


# --- Driver ------------------------------------------------------------------------------


def _files() -> tuple[list[Path], list[Path]]:
    def keep(p: Path) -> bool:
        parts = set(p.relative_to(SRC).parts)
        return not parts & {"tests", "migrations", "node_modules", "vendor", "locale"}

    py = sorted(p for p in SRC.rglob("*.py") if keep(p))
    html = sorted(p for ext in ("*.html", "*.txt", "*.xml") for p in SRC.rglob(ext) if keep(p))
    return py, html


def leftovers() -> list[str]:
    """Pairs the codemod cannot convert: variables, f-strings, Text(...)."""
    py, html = _files()
    out = []
    for p in py:
        text = p.read_text()
        tree = ast.parse(text)
        for n in ast.walk(tree):
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name):
                if n.func.id in PAIR_FUNCS and p != SRC / "core" / "i18n.py":
                    out.append(f"{p.relative_to(ROOT)}:{n.lineno}: t(...) with non-literal text")
                pair_kw = {k.arg for k in n.keywords} >= {"nl", "en"} or len(n.args) == 2
                if n.func.id in {"Text", "Message"} and pair_kw and p != SRC / "core" / "i18n.py":
                    out.append(f"{p.relative_to(ROOT)}:{n.lineno}: Text(...) built by hand")
    for p in html:
        for i, line in enumerate(p.read_text().splitlines(), 1):
            if ANY_PAIR_TAG.search(line):
                out.append(f"{p.relative_to(ROOT)}:{i}: {{% t %}} with variables")
    return out


def _update_catalogue(pairs: Counter[Pair], decisions: dict[Pair, str | None]) -> int:
    import polib

    NL_PO.parent.mkdir(parents=True, exist_ok=True)
    if NL_PO.exists():
        po = polib.pofile(str(NL_PO), wrapwidth=100)
    else:
        po = polib.POFile(wrapwidth=100)
        po.metadata = {
            "Project-Id-Version": "brug",
            "Language": "nl",
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "Plural-Forms": "nplurals=2; plural=(n != 1);",
        }
    added = 0
    for pair in sorted(pairs, key=lambda p: (p.msgid, p.nl)):
        ctx = decisions.get(pair)
        entry = po.find(pair.msgid, msgctxt=ctx)
        if entry is not None:
            if not entry.msgstr:
                entry.msgstr = pair.msgstr
                added += 1
            if "fuzzy" in entry.flags and entry.msgstr == pair.msgstr:
                entry.flags.remove("fuzzy")
            continue
        po.append(polib.POEntry(msgctxt=ctx, msgid=pair.msgid, msgstr=pair.msgstr))
        added += 1
    po.save(str(NL_PO))
    return added


def refresh_catalogues(*, compile_: bool = True) -> None:
    """makemessages for nl and en, then compilemessages (needs GNU gettext)."""
    brug = [sys.executable, "-m", "brug"]
    args = ["makemessages", "-l", "nl", "-l", "en", "--no-obsolete", "--add-location=file"]
    args += ["--ignore=*/tests/*", "--ignore=*/migrations/*", "--ignore=core/testing/*", "-v0"]
    before = {p: p.read_text() for p in LOCALE.glob("*/LC_MESSAGES/django.po")}
    subprocess.run([*brug, *args], cwd=SRC, check=True)
    for p, old in before.items():
        # Only the creation date changed: keep the file as it was (re-runs change nothing).
        if _without_date(p.read_text()) == _without_date(old):
            p.write_text(old)
    if compile_:
        subprocess.run([*brug, "compilemessages", "-v0"], cwd=SRC, check=True)


def _without_date(text: str) -> str:
    return re.sub(r'"POT-Creation-Date: [^"]*"', "", text)


def _test_files() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "tests" in p.relative_to(SRC).parts)


TEST_ATTR = re.compile(r"\.(text|label|title|message|definition)\.(nl|en)\b(?![_(])")


def convert_test(text: str) -> str:
    """Tests build bilingual texts of their own (not in the catalogue): `t(nl, en)` becomes
    `by_language({"nl": nl, "en": en})`, `exc.text.nl` becomes `exc.text.resolve("nl")`."""
    new = TEST_ATTR.sub(lambda m: f'.{m[1]}.resolve("{m[2]}")', text)
    tree = ast.parse(new)
    src = Source(new)
    edits = []
    for n in ast.walk(tree):
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "t":
            if len(n.args) < 2:
                continue
            nl, en = (src.segment(a) for a in n.args[:2])
            out = f'by_language({{"nl": {nl}, "en": {en}}})'
            if n.keywords:
                out += ".format(" + ", ".join(src.segment(k) for k in n.keywords) + ")"
            edits.append((*src.span(n), out))
    data = src.data
    for start, end, out in sorted(edits, key=lambda e: -e[0]):
        data = data[:start] + out.encode() + data[end:]
    new = data.decode()
    if edits:
        new = re.sub(
            r"from brug\.core\.i18n import ([^\n]*)",
            lambda m: (
                "from brug.core.i18n import "
                + ", ".join(
                    sorted(
                        {*(x.strip() for x in m[1].split(",") if x.strip() != "t"), "by_language"}
                    )
                )
            ),
            new,
            count=1,
        )
    return new


def count_pairs() -> int:
    py, html = _files()
    n = sum(len(convert_python(p.read_text(), None)[1]) for p in py)
    return n + sum(len(template_pairs(p.read_text())) for p in html)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report what is left")
    parser.add_argument("--no-messages", action="store_true", help="skip makemessages")
    options = parser.parse_args(argv)

    py, html = _files()
    pairs: Counter[Pair] = Counter()
    for p in py:
        pairs.update(convert_python(p.read_text(), None)[1])
    for p in html:
        pairs.update(template_pairs(p.read_text()))
    if options.check:
        left = leftovers()
        for line in left:
            print(line)
        print(f"{sum(pairs.values())} pairs to convert, {len(left)} to convert by hand.")
        return 1 if pairs or left else 0

    decisions = decide(pairs, Catalogue.load())
    changed: list[Path] = []
    for p in py:
        text = p.read_text()
        if p == SRC / "core" / "i18n.py":
            continue
        new, _found = convert_python(text, decisions)
        if new != text:
            p.write_text(new)
            changed.append(p)
    for p in html:
        text = p.read_text()
        new = convert_template(text, decisions)
        if new != text:
            p.write_text(new)
            changed.append(p)
    for p in _test_files():
        text = p.read_text()
        if "import i18n_codemod" in text:  # the codemod's own tests hold pairs on purpose
            continue
        new = convert_test(text)
        if new != text:
            p.write_text(new)
            changed.append(p)
    changed_py = [str(p) for p in changed if p.suffix == ".py"]
    if changed_py:
        ruff = str(Path(sys.executable).parent / "ruff")
        subprocess.run([ruff, "check", "-q", "--fix", "--select", "I,F401", *changed_py])
        subprocess.run([ruff, "format", "-q", *changed_py], check=False)
    added = _update_catalogue(pairs, decisions)
    contexts = sum(1 for ctx in decisions.values() if ctx is not None)
    print(
        f"{sum(pairs.values())} pairs converted in {len(changed)} files; "
        f"{added} catalogue messages added; {contexts} with a context."
    )
    if not options.no_messages:
        refresh_catalogues()
    for line in leftovers():
        print("by hand:", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
