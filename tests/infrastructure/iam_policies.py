"""The IAM side of least privilege: recorded AWS operations as the IAM actions and resource ARNs they need,
each function's policy as SAM deploys it, and the check that one grants the other and nothing more."""

import re
from dataclasses import dataclass, field
from urllib.parse import urlparse

from moto import mock_aws

from local import resources
from local.aws_calls import Call

PARTITION = "aws"

# The IAM actions an operation needs, by (service, operation). An operation missing here fails the check:
# add it with the action(s) AWS's service authorization reference gives.
S3_OBJECT_ACTIONS = {
    "GetObject": ["s3:GetObject"], "HeadObject": ["s3:GetObject"],
    "PutObject": ["s3:PutObject"], "PresignedPost": ["s3:PutObject"],
    # upload_file sends big files in parts: each part is authorized as s3:PutObject.
    "CreateMultipartUpload": ["s3:PutObject"], "UploadPart": ["s3:PutObject"],
    "CompleteMultipartUpload": ["s3:PutObject"], "AbortMultipartUpload": ["s3:AbortMultipartUpload"],
    "DeleteObject": ["s3:DeleteObject"],
}
# Reading a version by its id needs the version's own action.
S3_VERSION_ACTIONS = {"GetObject": ["s3:GetObjectVersion"], "HeadObject": ["s3:GetObjectVersion"]}
DYNAMODB_ACTIONS = {name: [f"dynamodb:{name}"] for name in (
    "GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem", "BatchWriteItem",
    "DescribeTable", "ConditionCheckItem")}
# Each item of a transaction is authorized as the single-item action it performs.
TRANSACT_ITEM_ACTIONS = {"Put": "dynamodb:PutItem", "Update": "dynamodb:UpdateItem",
                         "ConditionCheck": "dynamodb:ConditionCheckItem", "Delete": "dynamodb:DeleteItem",
                         "Get": "dynamodb:GetItem"}
SQS_ACTIONS = {"SendMessage": ["sqs:SendMessage"], "SendMessageBatch": ["sqs:SendMessage"],
               "ReceiveMessage": ["sqs:ReceiveMessage"], "DeleteMessage": ["sqs:DeleteMessage"],
               "DeleteMessageBatch": ["sqs:DeleteMessage"], "GetQueueAttributes": ["sqs:GetQueueAttributes"],
               "ChangeMessageVisibility": ["sqs:ChangeMessageVisibility"]}


@dataclass(frozen=True)
class Need:
    """One IAM action on one resource that a recorded call needs (s3:prefix for ListBucket)."""

    function: str
    action: str
    resource: str
    prefix: str | None = None


@dataclass(frozen=True)
class Grant:
    function: str
    action: str
    resource: str
    condition: dict = field(default_factory=dict, hash=False, compare=False)


def _table_arn(table: str, index: str | None = None) -> str:
    arn = f"arn:{PARTITION}:dynamodb:{resources.REGION}:{resources.ACCOUNT}:table/{table}"
    return f"{arn}/index/{index}" if index else arn


def _queue_arn(url: str) -> str:
    account, name = urlparse(url).path.strip("/").split("/")[-2:]
    return f"arn:{PARTITION}:sqs:{resources.REGION}:{account}:{name}"


def needs(call: Call) -> list[Need]:
    """The actions and resources one recorded call needs; KeyError for an operation not mapped yet."""
    params = call.resources()
    if call.service == "s3":
        bucket = f"arn:{PARTITION}:s3:::{params['Bucket']}"
        if call.operation == "ListObjectsV2":
            return [Need(call.function, "s3:ListBucket", bucket, params.get("Prefix", ""))]
        table = S3_VERSION_ACTIONS if params.get("VersionId") else S3_OBJECT_ACTIONS
        return [Need(call.function, action, f"{bucket}/{params['Key']}") for action in table[call.operation]]
    if call.service == "dynamodb":
        if call.operation == "TransactWriteItems":
            return [Need(call.function, TRANSACT_ITEM_ACTIONS[kind], _table_arn(table))
                    for kind, table in params["Items"]]
        tables = params.get("Tables") or [params["TableName"]]
        return [Need(call.function, action, _table_arn(table, params.get("IndexName")))
                for table in tables for action in DYNAMODB_ACTIONS[call.operation]]
    if call.service == "sqs":
        return [Need(call.function, action, _queue_arn(params["QueueUrl"])) for action in SQS_ACTIONS[call.operation]]
    raise KeyError(f"{call.service}:{call.operation}")


