"""template.yaml: the validator's asynchronous invocations have an OnFailure queue that a function drains, and
the files bucket keeps versions (an import reads the one it validated) that expire like the files."""

from local.template import functions, load

TEMPLATE = load()
RESOURCES = TEMPLATE["Resources"]
FUNCTIONS = {f.logical_id: f for f in functions(TEMPLATE)}


def test_the_validators_s3_invocations_retry_twice_then_go_to_a_queue_a_function_drains():
    validator = FUNCTIONS["ValidatorFunction"]
    assert (validator.async_retries, validator.on_failure_queue) == (2, "UploadDeadLetterQueue")
    queue = RESOURCES["UploadDeadLetterQueue"]["Properties"]
    assert queue["SqsManagedSseEnabled"] is True and queue["MessageRetentionPeriod"] == 14 * 86400
    consumers = [f for f in FUNCTIONS.values() for s in f.sqs_sources if s["queue"] == "UploadDeadLetterQueue"]
    assert [f.logical_id for f in consumers] == ["DeadLetterFunction"]
    assert queue["VisibilityTimeout"] >= 6 * consumers[0].timeout


def test_dead_validation_requests_are_drained_too():
    consumers = [f.logical_id for f in FUNCTIONS.values() for s in f.sqs_sources
                 if s["queue"] == "ValidationDeadLetterQueue"]
    assert consumers == ["DeadLetterFunction"]
    queue = RESOURCES["ValidationDeadLetterQueue"]["Properties"]
    assert queue["VisibilityTimeout"] >= 6 * FUNCTIONS["DeadLetterFunction"].timeout


def test_the_files_bucket_is_versioned_and_replaced_versions_expire():
    bucket = RESOURCES["FilesBucket"]["Properties"]
    assert bucket["VersioningConfiguration"] == {"Status": "Enabled"}
    rules = {r["Id"]: r for r in bucket["LifecycleConfiguration"]["Rules"]}
    for rule in rules.values():
        if "ExpirationInDays" in rule:
            assert 1 <= rule["NoncurrentVersionExpiration"]["NoncurrentDays"] <= rule["ExpirationInDays"], rule["Id"]
    # a replaced upload may be the version a running import reads: it lives as long as a current upload
    assert rules["expire-uploads"]["NoncurrentVersionExpiration"]["NoncurrentDays"] == 7
