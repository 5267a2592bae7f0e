"""The API checks its settings as its module loads: a function deployed without a variable it needs fails its cold
start with a message naming the variable, not its first request."""

import pytest

from donor_import.config import Settings, SettingsError, settings
from local.lambdas import load_handler_module
from local.openapi import API_HANDLER

REQUIRED = {field.alias: "set" for field in Settings.model_fields.values() if field.is_required()}


@pytest.fixture
def environment(monkeypatch):
    for name, value in REQUIRED.items():
        monkeypatch.setenv(name, value)
    settings.cache_clear()
    yield monkeypatch
    settings.cache_clear()


def load_api():
    return load_handler_module(API_HANDLER, "cold_start_api_handler")


def test_the_api_loads_with_its_settings(environment):
    assert load_api().lambda_handler


def test_a_missing_variable_fails_the_cold_start_naming_it(environment):
    environment.delenv("FILES_BUCKET")
    with pytest.raises(SettingsError, match="FILES_BUCKET: missing"):
        load_api()


def test_a_variable_that_cannot_be_read_fails_the_cold_start_naming_it(environment):
    environment.setenv("BATCH_ROWS", "many")
    with pytest.raises(SettingsError, match="BATCH_ROWS: .*integer.*'many'"):
        load_api()


def test_every_function_of_the_template_is_given_every_required_setting():
    """Locally the functions share one process and so one environment: this is where a variable missing from
    one function's environment in the template shows before a deploy."""
    from local.template import functions, load

    for function in functions(load()):
        missing = set(REQUIRED) - set(function.environment)
        assert not missing, (function.logical_id, missing)
