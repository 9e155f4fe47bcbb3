"""Whole-or-nothing file writes for the training scripts (exports, caches, evaluation JSON, checkpoints)."""
import contextlib
import os


@contextlib.contextmanager
def replacing(path):
    """Yields a temporary path beside `path`; moves it onto `path` when the block succeeds, deletes it otherwise,
    so that an interrupted write never leaves a half-written file where a later run would read it."""
    tmp = '%s.%d.tmp' % (path, os.getpid())
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
