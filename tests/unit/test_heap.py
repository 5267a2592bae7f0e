"""The collector is tuned only in a Lambda execution environment of its own, never in the local stack's process."""

import gc

from donor_import import heap


def test_the_heap_is_settled_in_lambda_and_left_alone_elsewhere():
    before = gc.get_threshold()
    try:
        heap.settle_in_lambda({})
        assert gc.get_threshold() == before and gc.get_freeze_count() == 0
        heap.settle_in_lambda({"AWS_EXECUTION_ENV": "AWS_Lambda_python3.13"})
        assert gc.get_threshold()[0] == heap.YOUNG and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
