"""Each function's IAM policy, as SAM deploys it, grants what the function was recorded calling while the
integration and end-to-end tests ran, on resources matching what it called, and nothing more but the few
grants allowed below, each with its reason.

`make integration` and `make e2e` record into test-output/aws-calls/ (tests/conftest.py, local/aws_calls.py);
`make privileges` runs this module on those files, and fails when they are missing. Run alone, it skips
without them.
"""

import copy
import os

import pytest
from iam_policies import Allowed, local_refs, needs, policies, problems, resolve

from local import aws_calls
from local.cloudformation import translate
from local.template import ROOT, load

RECORDINGS = ROOT / "test-output" / "aws-calls"

# Managed policies SAM attaches, and why they may stay.
MANAGED = {
    "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole": "every function writes its own logs",
    "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess": "Tracing: Active sends X-Ray segments",
    "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole":
        "SAM's, for an SQS event source: Lambda's poller, not the code, receives and deletes with the role",
}

# Grants that no recorded call explains (a path no test reaches), and why each is there: (function or "*",
# action, resource as the template writes it, reason). Empty today: every grant is used by a recorded call.
# e.g. ("ValidatorFunction", "s3:GetObjectVersion", {"Fn::Sub": "arn:${AWS::Partition}:s3:::…/uploads/*"},
#       "reads the version it validated; only a retry after a second upload reaches it")
ALLOWED_IN_TEMPLATE: list[tuple[str, str, dict, str]] = [
    ("ValidatorFunction", "sqs:SendMessage", {"Fn::GetAtt": ["UploadDeadLetterQueue", "Arn"]},
     "SAM's, for the EventInvokeConfig OnFailure destination: Lambda, not the code, sends there with the role"),
    ("ValidatorFunction", "sqs:SendMessage", {"Fn::GetAtt": ["FinalizeQueue", "Arn"]},
     "asks for the finalization when every batch was counted before validation ended (a race no test forces)"),
]

SAM = load()


def recorded() -> list[aws_calls.Call]:
    files = sorted(RECORDINGS.glob("*.jsonl"))
    if not files:
        if os.environ.get("AWS_CALLS_REQUIRED"):
            pytest.fail(f"no recordings in {RECORDINGS}: run make integration e2e first")
        pytest.skip(f"no recordings in {RECORDINGS} (make integration e2e write them)")
    return [call for path in files for call in aws_calls.read(path)]


@pytest.fixture(scope="module")
def calls() -> list[aws_calls.Call]:
    return recorded()


@pytest.fixture(scope="module")
def refs():
    with pytest.MonkeyPatch.context() as env:
        for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                            "AWS_DEFAULT_REGION": "us-east-1"}.items():
            env.setenv(name, value)
        env.delenv("AWS_ENDPOINT_URL", raising=False)
        return local_refs(SAM)


def allowed(refs) -> list[Allowed]:
    return [Allowed(function, action, resolve(refs, resource), reason)
            for function, action, resource, reason in ALLOWED_IN_TEMPLATE]


def check(sam: dict, calls, refs) -> list[str]:
    needed = [need for call in calls for need in needs(call)]
    return problems(policies(translate(sam), refs), needed, allowed(refs), MANAGED)


def test_every_recorded_operation_is_mapped_to_its_iam_actions(calls):
    unmapped = set()
    for call in calls:
        try:
            needs(call)
        except KeyError as missing:
            unmapped.add(str(missing))
    assert unmapped == set(), "add them to iam_policies"


def test_every_function_was_recorded(calls):
    assert {call.function for call in calls} == {
        name for name, r in SAM["Resources"].items() if r["Type"] == "AWS::Serverless::Function"}


def test_each_function_is_granted_what_it_calls_and_nothing_unexplained(calls, refs):
    assert check(SAM, calls, refs) == []


def statements(sam: dict, function: str) -> list[dict]:
    return sam["Resources"][function]["Properties"]["Policies"][0]["Statement"]


def mutated(function: str, action: str, change) -> dict:
    """A copy of the template with `change` applied to the function's statement that grants `action`."""
    sam = copy.deepcopy(SAM)
    change(next(s for s in statements(sam, function) if action in s["Action"]))
    return sam


@pytest.mark.parametrize("function,action,widen,expected", [
    ("ValidatorFunction", "s3:GetObject", {"Action": ["s3:*"]}, "ValidatorFunction: s3:* on"),
    ("ValidatorFunction", "s3:GetObject",
     {"Resource": [{"Fn::Sub": "arn:${AWS::Partition}:s3:::${AWS::StackName}-files-${AWS::AccountId}/*"}]},
     "ValidatorFunction: s3:GetObject on arn:aws:s3:::donor-import-local-files-123456789012/* is wider"),
    ("ProcessorFunction", "dynamodb:BatchWriteItem", {"Resource": "*"},
     "ProcessorFunction: dynamodb:BatchWriteItem on * is wider"),
    ("FinalizerFunction", "s3:ListBucket", {"Condition": {}},
     "FinalizerFunction: s3:ListBucket on arn:aws:s3:::donor-import-local-files-123456789012 is wider than one prefix"),
    ("ApiFunction", "sqs:SendMessage", {"Action": ["sqs:SendMessage", "sqs:DeleteQueue"]},
     "ApiFunction: sqs:DeleteQueue on arn:aws:sqs:us-east-1:123456789012:donor-import-local-ValidationQueue is used"),
])
def test_a_widened_statement_fails(calls, refs, function, action, widen, expected):
    found = check(mutated(function, action, lambda statement: statement.update(widen)), calls, refs)
    assert any(p.startswith(expected) for p in found), found


def without(function: str, action: str) -> dict:
    """A copy of the template whose function is no longer granted `action` (emptied statements dropped)."""
    sam = copy.deepcopy(SAM)
    kept = statements(sam, function)
    for statement in kept:
        statement["Action"] = [a for a in statement["Action"] if a != action]
    kept[:] = [statement for statement in kept if statement["Action"]]
    return sam


@pytest.mark.parametrize("function,action", [("ValidatorFunction", "s3:GetObject"),
                                             ("ProcessorFunction", "dynamodb:BatchWriteItem"),
                                             ("ApiFunction", "sqs:SendMessage")])
def test_a_removed_action_fails(calls, refs, function, action):
    found = check(without(function, action), calls, refs)
    assert any(p.startswith(f"{function} is not granted {action} on ") for p in found), found
