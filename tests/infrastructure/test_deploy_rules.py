"""Rules AWS enforces (or will enforce) at deploy time that moto and cfn-lint do not check, asserted on the
CloudFormation SAM's transform produces (Globals merged into each function)."""

import re
from datetime import date, timedelta

import pytest

from local.cloudformation import translate
from local.template import load

SAM = load()
CFN = translate(SAM)
RESOURCES = CFN["Resources"]

# AWS's deprecation dates for the Python runtimes (Lambda runtimes page): after one, no function can be
# created or updated on it. A runtime missing here is unknown and fails the test.
PYTHON_DEPRECATIONS = {
    "python3.9": date(2025, 12, 15),
    "python3.10": date(2026, 6, 30),
    "python3.11": date(2027, 6, 30),
    "python3.12": date(2028, 10, 31),
    "python3.13": date(2029, 6, 30),
}
SUPPORT_AHEAD = timedelta(days=365)
HTTP_API_INTEGRATION_TIMEOUT = 30  # seconds: the most an HTTP API waits for a Lambda integration
# What CloudFormation and SQS take when a property is left out.
DEFAULT_FUNCTION_TIMEOUT = 3
DEFAULT_VISIBILITY_TIMEOUT = 30
DEFAULT_RETENTION = 345600


def of_type(kind: str) -> dict[str, dict]:
    return {name: r.get("Properties", {}) for name, r in RESOURCES.items() if r["Type"] == kind}


def function_timeout(logical_id: str) -> int:
    return of_type("AWS::Lambda::Function")[logical_id].get("Timeout", DEFAULT_FUNCTION_TIMEOUT)


def queue_sources() -> list[tuple[str, str]]:
    """(queue, function) for every SQS event source mapping."""
    found = []
    for mapping in of_type("AWS::Lambda::EventSourceMapping").values():
        source = mapping["EventSourceArn"].get("Fn::GetAtt", [None])[0]
        if RESOURCES.get(source, {}).get("Type") == "AWS::SQS::Queue":
            found.append((source, mapping["FunctionName"]["Ref"]))
    return found


def test_every_queue_of_an_event_source_stays_invisible_as_long_as_its_function_runs():
    sources = queue_sources()
    assert sources, "no SQS event source found"
    short = [(queue, function) for queue, function in sources
             if RESOURCES[queue]["Properties"].get("VisibilityTimeout", DEFAULT_VISIBILITY_TIMEOUT)
             < function_timeout(function)]
    assert short == []


def test_every_runtime_is_supported_for_at_least_another_year():
    runtimes = {f"{name}.Runtime": props.get("Runtime") for name, props in of_type("AWS::Lambda::Function").items()}
    for name, props in of_type("AWS::Lambda::LayerVersion").items():
        runtimes.update({f"{name}.CompatibleRuntimes[{i}]": r for i, r in enumerate(props["CompatibleRuntimes"])})
    for name, layer in SAM["Resources"].items():
        if layer["Type"] == "AWS::Serverless::LayerVersion":
            runtimes[f"{name}.Metadata.BuildMethod"] = layer.get("Metadata", {}).get("BuildMethod")
    horizon = date.today() + SUPPORT_AHEAD
    ending = {where: runtime for where, runtime in runtimes.items()
              if runtime not in PYTHON_DEPRECATIONS or PYTHON_DEPRECATIONS[runtime] < horizon}
    assert ending == {}, f"deprecated before {horizon} or unknown"


def test_the_api_function_answers_within_the_http_apis_integration_timeout():
    integrated = set()
    for api in of_type("AWS::ApiGatewayV2::Api").values():
        for operations in api["Body"]["paths"].values():
            for operation in operations.values():
                uri = operation["x-amazon-apigateway-integration"]["uri"]["Fn::Sub"]
                integrated.update(re.findall(r"\$\{(\w+)\.Arn\}", uri))
    assert integrated == {"ApiFunction"}
    assert all(function_timeout(f) <= HTTP_API_INTEGRATION_TIMEOUT for f in integrated)


def test_maximum_concurrency_of_queue_sources_is_within_what_lambda_accepts():
    caps = [m["ScalingConfig"]["MaximumConcurrency"] for m in of_type("AWS::Lambda::EventSourceMapping").values()
            if "ScalingConfig" in m]
    assert caps and all(2 <= cap <= 1000 for cap in caps), caps


def test_dead_letter_queues_keep_messages_longer_than_their_source_queues():
    queues = of_type("AWS::SQS::Queue")
    redriven = {name: props for name, props in queues.items() if "RedrivePolicy" in props}
    assert redriven
    for name, props in redriven.items():
        dead = queues[props["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0]]
        assert (dead.get("MessageRetentionPeriod", DEFAULT_RETENTION)
                > props.get("MessageRetentionPeriod", DEFAULT_RETENTION)), name


@pytest.mark.parametrize("function", ["ValidatorFunction", "ApiFunction"])
def test_the_validator_and_the_api_have_reserved_concurrency(function):
    reserved = of_type("AWS::Lambda::Function")[function].get("ReservedConcurrentExecutions")
    assert isinstance(reserved, int) and reserved > 0


def test_queue_sources_of_a_capped_function_are_capped_below_it():
    """Lambda throttling an SQS source's delivery counts as a receive: past maxReceiveCount the message
    goes to the dead-letter queue unprocessed. A function with reserved concurrency must cap its queue
    sources (MaximumConcurrency) within it."""
    functions = of_type("AWS::Lambda::Function")
    mappings = of_type("AWS::Lambda::EventSourceMapping").values()
    for name, function in functions.items():
        reserved = function.get("ReservedConcurrentExecutions")
        sources = [m for m in mappings if m["FunctionName"] == {"Ref": name}
                   and RESOURCES[m["EventSourceArn"]["Fn::GetAtt"][0]]["Type"] == "AWS::SQS::Queue"]
        if reserved is None or not sources:
            continue
        caps = [m.get("ScalingConfig", {}).get("MaximumConcurrency") for m in sources]
        assert None not in caps and sum(caps) <= reserved, name


def test_the_api_can_take_a_burst_the_stage_lets_through():
    stage = next(iter(of_type("AWS::ApiGatewayV2::Stage").values()))
    burst = stage["DefaultRouteSettings"]["ThrottlingBurstLimit"]
    assert of_type("AWS::Lambda::Function")["ApiFunction"]["ReservedConcurrentExecutions"] >= burst
