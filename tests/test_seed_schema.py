"""The JSON Schemas of the seed files: in sync with the input models, and true of the seed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from casetrack.cli import main
from casetrack.seed.schema import KINDS, file_name, schema_text
from tests.conftest import SEED

SCHEMA_DIR = SEED / "schema"


class Yaml12Loader(yaml.SafeLoader):
    """YAML as an editor's language server reads it (1.2 core schema): no timestamps, and only
    true/false are booleans."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _files_of(name: str) -> list[Path]:
    return sorted(SEED.glob(KINDS[name][1]))


@pytest.mark.parametrize("name", sorted(KINDS))
def test_the_schema_files_are_in_sync_with_the_models(name: str) -> None:
    path = SCHEMA_DIR / file_name(name)
    assert path.read_text(encoding="utf-8") == schema_text(name), "run: casetrack seed schema"


def test_seed_schema_writes_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["seed", "schema", str(tmp_path)])
    assert info.value.code in (0, None)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(file_name(n) for n in KINDS)
    assert capsys.readouterr().out.count("wrote ") == len(KINDS)
    for name in KINDS:
        assert (tmp_path / file_name(name)).read_text(encoding="utf-8") == schema_text(name)


@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_seed_file_names_its_schema_and_is_valid_against_it(name: str) -> None:
    schema = json.loads((SCHEMA_DIR / file_name(name)).read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    files = _files_of(name)
    assert files
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        target = (path.parent / first.removeprefix("# yaml-language-server: $schema=")).resolve()
        assert first.startswith("# yaml-language-server: $schema=") and target == (SCHEMA_DIR / file_name(name))
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader)
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
        assert errors == [], (path, errors[:5])


def test_the_schema_catches_what_an_editor_should_flag() -> None:
    validator = jsonschema.Draft202012Validator(json.loads((SCHEMA_DIR / "courts.schema.json").read_text("utf-8")))
    bad = [{"slug": "x", "name": "X", "jurisdiction": "federl", "sources": ["background:B01"], "nmae": "y"}]
    messages = sorted(e.message for e in validator.iter_errors(bad))
    assert any("'federl' is not one of ['federal', 'state']" in m for m in messages), messages
    assert any("'nmae' was unexpected" in m for m in messages), messages
