"""The watchdog's limit, derived from the batch queue, and the finalizer's queue and function, in template.yaml.
(What each function may call, the finalizer and the senders to its queue included, is tests/infrastructure's.)"""

from local.template import functions, load

TEMPLATE = load()
RESOURCES = TEMPLATE["Resources"]
SQS_MAX_VISIBILITY = 12 * 3600


def _queue(name: str) -> dict:
    return RESOURCES[name]["Properties"]


def test_the_watchdog_waits_longer_than_sqs_may_still_redeliver_a_batch():
    batches = _queue("BatchQueue")
    redelivered_within = batches["VisibilityTimeout"] * batches["RedrivePolicy"]["maxReceiveCount"]
    assert TEMPLATE["Parameters"]["StallSeconds"]["Default"] > redelivered_within
    assert TEMPLATE["Globals"]["Function"]["Environment"]["Variables"]["STALL_SECONDS"] == {"Ref": "StallSeconds"}


def test_the_watchdog_waits_longer_than_a_finalization_may_take():
    finalizer = RESOURCES["FinalizerFunction"]["Properties"]
    assert TEMPLATE["Parameters"]["StallSeconds"]["Default"] > finalizer["Timeout"]


def test_finalization_has_its_own_queue_function_time_and_memory():
    finalizer = next(f for f in functions(TEMPLATE) if f.logical_id == "FinalizerFunction")
    assert [s["queue"] for s in finalizer.sqs_sources] == ["FinalizeQueue"]
    assert finalizer.timeout == 900 and RESOURCES["FinalizerFunction"]["Properties"]["MemorySize"] >= 2048
    queue = _queue("FinalizeQueue")
    assert 6 * finalizer.timeout <= queue["VisibilityTimeout"] <= SQS_MAX_VISIBILITY
    assert queue["RedrivePolicy"]["deadLetterTargetArn"] == {"Fn::GetAtt": ["FinalizeDeadLetterQueue", "Arn"]}
    alarm = RESOURCES["FinalizeDeadLetterAlarm"]["Properties"]
    assert alarm["Dimensions"][0]["Value"] == {"Fn::GetAtt": ["FinalizeDeadLetterQueue", "QueueName"]}
    assert TEMPLATE["Globals"]["Function"]["Environment"]["Variables"]["FINALIZE_QUEUE_URL"] == {"Ref": "FinalizeQueue"}

