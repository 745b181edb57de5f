"""Work off the GUI thread: the write worker, the search pool, the index build process."""
