"""Following a story: the timeline, related articles and versions."""
