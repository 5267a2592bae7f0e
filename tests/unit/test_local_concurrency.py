"""The local stack reads each SQS event source's concurrency from the template as Lambda applies it."""

from local.template import UNCAPPED_SQS_CONCURRENCY, Function, functions, load


def source(max_concurrency=None) -> dict:
    return {"queue": "Q", "batch_size": 5, "batching_window": 1, "report_failures": True,
            "max_concurrency": max_concurrency}


def function(reserved=None) -> Function:
    return Function("F", "functions/f/", "handler.lambda_handler", 60, {}, reserved_concurrency=reserved)


def test_maximum_concurrency_within_reserved_concurrency():
    assert function().sqs_concurrency(source(20)) == 20
    assert function(reserved=8).sqs_concurrency(source(20)) == 8
    assert function(reserved=25).sqs_concurrency(source()) == UNCAPPED_SQS_CONCURRENCY
    assert function(reserved=3).sqs_concurrency(source()) == 3


def test_the_processor_source_as_the_template_declares_it():
    processor = next(f for f in functions(load()) if f.logical_id == "ProcessorFunction")
    (batches,) = processor.sqs_sources
    spec = load()["Resources"]["ProcessorFunction"]["Properties"]
    declared = spec["Events"]["Batches"]["Properties"]

    assert batches["batch_size"] == declared["BatchSize"]
    assert batches["batching_window"] == declared["MaximumBatchingWindowInSeconds"]
    assert processor.sqs_concurrency(batches) == min(declared["ScalingConfig"]["MaximumConcurrency"],
                                                     spec["ReservedConcurrentExecutions"])
