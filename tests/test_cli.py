"""The CLI through its runner, against real databases."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from gazetteer.cli import app

runner = CliRunner()


def test_lookup_prints_the_same_answer_as_the_api(client, seeded_url, use_database):
    use_database(seeded_url)
    result = runner.invoke(app, ["lookup", "海參崴", "--json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    api = client.get("/v1/search", params={"q": "海參崴", "limit": 5}).json()
    assert printed["items"] == api["items"]
    table = runner.invoke(app, ["lookup", "海參崴"])
    assert table.exit_code == 0
    assert "vladivostok" in table.output and "historical" in table.output


def test_lookup_of_nothing_says_so(seeded_url, use_database):
    use_database(seeded_url)
    result = runner.invoke(app, ["lookup", "Qwxzzy Plorb"])
    assert result.exit_code == 0
    assert "No place matches" in result.output


def test_migrate_then_seed_then_check(database_factory, use_database):
    use_database(database_factory.new_url())
    assert runner.invoke(app, ["migrate"]).exit_code == 0
    seeded = runner.invoke(app, ["seed"])
    assert seeded.exit_code == 0, seeded.output
    assert "Seed loaded" in seeded.output
    check = runner.invoke(app, ["seed", "--check"])
    assert check.exit_code == 0 and "Seed is valid" in check.output


def test_seed_check_reports_problems_and_fails(tmp_path, use_database, database_factory):
    use_database(database_factory.new_url())
    (tmp_path / "places").mkdir()
    (tmp_path / "sources").mkdir()
    (tmp_path / "places" / "x.yaml").write_text("id: x\nfeature_type: town\n", encoding="utf-8")
    result = runner.invoke(app, ["seed", "--check", "--seed-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "nothing was written" in result.output


def test_every_command_and_option_has_help():
    import typer.main

    command = typer.main.get_command(app)
    for name, sub in command.commands.items():  # type: ignore[attr-defined]
        assert sub.help, name
        for param in sub.params:
            assert getattr(param, "help", None) or (param.param_type_name == "argument" and param.help), f"{name} {param.name}"