def local_refs(template: dict) -> resources.Refs:
    """What the template's references resolve to in the local stack, whose names the recordings carry."""
    with mock_aws():
        refs = resources.create_all(template, {}, visibility_timeout=None)
    refs.pseudo["AWS::Partition"] = PARTITION
    return refs


def resolve(refs: resources.Refs, value):
    """A template value (Ref, GetAtt, Sub in either form) as the local stack names it."""
    if isinstance(value, dict) and isinstance(value.get("Fn::Sub"), list):  # !Sub [text, {name: value}]
        text, variables = value["Fn::Sub"]
        resolved = {name: resolve(refs, v) for name, v in variables.items()}
        text = re.sub(r"\$\{(\w+)\}", lambda m: str(resolved.get(m.group(1), m.group(0))), text)
        return refs.resolve({"Fn::Sub": text})
    return refs.resolve(value)


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


@dataclass
class Policy:
    function: str
    grants: list[Grant]
    managed: list[str]


def policies(cfn: dict, refs: resources.Refs) -> dict[str, Policy]:
    """Each function's role as SAM deploys it: its inline Allow statements, resolved, and its managed ARNs."""
    found = {}
    for name, function in cfn["Resources"].items():
        if function["Type"] != "AWS::Lambda::Function":
            continue
        role = cfn["Resources"][function["Properties"]["Role"]["Fn::GetAtt"][0]]["Properties"]
        grants = [Grant(name, action, resolve(refs, resource), statement.get("Condition", {}))
                  for policy in role.get("Policies", [])
                  for statement in policy["PolicyDocument"]["Statement"] if statement["Effect"] == "Allow"
                  for action in _as_list(statement["Action"]) for resource in _as_list(statement["Resource"])]
        found[name] = Policy(name, grants, role.get("ManagedPolicyArns", []))
    return found


def matches(pattern: str, value: str) -> bool:
    """IAM's wildcards: * any run of characters, ? one character."""
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, value) is not None


def _condition_allows(grant: Grant, need: Need) -> bool:
    if not grant.condition:
        return True
    prefixes = [_as_list(grant.condition.get(op, {}).get("s3:prefix", [])) for op in ("StringLike", "StringEquals")]
    if set(grant.condition) - {"StringLike", "StringEquals"} or need.prefix is None:
        return False
    like, equal = prefixes
    return any(matches(p, need.prefix) for p in like) or need.prefix in equal


def grants(grant: Grant, need: Need) -> bool:
    return (grant.function == need.function and matches(grant.action, need.action)
            and matches(grant.resource, need.resource) and _condition_allows(grant, need))


# A resource pattern is narrow when it names one bucket, table, index or queue exactly, or objects under a
# fixed first key segment (uploads/…, errors/…): wildcards go after that segment only.
_NARROW = re.compile(r"arn:aws:(s3:::[^*?/]+(/[^*?/]+/.*)?|dynamodb:[^*?]+|sqs:[^*?]+)")


@dataclass(frozen=True)
class Allowed:
    """A grant no recorded call explains, and why it is there: (function or *, action, resource pattern)."""

    function: str
    action: str
    resource: str
    reason: str

    def covers(self, grant: Grant) -> bool:
        return (self.function in ("*", grant.function) and self.action == grant.action
                and self.resource == grant.resource)


def problems(policy_by_function: dict[str, Policy], needed: list[Need], allowed: list[Allowed],
             managed_allowed: dict[str, str]) -> list[str]:
    """What breaks least privilege: a needed action not granted, a grant wider than narrow, a grant that no
    recorded call uses and no allow-list entry explains, a managed policy not allowed."""
    found = []
    for need in needed:
        policy = policy_by_function.get(need.function)
        if policy is None or not any(grants(g, need) for g in policy.grants):
            found.append(f"{need.function} is not granted {need.action} on {need.resource}")
    for policy in policy_by_function.values():
        for grant in policy.grants:
            explained = any(a.covers(grant) for a in allowed)
            if not explained and not _NARROW.fullmatch(grant.resource):
                found.append(f"{grant.function}: {grant.action} on {grant.resource} is wider than one resource")
            elif not explained and grant.action == "s3:ListBucket" and not grant.condition:
                found.append(f"{grant.function}: {grant.action} on {grant.resource} is wider than one prefix")
            elif not explained and not any(n.action == grant.action and grants(grant, n) for n in needed):
                found.append(f"{grant.function}: {grant.action} on {grant.resource} is used by no recorded call")
        found += [f"{policy.function}: managed policy {arn} is not allowed" for arn in policy.managed
                  if arn not in managed_allowed]
    return found
