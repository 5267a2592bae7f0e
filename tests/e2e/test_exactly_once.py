"""A batch delivered to several processors at once is counted once, on the local stack as on AWS.

moto's own TransactWriteItems is not atomic under concurrent requests (it restores deep copies of whole
tables on a failed condition); this ran every delivery of a batch at the same moment against a table of
hundreds of items, which counted 71 of 60 batches before the local stack serialised DynamoDB.
"""

from concurrent.futures import ThreadPoolExecutor

import boto3

from donor_import.config import settings
from donor_import.data.imports_repo import Counting
from donor_import.data.stores import build
from donor_import.domain.import_record import Import

BATCHES, DELIVERIES = 60, 3


def test_concurrent_deliveries_of_each_batch_count_it_once(stack):
    table = boto3.resource("dynamodb").Table(settings().imports_table)
    with table.batch_writer() as writer:
        for n in range(300):
            writer.put_item(Item={"pk": "ORG#filler", "sk": f"IMPORT#{n:05d}", "note": "x" * 60})
    org_id, import_id = "org-exactly-once", "01JEXACTLYONCE0000000000000"
    imports = build().imports
    imports.create(Import(org_id=org_id, import_id=import_id, status="In Progress", stage="processing",
                          attempt=1))  # batches count only into an import that processes them
    deliveries = [batch for batch in range(BATCHES) for _ in range(DELIVERIES)]

    def deliver(batch: int) -> Counting:
        return imports.record_batch(org_id, import_id, 1, batch, processed=9, failed=1)

    with ThreadPoolExecutor(16) as pool:
        counted = list(pool.map(deliver, deliveries))

    record = table.get_item(Key={"pk": f"ORG#{org_id}", "sk": f"IMPORT#{import_id}"}, ConsistentRead=True)["Item"]
    assert counted.count(Counting.COUNTED) == BATCHES
    assert (record["batches_done"], record["rows_processed"], record["rows_failed"]) == (BATCHES, 9 * BATCHES, BATCHES)
