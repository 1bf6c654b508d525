"""Both cores: forked steps give the results and errors one after the other would, and a build
on two processes is byte for byte the build on one."""

import os

import pytest

from datasite.issues import DataError, Issue
from datasite.publish.parallel import jobs_wanted, run_all


def fail(message: str):
    raise DataError([Issue("data/x.csv", 3, "example", message)])


def test_results_come_back_in_call_order_from_the_children():
    calls = [lambda: os.getpid(), lambda: os.getpid(), lambda: "third"]
    first, second, third = run_all(calls, jobs=2)
    assert first == os.getpid()
    assert second != os.getpid()  # ran in a child
    assert third == "third"


def test_an_error_in_a_child_is_raised_whole_in_the_parent():
    with pytest.raises(DataError) as raised:
        run_all([lambda: 1, lambda: fail("from the child")], jobs=2)
    assert [(i.path, i.line, i.message) for i in raised.value.issues] == [
        ("data/x.csv", 3, "from the child")
    ]


def test_the_first_calls_error_wins_as_it_would_one_after_the_other():
    with pytest.raises(DataError) as raised:
        run_all([lambda: fail("first"), lambda: fail("second")], jobs=2)
    assert raised.value.issues[0].message == "first"


def test_a_child_that_dies_is_an_error_not_a_hang():
    with pytest.raises(RuntimeError, match="stopped"):
        run_all([lambda: 1, lambda: os._exit(3)], jobs=2)


@pytest.mark.parametrize("value, jobs", [("1", 1), ("3", 3), ("0", None), ("many", None)])
def test_datasite_jobs_sets_the_number_of_processes(value: str, jobs: int | None):
    assert jobs_wanted({"DATASITE_JOBS": value}) == (jobs or jobs_wanted({}))


# A build on two processes against one: tests/publish/test_partial_rebuild.py (its clean build).
