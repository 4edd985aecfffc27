"""The fork server's reload (``QueryRunner.reload``): what ``serve`` does after a rebuild.

Real processes: the fork server and its children are forked as in ``serve``; the jobs are
plain values, the "data" a tag the work answers with.
"""

from __future__ import annotations

import threading
import time
from functools import partial

from ld_events.sparql.forkserver import Failure, QueryRunner, Work


def tagged(tag: str, job: object) -> object:
    """A job is seconds to sleep; the answer names the data it ran over."""
    assert isinstance(job, float)
    time.sleep(job)
    return tag


def load(payload: object) -> Work:
    if payload == "unreadable":
        raise ValueError("dump/dataset.nt.gz cannot be read")
    return partial(tagged, str(payload))


def started(timeout: float = 10) -> QueryRunner:
    runner = QueryRunner(partial(tagged, "old"), timeout, workers=2, load=load)
    runner.start()
    return runner


def test_jobs_after_a_reload_run_over_the_new_data() -> None:
    runner = started()
    try:
        assert runner.run(0.0) == "old"
        assert runner.reload("new").result(timeout=10) is None
        assert runner.run(0.0) == "new"
    finally:
        runner.close()


def test_data_that_cannot_be_loaded_leaves_the_old_data_and_says_why() -> None:
    runner = started()
    try:
        assert runner.reload("unreadable").result(timeout=10) == (
            "dump/dataset.nt.gz cannot be read"
        )
        assert runner.run(0.0) == "old"
    finally:
        runner.close()


def test_a_running_job_ends_over_the_old_data_before_the_reload() -> None:
    runner = started()
    answers: list[object] = []
    try:
        job = threading.Thread(target=lambda: answers.append(runner.run(1.0)))
        job.start()
        time.sleep(0.3)  # the job is running
        reloaded = runner.reload("new")
        assert not reloaded.done()  # it waits for the running job
        assert reloaded.result(timeout=10) is None
        job.join(timeout=10)
        assert answers == ["old"]
        assert runner.run(0.0) == "new"
    finally:
        runner.close()


def test_a_job_past_its_deadline_is_still_stopped_while_a_reload_waits() -> None:
    runner = started(timeout=1)
    answers: list[object] = []
    try:
        job = threading.Thread(target=lambda: answers.append(runner.run(60.0)))
        job.start()
        time.sleep(0.3)
        began = time.monotonic()
        assert runner.reload("new").result(timeout=10) is None
        assert time.monotonic() - began < 5
        job.join(timeout=10)
        assert answers == [Failure.TIMED_OUT]
    finally:
        runner.close()


def test_a_reload_after_the_server_stopped_says_so() -> None:
    runner = started()
    runner.close()
    time.sleep(0.2)  # the runner sees its fork server end
    assert runner.reload("new").result(timeout=10) == Failure.STOPPED.value
