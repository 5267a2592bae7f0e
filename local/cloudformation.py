"""template.yaml as CloudFormation deploys it: SAM's transform, run offline, so Globals are merged into
each function and the roles, event source mappings and stages SAM generates can be checked."""

import copy
import os

from samtranslator.model.exceptions import InvalidDocumentException
from samtranslator.translator.transform import transform

from .template import load

_CODE_PROPERTIES = {"AWS::Serverless::Function": "CodeUri", "AWS::Serverless::LayerVersion": "ContentUri"}


class _NoManagedPolicies:
    """The translator asks IAM for managed policy ARNs by name; the template names none, so ask nothing."""

    def load(self) -> dict:
        return {}


def translate(template: dict | None = None) -> dict:
    """The CloudFormation template SAM would deploy (local code paths stand in as s3:// locations)."""
    sam = copy.deepcopy(template if template is not None else load())
    for resource in sam["Resources"].values():
        code = _CODE_PROPERTIES.get(resource["Type"])
        if code:
            resource["Properties"][code] = "s3://code/" + resource["Properties"][code]
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    try:
        return transform(sam, {}, _NoManagedPolicies())
    except InvalidDocumentException as error:
        raise ValueError("; ".join(str(cause) for cause in error.causes)) from error
